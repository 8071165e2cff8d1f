// A test fake of the collector's ELBv2 port over a world that changes with time: every read is
// sent at the collector's clock, served some latency later (the state it answers is the world's
// then) and answered later still, as slow, throttled and retried reads are.
import type {
  NlbSnapshot,
  ReadInterval,
  RegionSnapshot,
  TargetHealthSample,
} from "../../../src/model/snapshot.ts";
import type { CollectorClock, SourceStats, TargetHealthSource } from "../../../src/ports/index.ts";

/** How long a read made at a time takes: until ELBv2 serves it, then until its answer arrives. */
export type Latency = (sentAt: number) => { served: number; answered: number };

export class TimelineSource implements TargetHealthSource {
  /** Runs before each read returns: a test holds one sweep here to let another go first. */
  beforeAnswer?: () => Promise<void>;
  readonly #world: (at: number) => NlbSnapshot[];
  readonly #clock: CollectorClock;
  readonly #latency: Latency;
  readonly #stats: SourceStats = { apiCalls: 0, throttled: 0, failed: 0 };

  constructor(
    world: (at: number) => NlbSnapshot[],
    clock: CollectorClock,
    latency: Latency = () => ({ served: 0, answered: 0 }),
  ) {
    this.#world = world;
    this.#clock = clock;
    this.#latency = latency;
  }

  async discover(
    region: string,
    select: (nlb: { name: string; tags: Record<string, string> }) => boolean,
  ): Promise<RegionSnapshot> {
    const { read, servedAt } = this.#read();
    await this.beforeAnswer?.();
    const loadBalancers = this.#world(servedAt).filter((nlb) => nlb.region === region && select(nlb));
    return { region, read, loadBalancers: structuredClone(loadBalancers), failures: new Map() };
  }

  async sampleTargetGroups(region: string, arns: string[]): Promise<Map<string, TargetHealthSample | Error>> {
    const { read, servedAt } = this.#read();
    await this.beforeAnswer?.();
    const groups = this.#world(servedAt)
      .filter((nlb) => nlb.region === region)
      .flatMap((nlb) => nlb.targetGroups);
    const out = new Map<string, TargetHealthSample | Error>();
    for (const arn of arns) {
      const group = groups.find((g) => g.arn === arn);
      out.set(
        arn,
        group ? { targets: structuredClone(group.targets), read } : new Error(`TargetGroupNotFound: ${arn}`),
      );
    }
    return out;
  }

  stats(): SourceStats {
    return { ...this.#stats };
  }

  #read(): { read: ReadInterval; servedAt: number } {
    this.#stats.apiCalls++;
    const sentAt = this.#clock.now();
    const { served, answered } = this.#latency(sentAt);
    return { read: { sentAt, receivedAt: sentAt + served + answered }, servedAt: sentAt + served };
  }
}
