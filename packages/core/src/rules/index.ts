// The pure rules of targetwatch: plain data and times in, plain data out. No I/O, no clock.
// The join rules (join-request.ts, sigv4-authorization.ts, joined-account.ts) are not listed
// here: only the lazily loaded join routes use them (through @targetwatch/core/join), and a
// module this index reaches is bundled with the API's cold start.

export {
  type AccountParticipant,
  accountParticipants,
  accountStageCounts,
  type LabelOf,
  labelsOf,
} from "./account-participants.ts";
export { type AccountReadOutcome, type AccountStatusInput, accountStatuses, roleHint } from "./accounts.ts";
export {
  isDetachedGroup,
  needsBurst,
  snapshotFromState,
  transitionalTargetGroups,
  withSampledTargets,
} from "./burst.ts";
export {
  classStageCounts,
  PROGRESS_POINTS_MAX,
  PROGRESS_WINDOW_MS,
  participantIdOf,
  recordProgress,
  statesByParticipant,
} from "./class-progress.ts";
export { type DiffInput, type DiffResult, diffNlb } from "./diff.ts";
export { markNlbError } from "./error.ts";
export { crossesGap, type GapPolicy } from "./gap.ts";
export { type HintInput, NORMAL_REGISTRATION_SECONDS, stuckHint } from "./hints.ts";
export { type HistogramBin, histogram } from "./histogram.ts";
export { compareLabels, groupByLabel, type LabelGroup, labelGroup } from "./labels.ts";
export { modeOf } from "./mode.ts";
export { compareTransitions, sortTransitions } from "./order.ts";
export { type Advice, PACING_THRESHOLDS, type Pacing, pacingAdvice } from "./pacing.ts";
export { type ParticipantStage, participantStage } from "./participant.ts";
export { instant, isOlderThan, nlbId, readInterval, readsOf, stateReceivedAt } from "./reads.ts";
export {
  accessOf,
  inScope,
  observationKey,
  observationKeyOf,
  scopeKey,
  scopeOf,
  scopesToWatch,
  workshopScopes,
} from "./scopes.ts";
export { type NlbIdentity, regionsToWatch, selectsNlb, workshopRegions } from "./selector.ts";
export {
  compareStages,
  emptyStageCounts,
  meetsGoal,
  type StageInput,
  type StageTarget,
  stageInputOf,
  stageOf,
  stageOfTargets,
  targetTypeOfId,
} from "./stage.ts";
export { stageSince } from "./stage-since.ts";
export { isDraining, isTransitional, TRANSITIONAL_STATES } from "./states.ts";
export {
  summarizeTargets,
  type TargetsSummary,
  type TimeToHealthyStats,
  timeToHealthyStats,
} from "./stats.ts";
export { isStuck, stuckSeconds, stuckTargets } from "./stuck.ts";
export {
  MAX_ALARM_DESCRIPTION_LENGTH,
  type StuckEntry,
  stuckAlarmBaseDescription,
  stuckAlarmDescription,
  stuckEntries,
} from "./stuck-alarm-description.ts";
export { type HealthyTiming, timeToHealthy } from "./time-to-healthy.ts";
export {
  accountOfArn,
  type ReplayedNlb,
  type StagePoint,
  type StageTimelineInput,
  stageTimeline,
} from "./timeline.ts";
export { applyTransitions, type NlbView, viewOf } from "./view.ts";
export {
  AccountLimitError,
  checkRoleName,
  hasAccount,
  newWorkshop,
  RoleNotAllowedError,
  replaceConfig,
  type WorkshopConfigInput,
  withAccount,
  withoutAccount,
} from "./workshop-config.ts";
