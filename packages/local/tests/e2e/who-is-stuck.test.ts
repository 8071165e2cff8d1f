import { PINNED_TIMING } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START, type SystemRig, startSystem } from "./rig.ts";

/**
 * Two participants in IP mode; at 2m both scale to 3 pods and participant-b's pod 2 is ready but
 * fails the NLB's health check (nothing listens on its port): the stuck participant.
 */
const TWO_PARTICIPANTS = `
name: who-is-stuck
region: us-west-2
clusters:
  - name: participant-a
    nodes: 2
    deployments: [{ namespace: ui, name: ui, replicas: 1 }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui, targetType: ip }]
  - name: participant-b
    nodes: 2
    deployments: [{ namespace: ui, name: ui, replicas: 1 }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui, targetType: ip }]
steps:
  - { at: 2m, action: scale, cluster: participant-a, deployment: ui/ui, replicas: 3 }
  - { at: 2m, action: scale, cluster: participant-b, deployment: ui/ui, replicas: 3 }
  - { at: 2m, action: failHealthCheck, cluster: participant-b, deployment: ui/ui, pod: 2, cause: not-listening }
`;

interface StuckTarget {
  cluster: string | null;
  accountId: string | null;
  region: string;
  loadBalancer: string;
  service: string | null;
  targetGroup: string;
  id: string;
  port: number;
  state: string;
  reason: string | null;
  description: string | null;
  since: string;
  notHealthySeconds: number;
}
interface Lb {
  name: string;
  arn: string;
  cluster: string;
  stuck: number;
}

describe("who is stuck: /stats and ?stuck=true (simulator → collector → DynamoDB Local → API)", () => {
  let rig: SystemRig;

  beforeAll(async () => {
    rig = await startSystem({ text: TWO_PARTICIPANTS }, { timing: PINNED_TIMING });
    // Past the 300 s threshold: the pod failing since about 2m is stuck from about 7m.
    for (let minute = 0; minute <= 10; minute++) await rig.sweepAt(minute);
  });
  afterAll(() => rig.close());

  it("names the participant, the NLB, the target, its state, AWS's reason and since when", async () => {
    // Act
    const { status, body } = await rig.get("/workshops/default/stats");
    const stuck = (body as { stuckTargets: StuckTarget[] }).stuckTargets;
    const lbs = ((await rig.get("/workshops/default/load-balancers")).body as { loadBalancers: Lb[] })
      .loadBalancers;
    const b = lbs.find((lb) => lb.cluster === "participant-b");
    const detail = (await rig.get(`/workshops/default/load-balancers/${b?.name}`)).body as {
      targets: { id: string; state: string; reason: string | null; description: string | null }[];
    };
    const failing = detail.targets.find((t) => t.state === "unhealthy");

    // Assess
    expect(status).toBe(200);
    expect(stuck).toHaveLength(1);
    const [one] = stuck;
    expect(one).toMatchObject({
      cluster: "participant-b",
      accountId: b?.arn.split(":")[4],
      region: "us-west-2",
      loadBalancer: b?.name,
      service: "ui/ui-nlb",
      id: failing?.id,
      state: "unhealthy",
      reason: "Target.FailedHealthChecks",
      description: failing?.description,
    });
    expect(one?.accountId).toMatch(/^\d{12}$/);
    expect(one?.description).toEqual(expect.any(String));
    // Not healthy since first seen, after the scale-out at 2m and by the 3-minute sweep at the latest.
    const since = Date.parse(one?.since ?? "");
    expect(since).toBeGreaterThan(START + 120_000);
    expect(since).toBeLessThanOrEqual(START + 180_000);
    expect(one?.notHealthySeconds).toBeCloseTo((rig.sim.clock.now() - since) / 1000, 0);
  });

  it("filters the NLBs to those with a stuck target with ?stuck=true, and to the others with ?stuck=false", async () => {
    const names = async (query: string) =>
      (
        (await rig.get(`/workshops/default/load-balancers${query}`)).body as { loadBalancers: Lb[] }
      ).loadBalancers
        .map((lb) => `${lb.cluster} ${lb.stuck}`)
        .sort();

    expect(await names("")).toEqual(["participant-a 0", "participant-b 1"]);
    expect(await names("?stuck=true")).toEqual(["participant-b 1"]);
    expect(await names("?stuck=false")).toEqual(["participant-a 0"]);
  });

  it("answers ?state=stuck with a 400 that points to ?stuck=true", async () => {
    const { status, body } = await rig.get("/workshops/default/load-balancers?state=stuck");
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain("use ?stuck=true for the NLBs with a stuck target");
  });
});
