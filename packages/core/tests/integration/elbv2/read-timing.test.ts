import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Simulator } from "@targetwatch/sim";
import {
  PINNED_TIMING,
  SIM_REGION as REGION,
  WORKSHOP_START as START,
  startScenarioFile,
} from "@targetwatch/testing/sim";
import { afterEach, describe, expect, it } from "vitest";
import { Elbv2TargetHealthSource } from "../../../src/adapters/elbv2/elbv2-target-health-source.ts";
import { diffNlb } from "../../../src/rules/index.ts";
import { clientAt } from "./rig.ts";

/**
 * Each attempt of a call takes `seconds` of simulated time before it is sent, and the first
 * attempt of every DescribeTargetHealth is throttled: a slow, retried read, as on a busy account.
 */
function slowAndThrottledOnce(client: ElasticLoadBalancingV2Client, sim: Simulator, seconds: number): void {
  const attempts = new Map<unknown, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sim.advance(seconds);
      const attempt = (attempts.get(args.input) ?? 0) + 1;
      attempts.set(args.input, attempt);
      if (context.commandName === "DescribeTargetHealthCommand" && attempt === 1) {
        throw Object.assign(new Error("Rate exceeded"), {
          name: "Throttling",
          $metadata: { httpStatusCode: 400 },
          $retryable: { throttling: true },
        });
      }
      return next(args);
    },
    { step: "finalizeRequest", priority: "low", name: "slowAndThrottledOnce" },
  );
}

describe("read intervals of ELBv2 answers", () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it("stamps a throttled, retried read with the attempt that was answered, so its window contains the change", async () => {
    // Prepare: the walkthrough's nodes register at 0 s and turn healthy at 90 s; a read of their
    // group starts at 85 s, is throttled and answered by its second attempt, 10 s later
    sim = await startScenarioFile("ip-mode.yaml", { timing: PINNED_TIMING });
    const clientFor = clientAt(sim.endpoint);
    const running = sim;
    const source = new Elbv2TargetHealthSource({ clientFor, now: () => running.clock.now() });
    sim.advance(60);
    const before = await source.discover(REGION, () => true);
    const nlb = before.loadBalancers[0];
    const group = nlb?.targetGroups[0];
    sim.clock.advanceTo(START + 85_000);
    slowAndThrottledOnce(clientFor(REGION), sim, 5);
    // Act
    const sample = (await source.sampleTargetGroups(REGION, [group?.arn ?? ""])).get(group?.arn ?? "");
    // Assess: sent at 95 s by the attempt that was answered, not at 85 s when the call began
    expect(sample).toMatchObject({
      read: { sentAt: START + 95_000, receivedAt: START + 95_000 },
      targets: [{ state: "healthy" }, { state: "healthy" }, { state: "healthy" }],
    });
    const previous = diffNlb({ snapshot: nlb, read: before.read }).next;
    const changed = diffNlb({
      previous,
      snapshot: {
        ...(nlb as NonNullable<typeof nlb>),
        targetGroups: [{ ...(group as NonNullable<typeof group>), ...(sample as object) }],
      },
    });
    for (const t of changed.transitions) {
      expect(t.observedBetween[0]).toBeLessThanOrEqual(START + 90_000);
      expect(t.observedBetween[1]).toBeGreaterThanOrEqual(START + 90_000);
    }
    expect(changed.transitions).toHaveLength(3);
  });
});
