import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Simulator } from "@targetwatch/sim";
import { SIM_CREDENTIALS, SIM_REGION } from "@targetwatch/testing/sim";
import { createElbv2Client, type Elbv2ClientOptions } from "../../../src/adapters/elbv2/elbv2-client.ts";

/** The production client, pointed at `endpoint` (the simulator or a proxy in front of it). */
export function clientAt(
  endpoint: string,
  options: Elbv2ClientOptions = {},
): (region: string) => ElasticLoadBalancingV2Client {
  const clients = new Map<string, ElasticLoadBalancingV2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = createElbv2Client(region, { endpoint, credentials: SIM_CREDENTIALS, ...options });
      clients.set(region, client);
    }
    return client;
  };
}

/** ⌈LBs/400⌉ + ⌈NLBs/20⌉ + ⌈TGs/400⌉ + groups of selected NLBs, counted from the simulator's own world. */
export function callFloor(sim: Simulator, selectedNlbArns: ReadonlySet<string>): number {
  const lbs = sim.world.loadBalancers(SIM_REGION);
  const nlbs = lbs.filter((lb) => lb.Type === "network");
  const tgs = sim.world.targetGroups(SIM_REGION);
  const selectedGroups = tgs.filter((tg) => tg.LoadBalancerArns.some((arn) => selectedNlbArns.has(arn)));
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  return (
    pages(lbs.length, 400) +
    Math.ceil(nlbs.length / 20) +
    (selectedNlbArns.size > 0 ? pages(tgs.length, 400) : 0) +
    selectedGroups.length
  );
}
