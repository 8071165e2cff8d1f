import { PINNED_TIMING } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START, type SystemRig, startSystem } from "./rig.ts";

interface Lb {
  name: string;
  mode: string;
  targetCount: number;
  cluster: string;
  service: string;
  targetsByState: Record<string, number>;
}
interface Target {
  id: string;
  port: number;
  targetType: string;
  state: string;
  registeredAt: string;
  timeToHealthySeconds: number | null;
}

/** What a facilitator sees of the NLB after a sweep: its mode and each target as type:state. */
async function look(rig: SystemRig): Promise<string> {
  const list = (await rig.get("/workshops/default/load-balancers")).body as { loadBalancers: Lb[] };
  const [lb] = list.loadBalancers;
  if (!lb) return "no NLB";
  const detail = (await rig.get(`/workshops/default/load-balancers/${lb.name}`)).body as {
    targets: Target[];
  };
  const targets = detail.targets.map((t) => `${t.targetType}:${t.state}`).sort();
  return `${lb.mode} ${lb.targetCount} [${targets.join(" ")}]`;
}

describe("the API during the ip-mode walkthrough (simulator → collector → DynamoDB Local → API)", () => {
  let rig: SystemRig;
  const seen: [number, string][] = [];

  beforeAll(async () => {
    // Every target healthy 90 s after registration, to check each answer to the second; the
    // collector tests compare spread timings with the simulator's truth.
    rig = await startSystem("ip-mode.yaml", { timing: PINNED_TIMING });
    for (let minute = 0; minute <= 9; minute++) {
      await rig.sweepAt(minute);
      seen.push([minute, await look(rig)]);
    }
  });
  afterAll(() => rig.close());

  it("shows instance mode with 3 targets → ip with 1 target initial → healthy → 3 targets, all healthy", () => {
    expect(seen).toEqual([
      [0, "instance 3 [instance:initial instance:initial instance:initial]"],
      [1, "instance 3 [instance:healthy instance:healthy instance:healthy]"],
      [2, "instance 3 [instance:healthy instance:healthy instance:healthy]"],
      // The switch: the listener moves to the ip group in place; the node targets are gone.
      [3, "ip 1 [ip:initial]"],
      [4, "ip 1 [ip:healthy]"],
      // kubectl scale --replicas 3 at 5m30s: the participant is in ip mode short of the goal, so
      // the 5-minute sweep keeps burst-sampling and sees the pods registered (once ready, at 5m35s).
      [5, "ip 3 [ip:healthy ip:initial ip:initial]"],
      [6, "ip 3 [ip:healthy ip:initial ip:initial]"],
      [7, "ip 3 [ip:healthy ip:healthy ip:healthy]"],
      [8, "ip 3 [ip:healthy ip:healthy ip:healthy]"],
      [9, "ip 3 [ip:healthy ip:healthy ip:healthy]"],
    ]);
  });

  it("names the cluster and the Kubernetes service of the NLB", async () => {
    const { body } = await rig.get("/workshops/default/load-balancers");
    const [lb] = (body as { loadBalancers: Lb[] }).loadBalancers;
    expect(lb).toMatchObject({ cluster: "eks-workshop", service: "ui/ui-nlb", mode: "ip" });
    expect(lb?.name).toMatch(/^k8s-ui-uinlb-[0-9a-f]{10}$/);
  });

  it("reports each target's time to healthy from its first sighting, against the simulator's truth", async () => {
    const list = (await rig.get("/workshops/default/load-balancers")).body as { loadBalancers: Lb[] };
    const detail = (await rig.get(`/workshops/default/load-balancers/${list.loadBalancers[0]?.name}`))
      .body as {
      targets: Target[];
    };
    const truth = rig.sim.world.truth();
    // Every target truly took 90 s; the collector counts from when it first saw the target, and
    // sees the two scaled-out pods when they register (burst sampling until the goal is met).
    const measured = detail.targets.map((t) => {
      const own = truth.filter((e) => e.targetId === t.id && e.port === t.port);
      const registered = own.find((e) => e.from === "new")?.at ?? Number.NaN;
      const healthy = own.find((e) => e.to === "healthy")?.at ?? Number.NaN;
      const seenLate = (Date.parse(t.registeredAt) - registered) / 1000;
      return [(healthy - registered) / 1000, seenLate, t.timeToHealthySeconds];
    });
    expect(measured.sort()).toEqual([
      [90, 0, 90],
      [90, 0, 90],
      [90, 0, 90],
    ]);
    const stats = (await rig.get("/workshops/default/stats")).body as {
      timeToHealthy: Record<string, { count: number; p50: number; p90: number; max: number }>;
      modes: Record<string, number>;
      stuckTargets: unknown[];
    };
    expect(stats.timeToHealthy.ip).toMatchObject({ count: 3, p50: 90, max: 90 });
    expect(stats.modes).toEqual({ instance: 0, ip: 1, mixed: 0, none: 0 });
    expect(stats.stuckTargets).toEqual([]);
  });

  it("keeps the node targets' time to healthy in /stats once they have left, with the current-only view on ?scope=current", async () => {
    // Act
    type Stats = {
      scope: string;
      targets: number;
      targetsSeen: number;
      timeToHealthy: Record<string, { count: number; p50?: number; max?: number }>;
    };
    const window = (await rig.get("/workshops/default/stats")).body as Stats;
    const current = (await rig.get("/workshops/default/stats?scope=current")).body as Stats;
    const bad = await rig.get("/workshops/default/stats?scope=today");
    // Assess: the 3 node targets took 90 s each and were deregistered at the switch (3m).
    expect(window).toMatchObject({ scope: "window", targets: 3, targetsSeen: 6 });
    expect(window.timeToHealthy.instance).toEqual({ count: 3, p50: 90, p90: 90, max: 90 });
    expect(window.timeToHealthy.ip).toMatchObject({ count: 3, p50: 90, max: 90 });
    expect(current).toMatchObject({ scope: "current", targets: 3, targetsSeen: 3 });
    expect(current.timeToHealthy.instance).toEqual({ count: 0 });
    expect(current.timeToHealthy.ip).toMatchObject({ count: 3, p50: 90, max: 90 });
    expect(bad.status).toBe(400);
  });

  it("lists the transitions newest first, with their timing, page by page", async () => {
    // Act: pages of 5
    const all: { at: string; kind: string; from: string; to: string; timeToHealthySeconds: number | null }[] =
      [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { body } = await rig.get(
        `/workshops/default/transitions?limit=5${token ? `&nextToken=${encodeURIComponent(token)}` : ""}`,
      );
      const page = body as { transitions: typeof all; nextToken?: string };
      all.push(...page.transitions);
      token = page.nextToken;
      pages++;
    } while (token && pages < 20);
    // Assess
    expect(all).toHaveLength(17);
    const times = all.map((t) => Date.parse(t.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const healthy = all.filter((t) => t.to === "healthy");
    expect(healthy.map((t) => [(Date.parse(t.at) - START) / 1000, t.timeToHealthySeconds])).toEqual([
      [425, 90],
      [425, 90],
      [270, 90],
      [90, 90],
      [90, 90],
      [90, 90],
    ]);
    expect(all.filter((t) => t.kind === "mode").map((t) => `${t.from}→${t.to}`)).toEqual(["instance→ip"]);
    expect(all.filter((t) => t.to === "deregistered").map((t) => `${t.from}→${t.to}`)).toEqual(
      Array(3).fill("healthy→deregistered"),
    );
  });

  it("shows the workshop summary with the last sweep", async () => {
    const { body } = await rig.get("/workshops");
    const [workshop] = (
      body as { workshops: { id: string; implicit: boolean; summary: Record<string, unknown> }[] }
    ).workshops;
    expect(workshop).toMatchObject({ id: "default", implicit: true });
    expect(workshop?.summary).toMatchObject({ loadBalancers: 1, targets: 3, stuck: 0, lastSweepErrors: [] });
    expect(workshop?.summary.targetsByState).toMatchObject({ healthy: 3 });
  });
});
