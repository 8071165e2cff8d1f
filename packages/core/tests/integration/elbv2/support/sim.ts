import { fileURLToPath } from "node:url";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  loadScenarioFile,
  parseScenario,
  type Scenario,
  type Simulator,
  startSimulator,
  VirtualClock,
} from "@targetwatch/sim";
import { createElbv2Client, type Elbv2ClientOptions } from "../../../../src/adapters/elbv2/elbv2-client.ts";

export const REGION = "us-west-2";
/** 2026-11-27T09:00:00Z: a workshop morning. */
export const START = Date.parse("2026-11-27T09:00:00Z");
/** Any credentials do: the simulator reads only the region from the SigV4 scope. */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDTARGETWATCHTEST", secretAccessKey: "test-secret" };

export function scenarioPath(name: string): string {
  return fileURLToPath(new URL(`../../../../../../scenarios/${name}`, import.meta.url));
}

export async function startScenarioFile(name: string): Promise<Simulator> {
  return startSimulator({
    scenario: await loadScenarioFile(scenarioPath(name)),
    clock: VirtualClock.manual({ start: START }),
  });
}

export async function startScenarioText(text: string): Promise<Simulator> {
  const scenario: Scenario = parseScenario(text, "test scenario");
  return startSimulator({ scenario, clock: VirtualClock.manual({ start: START }) });
}

/** `count` clusters each with one ui/ui-nlb Service (one NLB, one target group). */
export function classScenario(
  count: number,
  options: { targetType?: "instance" | "ip"; nodes?: number } = {},
): string {
  return `
name: class-of-${count}
region: ${REGION}
clusters:
  - name: c
    replicate: { count: ${count} }
    nodes: ${options.nodes ?? 3}
    deployments: [{ namespace: ui, name: ui, replicas: 1 }]
    services:
      - { namespace: ui, name: ui-nlb, deployment: ui/ui, targetType: ${options.targetType ?? "instance"} }
`;
}

/** The production client, pointed at `endpoint` (the simulator or a proxy in front of it). */
export function clientAt(
  endpoint: string,
  options: Elbv2ClientOptions = {},
): (region: string) => ElasticLoadBalancingV2Client {
  const clients = new Map<string, ElasticLoadBalancingV2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = createElbv2Client(region, { endpoint, credentials: TEST_CREDENTIALS, ...options });
      clients.set(region, client);
    }
    return client;
  };
}

/** ⌈LBs/400⌉ + ⌈NLBs/20⌉ + ⌈TGs/400⌉ + groups of selected NLBs, counted from the simulator's own world. */
export function callFloor(sim: Simulator, selectedNlbArns: ReadonlySet<string>): number {
  const lbs = sim.world.loadBalancers(REGION);
  const nlbs = lbs.filter((lb) => lb.Type === "network");
  const tgs = sim.world.targetGroups(REGION);
  const selectedGroups = tgs.filter((tg) => tg.LoadBalancerArns.some((arn) => selectedNlbArns.has(arn)));
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  return (
    pages(lbs.length, 400) +
    Math.ceil(nlbs.length / 20) +
    (selectedNlbArns.size > 0 ? pages(tgs.length, 400) : 0) +
    selectedGroups.length
  );
}
