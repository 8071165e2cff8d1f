import { accountDirectoryFor } from "./accounts/from-scenario.ts";
import { SimAccounts } from "./accounts/sim-accounts.ts";
import { VirtualClock } from "./clock.ts";
import { CloudWatchSim } from "./cloudwatch/cloudwatch-sim.ts";
import { createControlApi } from "./control/control-api.ts";
import { type FaultConfig, FaultInjector } from "./faults/fault-injector.ts";
import { buildWorld } from "./scenario/build-world.ts";
import { type Scenario, scenarioSchema } from "./scenario/schema.ts";
import { startSimulatorServer } from "./server.ts";
import type { World, WorldAction } from "./world/world.ts";

export interface SimulatorOptions {
  /** The world and its timeline; an empty world when omitted. */
  scenario?: Scenario;
  /**
   * Drives simulated time. Tests pass `VirtualClock.manual(...)` and call `advance`; by default
   * a live clock at `speed` starting at the scenario's `start` (or now).
   */
  clock?: VirtualClock;
  /** Simulated seconds per wall second for the default live clock; 0 for a manual clock. */
  speed?: number;
  port?: number;
  host?: string;
  /** Overrides the scenario's `faults`. */
  faults?: FaultConfig;
  /** One line per thing that happens in the world ("service ui/ui-nlb patched to ip mode …"). */
  log?: (line: string) => void;
  /**
   * Wall ms between background ticks that move the world and evaluate alarms even when nobody
   * calls (so alarm notifications happen on time in a live run). 0 disables; default 250 for a
   * live clock and 0 for a manual one, whose time only moves when told to.
   */
  tickMs?: number;
  /**
   * Real time in epoch ms, where AWS compares with the caller's own clock: SigV4 signing dates
   * (15 minutes either way) and the expiry of issued credentials. Default `Date.now`; tests move it.
   */
  wallClock?: () => number;
}

export interface Simulator {
  /** `http://127.0.0.1:<port>`: use it as `AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2`, `AWS_ENDPOINT_URL_CLOUDWATCH` and `AWS_ENDPOINT_URL_STS`. */
  endpoint: string;
  port: number;
  /** Region of unsigned requests and of clusters that name none. */
  region: string;
  clock: VirtualClock;
  world: World;
  /** The monitor account's CloudWatch (every other account's is in `accounts`). */
  cloudwatch: CloudWatchSim;
  /** The accounts, their roles, the credentials issued in them, and each one's CloudWatch. */
  accounts: SimAccounts;
  faults: FaultInjector;
  /** Simulated epoch ms of t = 0. */
  start: number;
  /** Applies a world action now. */
  apply(action: WorldAction): void;
  /** Moves simulated time forward and lets everything due happen. */
  advance(seconds: number): void;
  stop(): Promise<void>;
}

/**
 * Starts the workshop simulator in-process on a free port (or `port`).
 *
 * @example
 * const sim = await startSimulator({ scenario: await loadScenarioFile("scenarios/ip-mode.yaml"),
 *   clock: VirtualClock.manual({ start: Date.parse("2026-11-27T09:00:00Z") }) });
 * sim.advance(90); // the three instance targets are healthy now
 * await sim.stop();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const scenario = options.scenario ?? scenarioSchema.parse({ name: "empty" });
  const scenarioStart = scenario.start ? Date.parse(scenario.start) : undefined;
  const clock =
    options.clock ??
    (options.speed === 0
      ? VirtualClock.manual({ start: scenarioStart ?? Date.now() })
      : VirtualClock.live({
          speed: options.speed ?? 1,
          ...(scenarioStart !== undefined ? { start: scenarioStart } : {}),
        }));
  const start = clock.now();
  const log = options.log;
  const world = buildWorld(
    scenario,
    start,
    log ? (at, message) => log(`[t+${formatElapsed(at - start)}] ${message}`) : undefined,
  );
  const cloudwatch = new CloudWatchSim({ clock, accountId: scenario.accountId });
  const accounts = new SimAccounts({
    directory: accountDirectoryFor(scenario),
    world,
    clock,
    monitorCloudWatch: cloudwatch,
    wallClock: options.wallClock ?? Date.now,
  });
  const faults = new FaultInjector(options.faults ?? scenario.faults ?? {}, undefined, world);
  const sync = (now: number) => world.advanceTo(now);
  const server = await startSimulatorServer(
    {
      clock,
      accountId: scenario.accountId,
      defaultRegion: scenario.region,
      accounts,
      faults,
      control: createControlApi({ clock, world, cloudwatch, accounts, faults, start }),
      beforeRequest: sync,
    },
    {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host ? { host: options.host } : {}),
    },
  );
  const tickMs = options.tickMs ?? (clock.speed > 0 ? 250 : 0);
  const ticker =
    tickMs > 0
      ? setInterval(() => {
          const now = clock.now();
          world.advanceTo(now);
          accounts.evaluateAlarms(now);
        }, tickMs)
      : undefined;
  ticker?.unref();

  return {
    endpoint: server.endpoint,
    port: server.port,
    region: scenario.region,
    clock,
    world,
    cloudwatch,
    accounts,
    faults,
    start,
    apply: (action) => {
      world.advanceTo(clock.now());
      world.apply(action);
    },
    advance: (seconds) => {
      clock.advance(seconds * 1000);
      world.advanceTo(clock.now());
      accounts.evaluateAlarms(clock.now());
    },
    stop: async () => {
      if (ticker) clearInterval(ticker);
      await server.close();
    },
  };
}

/** `95000` → `1m35s`, as scenario files write times. */
export function formatElapsed(ms: number): string {
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return m > 0 ? `${m}m${String(s).padStart(2, "0")}s` : `${s}s`;
}
