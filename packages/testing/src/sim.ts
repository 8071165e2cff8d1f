import { fileURLToPath } from "node:url";
import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  type FaultConfig,
  loadScenarioFile,
  parseScenario,
  type Scenario,
  type Simulator,
  startSimulator,
  VirtualClock,
} from "@targetwatch/sim";

/** 2026-11-27T09:00:00Z, a workshop morning: where simulated time starts unless a test says otherwise. */
export const WORKSHOP_START = Date.parse("2026-11-27T09:00:00.000Z");
/** The region of the repository's scenarios. */
export const SIM_REGION = "us-west-2";
/**
 * Static keys: the simulator answers them as the monitor account (its collector) without checking
 * the signature, reading only the region from the SigV4 scope. Credentials it issued itself (its
 * AssumeRole's, an account's own) are verified and answered as their account.
 */
export const SIM_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/** Options of the simulator rigs. */
export interface SimRigOptions {
  /** Simulated epoch ms the manual clock starts at. Default: {@link WORKSHOP_START}. */
  start?: number;
  /** Overrides the scenario's faults. */
  faults?: FaultConfig;
  /** Overrides the scenario's seed: the same walkthrough with other draws of its spread timings. */
  seed?: number;
  /** Overrides some of the scenario's timings, e.g. `PINNED_TIMING`. */
  timing?: Partial<Scenario["timing"]>;
}

/**
 * Every target healthy exactly 90 s after registration (60 s registering, then three checks
 * 10 s apart), as the simulator played it before its timings were spread: for tests that
 * check times to the second.
 */
export const PINNED_TIMING: Partial<Scenario["timing"]> = {
  registrationDelaySeconds: 60,
  healthCheckPhase: "aligned",
};

/** The absolute path of a scenario in the repository's `scenarios/` folder, e.g. `ip-mode.yaml`. */
export function scenarioPath(name: string): string {
  return fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));
}

/**
 * The simulator playing a scenario of the repository (`ip-mode.yaml`), on a manual
 * {@link VirtualClock}: simulated time moves only when the test moves it.
 */
export async function startScenarioFile(name: string, options: SimRigOptions = {}): Promise<Simulator> {
  return startOn(await loadScenarioFile(scenarioPath(name)), options);
}

/** The simulator playing a scenario written in the test (YAML), on a manual {@link VirtualClock}. */
export function startScenarioText(text: string, options: SimRigOptions = {}): Promise<Simulator> {
  return startOn(parseScenario(text, "test scenario"), options);
}

/** The simulator with an empty world (CloudWatch only, say), on a manual {@link VirtualClock}. */
export function startEmptySimulator(options: SimRigOptions = {}): Promise<Simulator> {
  return startOn(undefined, options);
}

function startOn(scenario: Scenario | undefined, options: SimRigOptions): Promise<Simulator> {
  if (scenario && options.seed !== undefined) scenario.seed = options.seed;
  if (scenario && options.timing) scenario.timing = { ...scenario.timing, ...options.timing };
  return startSimulator({
    ...(scenario ? { scenario } : {}),
    clock: VirtualClock.manual({ start: options.start ?? WORKSHOP_START }),
    ...(options.faults ? { faults: options.faults } : {}),
  });
}

/** A real ELBv2 SDK client against the simulator, for {@link SIM_REGION}; `config` overrides any setting. */
export function elbv2ClientFor(
  sim: Simulator,
  config: Partial<ElasticLoadBalancingV2ClientConfig> = {},
): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({
    region: SIM_REGION,
    endpoint: sim.endpoint,
    credentials: SIM_CREDENTIALS,
    ...config,
  });
}

/** A real CloudWatch SDK client against the simulator, for {@link SIM_REGION}; `config` overrides any setting. */
export function cloudWatchClientFor(
  sim: Simulator,
  config: Partial<CloudWatchClientConfig> = {},
): CloudWatchClient {
  return new CloudWatchClient({
    region: SIM_REGION,
    endpoint: sim.endpoint,
    credentials: SIM_CREDENTIALS,
    ...config,
  });
}
