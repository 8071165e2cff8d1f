import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { VirtualClock } from "../../src/clock.ts";
import type { FaultInjector } from "../../src/faults/fault-injector.ts";
import { type RunningServer, startSimulatorServer } from "../../src/server.ts";
import type { ElbReadModel } from "../../src/world/elb-view.ts";
import { CREATED_AT } from "./fixtures.ts";

export const REGION = "us-west-2";

export interface Elbv2Simulator {
  server: RunningServer;
  /** A real SDK client signed for `region` (default us-west-2) against the simulator. */
  client(config?: Partial<ElasticLoadBalancingV2ClientConfig>): ElasticLoadBalancingV2Client;
  /** POSTs an awsQuery form without signing it, as curl would. */
  post(form: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startElbv2Simulator(
  model: ElbReadModel,
  faults?: FaultInjector,
): Promise<Elbv2Simulator> {
  const server = await startSimulatorServer({
    clock: VirtualClock.manual({ start: CREATED_AT + 3_600_000 }),
    defaultRegion: REGION,
    elb: model,
    ...(faults ? { faults } : {}),
  });
  const clients: ElasticLoadBalancingV2Client[] = [];
  return {
    server,
    client(config = {}) {
      const client = new ElasticLoadBalancingV2Client({
        region: REGION,
        endpoint: server.endpoint,
        credentials: { accessKeyId: "AKIDSIMULATOR", secretAccessKey: "simulator-secret" },
        ...config,
      });
      clients.push(client);
      return client;
    },
    post(form, headers = {}) {
      return fetch(`${server.endpoint}/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(form).toString(),
      });
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
    },
  };
}
