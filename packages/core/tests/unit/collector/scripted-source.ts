// A test fake of the collector's ELBv2 port: each region answers what the test scripted.
import type {
  NlbSnapshot,
  ReadInterval,
  RegionSnapshot,
  TargetHealthSample,
  TargetObservation,
} from "../../../src/model/snapshot.ts";
import type { CollectorClock, SourceStats, TargetHealthSource } from "../../../src/ports/index.ts";

/** What discovery finds in a region: its NLBs (selected or not) and the ones it fails to read. */
export interface RegionScript {
  loadBalancers: NlbSnapshot[];
  failures?: Map<string, string>;
}

export class ScriptedSource implements TargetHealthSource {
  /** Region → what discovery finds there, or the Error it fails with; an unscripted region is empty. */
  readonly regions = new Map<string, RegionScript | Error>();
  /**
   * What a target group answers to a burst re-read at a time: its targets, an Error, or
   * `undefined` to leave it out of the answer. By default, its targets in the region's script.
   */
  health?: (targetGroupArn: string, at: number) => TargetObservation[] | Error | undefined;
  /**
   * The interval of a read made at a time: by default an instant. A test gives reads latency
   * (the read is then answered in the future of the clock, as a slow answer would be).
   */
  readInterval: (at: number) => ReadInterval = (at) => ({ sentAt: at, receivedAt: at });
  /** Region → the Error every burst re-read there fails with. */
  readonly samplingFailures = new Map<string, Error>();
  /** Every discovery: the region and the names of the NLBs the sweep selected. */
  readonly discoveries: { region: string; selected: string[] }[] = [];
  /** Every burst re-read: the region, the groups asked for, and when. */
  readonly samplings: { region: string; targetGroupArns: string[]; at: number }[] = [];
  /** When true, every read hangs until its signal aborts, as a stalled ELBv2 endpoint does. */
  stalled = false;
  #onStall: (() => void)[] = [];
  readonly #stats: SourceStats = { apiCalls: 0, throttled: 0, failed: 0 };
  readonly #clock: CollectorClock;

  constructor(clock: CollectorClock) {
    this.#clock = clock;
  }

  async discover(
    region: string,
    select: (nlb: { name: string; tags: Record<string, string> }) => boolean,
    signal?: AbortSignal,
  ): Promise<RegionSnapshot> {
    this.#stats.apiCalls++;
    await this.#hangWhileStalled(signal);
    const script = this.regions.get(region) ?? { loadBalancers: [] };
    if (script instanceof Error) {
      this.discoveries.push({ region, selected: [] });
      throw script;
    }
    const loadBalancers = structuredClone(script.loadBalancers.filter((nlb) => select(nlb)));
    this.discoveries.push({ region, selected: loadBalancers.map((nlb) => nlb.name) });
    return {
      region,
      read: this.readInterval(this.#clock.now()),
      loadBalancers,
      failures: new Map(script.failures),
    };
  }

  async sampleTargetGroups(
    region: string,
    targetGroupArns: string[],
    signal?: AbortSignal,
  ): Promise<Map<string, TargetHealthSample | Error>> {
    await this.#hangWhileStalled(signal);
    const at = this.#clock.now();
    this.samplings.push({ region, targetGroupArns: [...targetGroupArns], at });
    this.#stats.apiCalls += targetGroupArns.length;
    const failure = this.samplingFailures.get(region);
    if (failure) throw failure;
    const answers = new Map<string, TargetHealthSample | Error>();
    const read = this.readInterval(at);
    for (const arn of targetGroupArns) {
      const answer = this.health ? this.health(arn, at) : this.#scriptedTargets(region, arn);
      if (answer === undefined) continue;
      answers.set(arn, answer instanceof Error ? answer : { targets: structuredClone(answer), read });
    }
    return answers;
  }

  stats(): SourceStats {
    return { ...this.#stats };
  }

  /** Test setup: throttled calls the source reports (the real one counts its retries). */
  countThrottled(n: number): void {
    this.#stats.throttled += n;
  }

  /** Resolves once a read hangs on the stalled source. */
  untilStalled(): Promise<void> {
    return new Promise((resolve) => this.#onStall.push(resolve));
  }

  async #hangWhileStalled(signal: AbortSignal | undefined): Promise<void> {
    if (!this.stalled) return;
    for (const resolve of this.#onStall.splice(0)) resolve();
    await new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  }

  #scriptedTargets(region: string, targetGroupArn: string): TargetObservation[] | undefined {
    const script = this.regions.get(region);
    if (!script || script instanceof Error) return undefined;
    return script.loadBalancers
      .flatMap((nlb) => nlb.targetGroups)
      .find((group) => group.arn === targetGroupArn)?.targets;
  }
}
