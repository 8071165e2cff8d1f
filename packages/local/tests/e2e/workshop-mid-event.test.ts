import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SystemRig, startSystem } from "./rig.ts";

interface TransitionView {
  at: string;
  kind: string;
  from: string;
  to: string;
  target: { id: string } | null;
  timeToHealthySeconds: number | null;
}
interface TargetView {
  id: string;
  targetType: string;
  state: string;
  registeredAt: string;
  timeToHealthySeconds: number | null;
}

/**
 * The README's tour as a facilitator follows it mid-event: the default workshop has watched the
 * walkthrough for a while, then `PUT /workshops/con301` configures the event's workshop.
 */
describe("PUT /workshops/con301 in the middle of the ip-mode walkthrough", () => {
  let rig: SystemRig;
  let defaultTargets: TargetView[] = [];
  let defaultHistory: TransitionView[] = [];
  let transitions: TransitionView[] = [];
  let targets: TargetView[] = [];
  let defaultAfter: { status: number; body: unknown };

  beforeAll(async () => {
    // Prepare: the default workshop sweeps minutes 0–6 (the switch to ip mode at 3 min)
    rig = await startSystem();
    for (let minute = 0; minute <= 6; minute++) await rig.sweepAt(minute);
    const { body: list } = await rig.get("/workshops/default/load-balancers");
    const name = (list as { loadBalancers: { name: string }[] }).loadBalancers[0]?.name as string;
    const before = await rig.get(`/workshops/default/load-balancers/${name}`);
    defaultTargets = (before.body as { targets: TargetView[] }).targets;
    const history = await rig.get("/workshops/default/transitions?limit=500");
    defaultHistory = (history.body as { transitions: TransitionView[] }).transitions;
    // Act: the tour's PUT, then the sweeps until the end of the walkthrough
    const put = await rig.get("/workshops/con301", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "CON301", selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }] } }),
    });
    expect(put.status).toBe(201);
    for (let minute = 7; minute <= 12; minute++) await rig.sweepAt(minute);
    const page = await rig.get("/workshops/con301/transitions?limit=500");
    transitions = (page.body as { transitions: TransitionView[] }).transitions;
    const detail = await rig.get(`/workshops/con301/load-balancers/${name}`);
    targets = (detail.body as { targets: TargetView[] }).targets;
    defaultAfter = await rig.get("/workshops/default");
  }, 120_000);

  afterAll(() => rig?.close());

  it("keeps the targets' registration and time to healthy from before it was configured", () => {
    const healthyBefore = defaultTargets.filter((t) => t.state === "healthy");
    expect(healthyBefore.length).toBeGreaterThan(0);
    for (const before of healthyBefore) {
      expect(targets.find((t) => t.id === before.id)).toMatchObject({
        registeredAt: before.registeredAt,
        timeToHealthySeconds: before.timeToHealthySeconds,
      });
    }
  });

  it("brings along the NLB's history as the default workshop recorded it, windows and times to healthy alike", () => {
    const lastBefore = defaultHistory[0]?.at as string;
    expect(defaultHistory.map((t) => `${t.kind} ${t.from}→${t.to}`)).toContain("mode instance→ip");
    // Same transitions; those of one millisecond may list in another order (ids differ per workshop)
    const sorted = (list: TransitionView[]) => list.map((t) => JSON.stringify(t)).sort();
    expect(sorted(transitions.filter((t) => t.at <= lastBefore))).toEqual(sorted(defaultHistory));
  });

  it("records no registration, and no NLB appearing, for what it had simply not watched yet", () => {
    const known = new Set(defaultTargets.map((t) => t.id));
    const copied = new Set(defaultHistory.map((t) => JSON.stringify(t)));
    const invented = transitions.filter(
      (t) =>
        !copied.has(JSON.stringify(t)) &&
        (t.kind === "loadBalancer" || (t.from === "unregistered" && known.has(t.target?.id ?? ""))),
    );
    expect(invented).toEqual([]);
    // The pods that came after it was configured are registered, and timed, in it
    const registeredSince = transitions.filter(
      (t) => t.from === "unregistered" && !copied.has(JSON.stringify(t)),
    );
    expect(registeredSince.every((t) => !known.has(t.target?.id ?? ""))).toBe(true);
  });

  it("says where default went", () => {
    expect(defaultAfter.status).toBe(404);
    expect(JSON.stringify(defaultAfter.body)).toContain("configured now: con301");
  });
});
