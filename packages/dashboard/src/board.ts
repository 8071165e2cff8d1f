/**
 * The board: what `GET /workshops/{id}/board` answers, everything the page shows in one request.
 * The contract is `boardSchema` in `@targetwatch/core/contracts` (one definition for the API,
 * its OpenAPI document and this page); these are its output types under the page's names.
 * Type-only imports: no zod reaches the page's bundle.
 *
 * Times are ISO 8601 strings, absent values `null`. Fields named `…Seconds` that grow with time
 * (ages, time in stage, time stuck) are as of `generatedAt`; the page advances them by the time
 * since the answer arrived, which is also why a `304` can keep the page as it is.
 */
import type { boardSchema } from "@targetwatch/core/contracts";
import type { Stage, StageCounts, TargetState } from "@targetwatch/core/model";
import type * as z from "zod/mini";

export type { Stage, StageCounts, TargetState };

export type Board = z.output<typeof boardSchema>;
export type BoardParticipant = Board["participants"][number];
export type BoardTarget = BoardParticipant["targets"][number];
export type BoardStuckTarget = Board["stuck"][number];
export type TimeToHealthy = Board["timeToHealthy"]["ip"];
export type HistogramBin = TimeToHealthy["histogram"][number];
export type AccountProblem = Board["accounts"]["problems"][number];
export type AlarmState = NonNullable<Board["alarm"]>["state"];
export type AccountStatus = NonNullable<BoardParticipant["accountStatus"]>;
export type Advice = Board["headline"]["advice"];
export type BoardMode = BoardParticipant["mode"];
