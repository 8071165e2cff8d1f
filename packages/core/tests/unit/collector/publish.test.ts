import { describe, expect, it } from "vitest";
import { publish } from "../../../src/collector/phases/publish.ts";
import { finishSweep, type SweepContext } from "../../../src/collector/sweep-context.ts";
import type { MetricsSink, StuckAlarmDescriptions, SweepReport } from "../../../src/ports/index.ts";
import { REGION, s } from "../rules/fixtures.ts";
import {
  answered,
  OTHER_REGION,
  participantNlb,
  type SweepRig,
  stateOf,
  sweepRig,
  workshop,
} from "./fixtures.ts";

const p1 = participantNlb("k8s-ui-uinlb-p1");
const p2 = participantNlb("k8s-ui-uinlb-p2");

/** Workshop "a" watches p1, "b" p1 and p2: each with one pod registering since 0 s. */
async function sweptFor400Seconds(): Promise<{ rig: SweepRig; context: SweepContext }> {
  const rig = sweepRig(s(0));
  await rig.store.putWorkshop(workshop("a"));
  await rig.store.putWorkshop(workshop("b"));
  rig.store.seed("a", stateOf(p1, s(0)));
  rig.store.seed("b", stateOf(p1, s(0)));
  rig.store.seed("b", stateOf(p2, s(0)));
  const context = await rig.start();
  // What the phases before publish leave behind: an ELBv2 call, and a region read for "a".
  await rig.source.discover(REGION, () => true);
  const a = context.workshops.find((tracked) => tracked.workshop.id === "a");
  if (a) a.observedAt[REGION] = s(0);
  rig.clock.advanceTo(s(400));
  return { rig, context };
}

function recordingSink(): MetricsSink & { reports: SweepReport[] } {
  const reports: SweepReport[] = [];
  return { reports, publish: async (report) => void reports.push(structuredClone(report)) };
}

const noStages = { noNlb: 0, instance: 0, switching: 0, ipHealthy: 0, scaledOut: 0, done: 0 };
const initialTargets = (n: number) => expect.objectContaining({ initial: n, healthy: 0 });

describe("publish", () => {
  it("writes one heartbeat per workshop with its own targets and the sweep's figures", async () => {
    // Prepare
    const { rig, context } = await sweptFor400Seconds();
    context.errors.push("k8s-ui-uinlb-p9: DescribeTargetHealth: Rate exceeded");
    const writesBefore = rig.store.stats().writeRequests;
    // Act
    await publish(context, finishSweep(context));
    // Assess
    expect(rig.store.stats().writeRequests - writesBefore).toBe(2);
    expect(rig.store.heartbeat("a")).toEqual({
      workshopId: "a",
      at: s(400),
      durationMs: 400_000,
      apiCalls: 1,
      errors: ["k8s-ui-uinlb-p9: DescribeTargetHealth: Rate exceeded"],
      loadBalancers: 1,
      targets: 1,
      targetsByState: initialTargets(1),
      stuck: 1,
      regionsObservedAt: { [REGION]: s(0) },
      observedVersions: {},
      progress: [{ at: s(400), stages: { ...noStages, switching: 1 } }],
    });
    expect(rig.store.heartbeat("b")).toMatchObject({
      loadBalancers: 2,
      targets: 2,
      stuck: 2,
      regionsObservedAt: {},
    });
  });

  it("adds the class's stage counts to the previous heartbeat's progress series when they changed", async () => {
    // Prepare: the previous heartbeats saw "b" with one participant switching, "a" with none
    const { rig, context } = await sweptFor400Seconds();
    for (const tracked of context.workshops) {
      const previous = tracked.workshop.id === "b" ? { switching: 1, noNlb: 1 } : { switching: 1 };
      tracked.progress = [{ at: s(340), stages: { ...noStages, ...previous } }];
    }
    // Act
    await publish(context, finishSweep(context));
    // Assess: "a" unchanged keeps its one point, "b" (two participants switching now) gets a second
    expect(rig.store.heartbeat("a")?.progress).toEqual([
      { at: s(340), stages: { ...noStages, switching: 1 } },
    ]);
    expect(rig.store.heartbeat("b")?.progress).toEqual([
      { at: s(340), stages: { ...noStages, switching: 1, noNlb: 1 } },
      { at: s(400), stages: { ...noStages, switching: 2 } },
    ]);
  });

  it("keeps the time a region was last read in full when this sweep could not record it", async () => {
    // Prepare: the previous heartbeats knew both regions read at -60 s; this sweep recorded REGION for "a" only
    const { rig, context } = await sweptFor400Seconds();
    for (const tracked of context.workshops)
      tracked.readBefore = { [REGION]: s(-60), [OTHER_REGION]: s(-60) };
    // Act
    await publish(context, finishSweep(context));
    // Assess
    expect(rig.store.heartbeat("a")?.regionsObservedAt).toEqual({ [REGION]: s(0), [OTHER_REGION]: s(-60) });
    expect(rig.store.heartbeat("b")?.regionsObservedAt).toEqual({ [REGION]: s(-60), [OTHER_REGION]: s(-60) });
  });

  it("publishes the sweep's metrics: its counts, the heartbeats and every NLB of every workshop", async () => {
    // Prepare
    const { rig, context } = await sweptFor400Seconds();
    context.errors.push("one", "two");
    const sink = recordingSink();
    // Act
    await publish(context, finishSweep(context), { metrics: sink });
    // Assess
    expect(sink.reports).toEqual([
      {
        at: s(400),
        durationMs: 400_000,
        errors: 2,
        elbApiCalls: 1,
        conflicts: 0,
        workshops: [rig.store.heartbeat("a"), rig.store.heartbeat("b")],
        loadBalancers: [
          {
            workshopId: "a",
            loadBalancerName: p1.name,
            targets: 1,
            targetsByState: initialTargets(1),
            stuck: 1,
          },
          {
            workshopId: "b",
            loadBalancerName: p1.name,
            targets: 1,
            targetsByState: initialTargets(1),
            stuck: 1,
          },
          {
            workshopId: "b",
            loadBalancerName: p2.name,
            targets: 1,
            targetsByState: initialTargets(1),
            stuck: 1,
          },
        ],
      },
    ]);
  });

  it("still writes the other heartbeats and the metrics when one heartbeat fails, and counts the failure", async () => {
    // Prepare
    const { rig, context } = await sweptFor400Seconds();
    rig.store.beforeHeartbeat = (heartbeat) => {
      if (heartbeat.workshopId === "a") throw answered(500, "Internal server error");
    };
    const sink = recordingSink();
    // Act
    await publish(context, finishSweep(context), { metrics: sink });
    // Assess
    expect(context.errors).toEqual(["heartbeat a: Internal server error"]);
    expect(rig.store.heartbeat("a")).toBeUndefined();
    expect(rig.store.heartbeat("b")).toMatchObject({ errors: [] });
    expect(sink.reports[0]?.errors).toBe(1);
  });

  it("keeps the first 20 errors in a heartbeat, and counts them all in the metrics", async () => {
    // Prepare
    const { rig, context } = await sweptFor400Seconds();
    const errors = Array.from({ length: 25 }, (_, i) => `error ${i}`);
    context.errors.push(...errors);
    const sink = recordingSink();
    // Act
    await publish(context, finishSweep(context), { metrics: sink });
    // Assess
    expect(rig.store.heartbeat("a")?.errors).toEqual(errors.slice(0, 20));
    expect(sink.reports[0]?.errors).toBe(25);
  });

  it("records a failed metrics publication as the sweep's error", async () => {
    // Prepare
    const { context } = await sweptFor400Seconds();
    const failing: MetricsSink = { publish: () => Promise.reject(new Error("Throttling")) };
    // Act
    await publish(context, finishSweep(context), { metrics: failing });
    // Assess
    expect(context.errors).toEqual(["metrics: Throttling"]);
  });

  it("tells each workshop's alarm who is stuck before the metrics go out", async () => {
    // Prepare
    const { context } = await sweptFor400Seconds();
    const order: string[] = [];
    const described: Map<string, string>[] = [];
    const alarms: StuckAlarmDescriptions = {
      update: async (descriptions) => {
        order.push("descriptions");
        described.push(new Map(descriptions));
        return [...descriptions.keys()];
      },
    };
    const metrics: MetricsSink = { publish: async () => void order.push("metrics") };
    // Act
    await publish(context, finishSweep(context), { metrics, alarms });
    // Assess
    expect(order).toEqual(["descriptions", "metrics"]);
    const b = described[0]?.get("b") ?? "";
    expect(b).toMatch(/^Targets of workshop ".*" not healthy for more than \d+ s\. Stuck \(2\): /);
    expect(b).toContain(p1.name);
    expect(b).toContain(p2.name);
    expect(described[0]?.get("a")).toContain("Stuck (1): ");
  });

  it("records failed alarm descriptions as the sweep's error and still publishes the metrics", async () => {
    // Prepare
    const { context } = await sweptFor400Seconds();
    const sink = recordingSink();
    const alarms: StuckAlarmDescriptions = { update: () => Promise.reject(new Error("AccessDenied")) };
    // Act
    await publish(context, finishSweep(context), { metrics: sink, alarms });
    // Assess
    expect(context.errors).toEqual(["stuck alarm descriptions: AccessDenied"]);
    expect(sink.reports).toHaveLength(1);
  });
});
