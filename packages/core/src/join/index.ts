// Participants adding their own AWS account to a workshop (`POST /workshops/{id}/join`), and the
// join code that lets them: loaded by the API only when a join route is asked for.

export {
  checkJoinRequest,
  type JoinRefusal,
  type JoinRequestCheck,
  type JoinRequestExpectations,
  parseAmzDate,
  type SignedStsRequest,
  type StsForward,
} from "../rules/join-request.ts";
export { type JoinOutcome, withJoinedAccount } from "../rules/joined-account.ts";
export { parseSigV4Authorization, type SigV4Authorization } from "../rules/sigv4-authorization.ts";
export { joinCodeMatches, newJoinCode, revokeJoinCode, rotateJoinCode } from "./join-code.ts";
export { joinCodeView } from "./join-code-view.ts";
export {
  type JoinInput,
  JoinRefusedError,
  type JoinResult,
  type JoinStore,
  WorkshopJoin,
} from "./join-workshop.ts";
