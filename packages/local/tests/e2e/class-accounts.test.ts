// Issue 12's end-to-end test: `npm start` playing scenarios/class.yaml, a class where every
// participant has their own AWS account (32: 30 working, one that never deployed the participant
// template, one that pasted another external id), read through the API as a facilitator would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, pause, type RunningCli, startCli, userEnv } from "../start/cli-process.ts";

const TOKEN = "class-accounts-e2e-token-0123456789";
/**
 * Simulated seconds per real second: the last participant (starting 10m20s in) is done about 18
 * simulated minutes in, under five real ones. Faster, a sweep of 32 accounts on two shared cores
 * overruns its budget.
 */
const SPEED = 4;
const ACCOUNTS = Array.from({ length: 32 }, (_, i) => `2100000000${String(i + 1).padStart(2, "0")}`);
const MISSING_ROLE = "210000000007";
const WRONG_EXTERNAL_ID = "210000000013";
const BROKEN = [MISSING_ROLE, WRONG_EXTERNAL_ID];
const WORKING = ACCOUNTS.filter((a) => !BROKEN.includes(a));
const labelOf = (accountId: string) => `participant-${accountId.slice(-2)}`;

interface AccountView {
  accountId: string;
  label: string | null;
  status: string;
  message: string | null;
  hint: string | null;
  lastSweptAt: string | null;
  loadBalancers: number;
}
interface LoadBalancerView {
  name: string;
  accountId: string;
  label?: string | null;
  cluster: string | null;
  mode: string;
  targetCount: number;
  targetsByState: Record<string, number>;
}
interface TransitionView {
  kind: string;
  loadBalancer: string;
  accountId: string;
  from: string;
  to: string;
  target: { id: string; port: number } | null;
  targetGroup: string | null;
  timeToHealthySeconds: number | null;
}

let cli: RunningCli;
let url = "";
const get = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const listAccounts = async () =>
  (await get<{ accounts: AccountView[] }>("/workshops/class/accounts")).accounts;
const listLoadBalancers = async () =>
  (await get<{ loadBalancers: LoadBalancerView[] }>("/workshops/class/load-balancers?limit=100"))
    .loadBalancers;
const done = (lb: LoadBalancerView) =>
  lb.mode === "ip" && lb.targetCount === 3 && lb.targetsByState.healthy === 3;

/** Every reading of the accounts during the run: the working ones' last full read, per poll. */
const sweptTogether: { distinct: string[]; pending: number }[] = [];
let accounts: AccountView[] = [];
let loadBalancers: LoadBalancerView[] = [];

beforeAll(async () => {
  const port = await freePort();
  cli = startCli(
    "npm",
    [
      "start",
      "--",
      "--port",
      String(port),
      "--speed",
      String(SPEED),
      "--in-memory",
      "--scenario",
      "scenarios/class.yaml",
    ],
    userEnv({ TARGETWATCH_API_TOKEN: TOKEN }),
  );
  [, url = ""] = await cli.waitForLine(/^targetwatch API: (\S+)\s+token: (\S+)$/, 90_000);
  // Poll until every working participant is done (3 ip targets healthy); the deadline bounds it.
  const deadline = Date.now() + 420_000;
  for (;;) {
    accounts = await listAccounts();
    const working = accounts.filter((a) => WORKING.includes(a.accountId));
    sweptTogether.push({
      distinct: [...new Set(working.flatMap((a) => a.lastSweptAt ?? []))],
      pending: working.filter((a) => a.status === "pending").length,
    });
    loadBalancers = await listLoadBalancers();
    if (loadBalancers.filter(done).length >= WORKING.length || Date.now() > deadline) break;
    await pause(2_000);
  }
}, 540_000);

afterAll(async () => {
  if (!cli) return;
  cli.interrupt();
  await cli.finished(30_000).catch(() => cli.kill());
});

describe("npm start playing scenarios/class.yaml: a class of 32 participants, each in their own account", () => {
  it("lists the 30 working accounts ok with their labels, each with its NLB", () => {
    expect(accounts.map((a) => a.accountId)).toEqual(ACCOUNTS);
    for (const account of accounts) expect(account.label).toBe(labelOf(account.accountId));
    const ok = accounts.filter((a) => a.status === "ok");
    expect(ok.map((a) => a.accountId)).toEqual(WORKING);
    for (const account of ok) expect(account).toMatchObject({ message: null, hint: null, loadBalancers: 1 });
  });

  it("reports the two broken participants as roleNotAssumable, with AWS's refusal and the likely cause", () => {
    for (const accountId of BROKEN) {
      const account = accounts.find((a) => a.accountId === accountId);
      expect(account).toMatchObject({ status: "roleNotAssumable", lastSweptAt: null, loadBalancers: 0 });
      // AWS's words (the API shortens long messages).
      expect(account?.message).toContain(
        `AssumeRole of arn:aws:iam::${accountId}:role/TargetWatchReader: AccessDenied: User: arn:aws:sts::111111111111:assumed-role/targetwatch-collector/local is not authorized`,
      );
      // Never assumable: the template not deployed (participant-07) or deployed with another
      // external id (participant-13) look the same to STS; the hint says which is likely, and all three causes.
      expect(account?.hint).toContain("never been assumable");
      expect(account?.hint).toContain("not deployed in this account yet");
      expect(account?.hint).toContain("external id");
    }
  });

  it("read every working account in every sweep: nothing else is affected by the broken ones", () => {
    const read = sweptTogether.filter((reading) => reading.pending === 0);
    expect(read.length).toBeGreaterThan(10);
    // Every reading: the 30 working accounts' last full read is one and the same sweep.
    expect(read.filter((reading) => reading.distinct.length !== 1)).toEqual([]);
    // And the run saw the sweeps go by (one a simulated minute).
    expect(new Set(read.map((reading) => reading.distinct[0])).size).toBeGreaterThanOrEqual(10);
  });

  it("shows each working participant's NLB with its account, done: 3 ip targets healthy, and none of the broken ones'", () => {
    expect(loadBalancers.map((lb) => lb.accountId).sort()).toEqual(WORKING);
    for (const lb of loadBalancers) {
      expect(lb.cluster).toBe(labelOf(lb.accountId));
      if ("label" in lb) expect(lb.label).toBe(labelOf(lb.accountId));
      expect(done(lb)).toBe(true);
    }
  });

  it("lists the walkthrough's transitions per participant: instance → ip, each pod target initial → healthy", async () => {
    const transitions: TransitionView[] = [];
    let nextToken: string | undefined;
    do {
      const query = nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : "";
      const page = await get<{ transitions: TransitionView[]; nextToken?: string }>(
        `/workshops/class/transitions?limit=500${query}`,
      );
      transitions.push(...page.transitions);
      nextToken = page.nextToken;
    } while (nextToken);
    expect([...new Set(transitions.map((t) => t.accountId))].sort()).toEqual(WORKING);
    for (const accountId of WORKING) {
      const own = transitions.filter((t) => t.accountId === accountId);
      const modes = own.filter((t) => t.kind === "mode").map((t) => `${t.from}→${t.to}`);
      expect(modes, accountId).toEqual(["instance→ip"]);
      const ipTargets = new Set(
        own.filter((t) => t.kind === "target" && /^10\./.test(t.target?.id ?? "")).map((t) => t.target?.id),
      );
      expect(ipTargets.size, accountId).toBe(3);
      for (const id of ipTargets) {
        const path = own
          .filter((t) => t.kind === "target" && t.target?.id === id)
          .reverse()
          .map((t) => `${t.from}→${t.to}`);
        expect(path, `${accountId} ${id}`).toEqual(["unregistered→initial", "initial→healthy"]);
        const healthy = own.find((t) => t.target?.id === id && t.to === "healthy");
        expect(healthy?.timeToHealthySeconds, `${accountId} ${id}`).toBeGreaterThan(0);
      }
    }
  });

  it("names each participant in npm start's per-sweep lines", () => {
    const lines = cli.stdout.filter((line) => line.startsWith("  class k8s-"));
    for (const accountId of WORKING)
      expect(
        lines.some((line) => line.includes(`participant ${labelOf(accountId)} (account ${accountId})`)),
      ).toBe(true);
  });
});
