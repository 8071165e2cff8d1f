import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../src/clock.ts";
import { loadScenarioFile } from "../src/scenario/load.ts";
import { type Simulator, startSimulator } from "../src/simulator.ts";
import { fetchTruth, viewsFromTruth } from "../src/truth-views.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");

function client(endpoint: string): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({
    region: "us-west-2",
    endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}

/**
 * The three queries of the EKS Workshop page: find the NLB whose name contains k8s-ui-uinlb,
 * its target groups, and each group's target health. Answers "<type>:<state>" per target.
 */
async function workshopPage(elb: ElasticLoadBalancingV2Client): Promise<string[]> {
  const { LoadBalancers = [] } = await elb.send(new DescribeLoadBalancersCommand({}));
  const lb = LoadBalancers.find((l) => l.LoadBalancerName?.includes("k8s-ui-uinlb"));
  if (!lb) return [];
  const { TargetGroups = [] } = await elb.send(
    new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
  );
  const out: string[] = [];
  for (const tg of TargetGroups) {
    try {
      const { TargetHealthDescriptions = [] } = await elb.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }),
      );
      for (const d of TargetHealthDescriptions) out.push(`${tg.TargetType}:${d.TargetHealth?.State}`);
    } catch (error) {
      // In a live run a replaced group can be deleted between the two calls, as on AWS.
      if (!(error instanceof TargetGroupNotFoundException)) throw error;
    }
  }
  return out.sort();
}

describe("the ip-mode walkthrough through the real ELBv2 client", () => {
  let sim: Simulator;
  let elb: ElasticLoadBalancingV2Client;

  beforeAll(async () => {
    // Every target healthy exactly 90 s after registration, to check each phase's timing.
    const scenario = await loadScenarioFile("scenarios/ip-mode.yaml");
    scenario.timing = { ...scenario.timing, registrationDelaySeconds: 60, healthCheckPhase: "aligned" };
    sim = await startSimulator({ scenario, clock: VirtualClock.manual({ start: START }) });
    elb = client(sim.endpoint);
  });

  afterAll(async () => {
    elb.destroy();
    await sim.stop();
  });

  it("shows each phase at the simulated time the health model implies, never two groups at once", async () => {
    // Prepare: instant → expected page, simulated seconds from the start
    const timeline: [number, string[]][] = [
      [0, ["instance:initial", "instance:initial", "instance:initial"]],
      [90, ["instance:healthy", "instance:healthy", "instance:healthy"]],
      [179, ["instance:healthy", "instance:healthy", "instance:healthy"]],
      [180, ["ip:initial"]],
      [270, ["ip:healthy"]],
      // kubectl scale at 5m30s; the new pods are registered once ready, 5 s later
      [334, ["ip:healthy"]],
      [335, ["ip:healthy", "ip:initial", "ip:initial"]],
      [425, ["ip:healthy", "ip:healthy", "ip:healthy"]],
    ];
    const seen: [number, string[]][] = [];
    // Act
    for (const [seconds] of timeline) {
      sim.clock.advanceTo(START + seconds * 1000);
      seen.push([seconds, await workshopPage(elb)]);
    }
    // Assess
    expect(seen).toEqual(timeline);
  });
});

describe("npm run sim -- --scenario scenarios/ip-mode.yaml --speed 20", () => {
  it("plays the walkthrough in real time, under AWS's throttle, showing only what the truth implies", async () => {
    // Prepare
    const child = spawn(
      process.execPath,
      ["packages/sim/src/cli.ts", "--scenario", "scenarios/ip-mode.yaml", "--speed", "20", "--quiet"],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const exited = once(child, "exit");
    try {
      let endpoint = "";
      for await (const line of createInterface({ input: child.stdout })) {
        const match = /ready at (http:\/\/\S+)/.exec(line);
        if (match?.[1]) {
          endpoint = match[1];
          break;
        }
      }
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const elb = client(endpoint);
      // Act: poll the workshop page (3 calls, well inside the 10/s bucket every half second;
      // ~10 simulated seconds) until all three ip targets are healthy; the deadline bounds the loop.
      const phases: string[] = [];
      const deadline = Date.now() + 60_000;
      for (;;) {
        const page = (await workshopPage(elb)).join(",");
        if (phases.at(-1) !== page) phases.push(page);
        if (page === "ip:healthy,ip:healthy,ip:healthy" || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      elb.destroy();
      const truth = viewsFromTruth(await fetchTruth(endpoint)).map((view) => view.join(","));
      // Assess: every page seen is one the true states imply, in their order; the NLB never
      // shows two target groups (the listener moves in place) nor the replaced node targets
      expect(isSubsequence(phases, truth)).toBe(true);
      expect(phases[0]).toBe("instance:initial,instance:initial,instance:initial");
      expect(phases).toContain("instance:healthy,instance:healthy,instance:healthy");
      expect(phases).toContain("ip:initial");
      expect(phases.at(-1)).toBe("ip:healthy,ip:healthy,ip:healthy");
      expect(phases.some((p) => p.includes("instance") && p.includes("ip"))).toBe(false);
      expect(phases.some((p) => /draining|unused/.test(p))).toBe(false);
    } finally {
      child.kill("SIGINT");
      await exited;
    }
    expect(child.exitCode).toBe(0);
  }, 90_000);
});

/** Whether `seen` appears in `all` in the same order (not necessarily next to each other). */
function isSubsequence(seen: readonly string[], all: readonly string[]): boolean {
  let i = 0;
  for (const item of all) if (item === seen[i]) i++;
  return i === seen.length;
}
