import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { STSClient } from "@aws-sdk/client-sts";
import { VirtualClock } from "../../src/clock.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { type Simulator, startSimulator } from "../../src/simulator.ts";

export const START = Date.parse("2026-11-27T09:00:00.000Z");
export const REGION = "us-west-2";
export const MONITOR = "111111111111";
/** Alice deploys the participant template as told; Bob never does; Carol pastes another external id. */
export const ALICE = "210000000001";
export const BOB = "210000000002";
export const CAROL = "210000000003";
export const EXTERNAL_ID = "tw-7f3a9c2e41d8";
/** Any static key is the monitor's collector, unchecked, as tests and the local stack use them. */
export const STATIC_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const SCENARIO = `
name: sts-class
accountId: "${MONITOR}"
accounts:
  - { id: "${ALICE}", label: "Table 1 – Alice" }
  - { id: "${BOB}", label: "Table 2 – Bob", role: missing }
  - { id: "${CAROL}", label: "Table 3 – Carol", role: wrongExternalId }
clusters:
  - name: participant
    replicate: { count: 3, firstAccountId: "${ALICE}" }
    deployments: [{ namespace: ui, name: ui }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui }]
`;

export interface StsRig {
  sim: Simulator;
  /** Moves the simulator's real-time clock (signing dates, credential expiry) by `ms`. */
  passWallTime(ms: number): void;
  sts(credentials?: Credentials): STSClient;
  elbv2(credentials: Credentials): ElasticLoadBalancingV2Client;
  /** An account's own credentials (its IDE's), from the control API. */
  ownCredentials(accountId: string): Promise<Credentials & { arn: string }>;
  /** "Deploys the participant template" into every participant account, as each account's setting says. */
  deployParticipantRole(externalId?: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A class of three participants, each with one NLB in their own account, and the monitor account. */
export async function startStsRig(): Promise<StsRig> {
  let wallOffset = 0;
  const sim = await startSimulator({
    scenario: parseScenario(SCENARIO),
    clock: VirtualClock.manual({ start: START }),
    wallClock: () => Date.now() + wallOffset,
  });
  sim.advance(200);
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T): T => {
    clients.push(client);
    return client;
  };
  return {
    sim,
    passWallTime: (ms) => {
      wallOffset += ms;
    },
    sts: (credentials = STATIC_CREDENTIALS) =>
      track(new STSClient({ region: REGION, endpoint: sim.endpoint, credentials, maxAttempts: 1 })),
    elbv2: (credentials) =>
      track(new ElasticLoadBalancingV2Client({ region: REGION, endpoint: sim.endpoint, credentials })),
    ownCredentials: async (accountId) => {
      const response = await fetch(`${sim.endpoint}/_sim/accounts/${accountId}/credentials`);
      const { accessKeyId, secretAccessKey, sessionToken, arn } = (await response.json()) as Credentials & {
        arn: string;
      };
      return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), arn };
    },
    deployParticipantRole: async (externalId = EXTERNAL_ID) => {
      const response = await fetch(`${sim.endpoint}/_sim/accounts/role`, {
        method: "PUT",
        body: JSON.stringify({ externalId }),
      });
      return response.json();
    },
    close: async () => {
      for (const client of clients) client.destroy();
      await sim.stop();
    },
  };
}
