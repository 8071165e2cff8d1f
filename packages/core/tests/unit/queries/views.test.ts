import { describe, expect, it } from "vitest";
import { DEFAULT_WORKSHOP } from "../../../src/model/workshop.ts";
import { loadBalancerView, transitionView, workshopView } from "../../../src/queries/views.ts";
import { labelsOf } from "../../../src/rules/account-participants.ts";
import { IP_TG, NLB_ARN, REGION, s, state } from "../rules/fixtures.ts";

const healthyAfterGap = {
  kind: "target" as const,
  region: REGION,
  loadBalancerArn: NLB_ARN,
  loadBalancerName: "k8s-ui-uinlb-a9797f0f61",
  targetGroupArn: IP_TG,
  target: { id: "10.42.0.15", port: 8080 },
  from: "initial" as const,
  to: "healthy" as const,
  at: s(95),
};

describe("the API's views of gaps and time to healthy", () => {
  it("tells a transition's gap and its time to healthy with the bounds the windows allow", () => {
    const timed = transitionView({
      ...healthyAfterGap,
      observedBetween: [s(88), s(95)],
      timeToHealthySeconds: 93,
      timeToHealthyBounds: { min: 86, max: 95 },
    });
    const acrossGap = transitionView({ ...healthyAfterGap, observedBetween: [s(0), s(300)], gap: true });
    expect(timed).toMatchObject({
      gap: false,
      timeToHealthySeconds: 93,
      timeToHealthyBounds: { min: 86, max: 95 },
    });
    expect(acrossGap).toMatchObject({ gap: true, timeToHealthySeconds: null, timeToHealthyBounds: null });
    expect(
      transitionView({
        ...healthyAfterGap,
        observedBetween: [s(1), s(60)],
        timeToHealthySeconds: 59,
        timeToHealthyBounds: { min: 0 },
      }).timeToHealthyBounds,
    ).toEqual({ min: 0, max: null });
  });

  it("shows the workshop's latest gap: no data from … to …", () => {
    const heartbeat = {
      workshopId: "default",
      at: s(130),
      durationMs: 10_000,
      apiCalls: 5,
      errors: [],
      loadBalancers: 1,
      targets: 3,
      targetsByState: {},
      stuck: 0,
      lastGap: { from: s(0), to: s(120) },
    };
    expect(workshopView(DEFAULT_WORKSHOP, heartbeat, s(140), true).summary.lastGap).toEqual({
      from: new Date(s(0)).toISOString(),
      to: new Date(s(120)).toISOString(),
    });
    expect(workshopView(DEFAULT_WORKSHOP, undefined, s(140), true).summary.lastGap).toBeNull();
  });
});

describe("the API's views of the account an NLB is in", () => {
  it("tells each transition's account, read from its NLB's ARN", () => {
    const participant = NLB_ARN.replace(/:\d{12}:/, ":210000000007:");
    const view = transitionView({
      ...healthyAfterGap,
      loadBalancerArn: participant,
      observedBetween: [s(88), s(95)],
    });
    expect(view.accountId).toBe("210000000007");
  });

  it("tells each NLB's account, read from its ARN", () => {
    const participant = NLB_ARN.replace(/:\d{12}:/, ":210000000013:");
    const view = loadBalancerView(state([], { arn: participant }), { now: s(100), thresholdSeconds: 300 });
    expect(view.accountId).toBe("210000000013");
  });
});

describe("the API's views of the participant an NLB belongs to", () => {
  const participant = NLB_ARN.replace(/:\d{12}:/, ":210000000007:");
  const workshop = { accounts: [{ accountId: "210000000007", label: "Table 3 – Alice" }] };

  it("labels an NLB with its account's label as the workshop gives it now", () => {
    const labelled = loadBalancerView(state([], { arn: participant }), {
      now: s(100),
      thresholdSeconds: 300,
      workshop,
    });
    const relabelled = loadBalancerView(state([], { arn: participant }), {
      now: s(100),
      thresholdSeconds: 300,
      workshop: { accounts: [{ accountId: "210000000007", label: "Table 4 – Alice" }] },
    });
    expect([labelled.label, relabelled.label]).toEqual(["Table 3 – Alice", "Table 4 – Alice"]);
  });

  it("labels nothing for an account without a label, or a workshop without accounts", () => {
    const noLabel = { accounts: [{ accountId: "210000000007" }] };
    expect(
      loadBalancerView(state([], { arn: participant }), {
        now: s(100),
        thresholdSeconds: 300,
        workshop: noLabel,
      }).label,
    ).toBeNull();
    expect(
      loadBalancerView(state([], { arn: participant }), { now: s(100), thresholdSeconds: 300 }).label,
    ).toBeNull();
  });

  it("labels a transition with its NLB's account's label", () => {
    const view = transitionView(
      { ...healthyAfterGap, loadBalancerArn: participant, observedBetween: [s(88), s(95)] },
      labelsOf(workshop),
    );
    expect(view.label).toBe("Table 3 – Alice");
    expect(transitionView({ ...healthyAfterGap, observedBetween: [s(88), s(95)] }).label).toBeNull();
  });
});
