export type {
  Account,
  AccountDirectory,
  DeployedRole,
  RoleSetting,
  RoleTemplate,
} from "./accounts/account-directory.ts";
export {
  DEFAULT_ROLE_NAME,
  MONITOR_ROLE_NAME,
  PARTICIPANT_ROLE_NAME,
  type Principal,
} from "./accounts/principal.ts";
export type { SimAccounts } from "./accounts/sim-accounts.ts";
export { type Clock, VirtualClock } from "./clock.ts";
export type { AlarmNotification } from "./cloudwatch/cloudwatch-sim.ts";
export { type FaultConfig, FaultInjector, type FaultRule } from "./faults/fault-injector.ts";
export { SeededRandom, seedFromString } from "./random.ts";
export { loadScenarioFile, parseScenario, ScenarioError } from "./scenario/load.ts";
export type { Scenario, Step } from "./scenario/schema.ts";
export { formatElapsed, type Simulator, type SimulatorOptions, startSimulator } from "./simulator.ts";
export type { IssuedCredentials } from "./sts/credential-store.ts";
export {
  changeInstants,
  fetchTruth,
  type TruthChange,
  type TruthRecord,
  viewsFromTruth,
} from "./truth-views.ts";
export type { TargetHealthState, TargetType } from "./world/elb-view.ts";
export type { TruthEvent, WorldAction, WorldSummary } from "./world/world.ts";
