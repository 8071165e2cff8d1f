// Participants adding their own AWS account to a workshop (`POST /workshops/{id}/join`), and the
// join code that lets them: loaded by the API only when a join route is asked for.

export { joinCodeMatches, newJoinCode, revokeJoinCode, rotateJoinCode } from "./join-code.ts";
export { joinCodeView } from "./join-code-view.ts";
export {
  type JoinInput,
  JoinRefusedError,
  type JoinResult,
  type JoinStore,
  WorkshopJoin,
} from "./join-workshop.ts";
