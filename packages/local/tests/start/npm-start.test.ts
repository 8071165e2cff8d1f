import { fetchTruth, type TruthRecord, viewsFromTruth } from "@targetwatch/sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLI,
  type Exit,
  freePort,
  killAll,
  type ProcessInfo,
  pause,
  processTree,
  type RunningCli,
  startCli,
  userEnv,
  waitUntilGone,
} from "./cli-process.ts";

const TOKEN = "start-test-token-0123456789";
/** Simulated seconds per real second: the walkthrough's 8 simulated minutes in 30 real seconds. */
const SPEED = 16;
/**
 * The real time a sweep's reads take counts 16 times over in simulated seconds (300 ms of work on
 * a busy CI machine is 4.8 simulated s), so in this live run a read's time stamp may be that far
 * from the moment it really read. The collector's precision itself is tested on a manual clock
 * (packages/core collector tests).
 */
const LIVE_SLOP_MS = 5000;
/**
 * How long after a true change the collector may first see it: a burst interval (5 s) while it
 * burst-samples, or up to 15 s across the end of a sweep's 50 s budget and the next sweep.
 */
const SAMPLING_GAP_MS = 15_000;

interface Target {
  id: string;
  port: number;
  targetType: string;
  state: string;
  registeredAt: string;
  timeToHealthySeconds: number | null;
}
interface LoadBalancerDetail {
  name: string;
  mode: string;
  targetCount: number;
  cluster: string | null;
  service: string | null;
  stuck: number;
  targets: Target[];
}
interface TransitionView {
  kind: string;
  from: string;
  to: string;
  target: { id: string; port: number } | null;
  timeToHealthySeconds: number | null;
  timeToHealthyBounds: { min: number; max: number | null } | null;
}

function apiClient(url: string, token: string) {
  return async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** What a facilitator sees of the workshop's NLB: its mode, target count and targets as type:state. */
function phaseOf(lb: LoadBalancerDetail | undefined): string {
  if (!lb) return "no NLB yet";
  const targets = lb.targets.map((t) => `${t.targetType}:${t.state}`).sort();
  return `${lb.mode} ${lb.targetCount} [${targets.join(" ")}]`;
}

const ALL_IP_HEALTHY = "ip 3 [ip:healthy ip:healthy ip:healthy]";

/** A phase as the truth has it: the targets of the attached group, with the mode their types make. */
function truthPhase(view: string[]): string {
  const types = new Set(view.map((target) => target.split(":")[0]));
  const mode = types.size === 0 ? "none" : types.size > 1 ? "mixed" : [...types][0];
  return `${mode} ${view.length} [${view.join(" ")}]`;
}

/** Whether `seen` appears in `all` in the same order (not necessarily next to each other). */
function isSubsequence(seen: readonly string[], all: readonly string[]): boolean {
  let i = 0;
  for (const item of all) if (item === seen[i]) i++;
  return i === seen.length;
}

describe("npm start, as a user runs it: the walkthrough through the API, then Ctrl-C", () => {
  let cli: RunningCli;
  let get: <T>(path: string) => Promise<T>;
  let url = "";
  let token = "";
  /** Every process `npm start` had started, read just before Ctrl-C. */
  let started: ProcessInfo[] = [];
  const phases: string[] = [];
  let nlb = "";
  let truth: TruthRecord[] = [];

  beforeAll(async () => {
    // Prepare
    const port = await freePort();
    cli = startCli(
      "npm",
      ["start", "--", "--port", String(port), "--speed", String(SPEED), "--in-memory"],
      userEnv({ TARGETWATCH_API_TOKEN: TOKEN }),
    );
    const ready = await cli.waitForLine(/^targetwatch API: (\S+)\s+token: (\S+)$/, 60_000);
    [, url = "", token = ""] = ready;
    const [, simulator = ""] = await cli.waitForLine(/^watching simulator (http:\/\/\S+) /, 10_000);
    get = apiClient(url, token);
    // Act: poll the NLB (each poll a few simulated seconds) until all three ip targets are
    // healthy and the node targets have gone; the deadline bounds the loop.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const { loadBalancers } = await get<{ loadBalancers: { name: string }[] }>(
        "/workshops/default/load-balancers",
      );
      nlb = loadBalancers[0]?.name ?? "";
      const detail = nlb
        ? await get<LoadBalancerDetail>(`/workshops/default/load-balancers/${nlb}`)
        : undefined;
      const phase = phaseOf(detail);
      if (phases.at(-1) !== phase) phases.push(phase);
      if (phase === ALL_IP_HEALTHY || Date.now() > deadline) break;
      await pause(200);
    }
    truth = await fetchTruth(simulator);
  }, 150_000);

  afterAll(() => {
    cli?.kill();
    killAll(started);
  });

  it("prints the API's URL and the token from TARGETWATCH_API_TOKEN", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toBe(TOKEN);
    expect(cli.stdout).toContain(
      `  curl -H "Authorization: Bearer ${TOKEN}" ${url}/workshops/default/load-balancers`,
    );
  });

  it("prints the dashboard's link with the token in the fragment, and serves the page there", async () => {
    expect(cli.stdout).toContain(`  dashboard: ${url}/#token=${TOKEN}`);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toContain('<div id="app">');
  });

  it("shows instance mode → ip with the pod initial → … → 3 ip targets, all healthy, each phase one the truth had, in order", () => {
    const seen = phases.filter((p) => p !== "no NLB yet");
    expect(isSubsequence(seen, viewsFromTruth(truth).map(truthPhase))).toBe(true);
    expect(seen[0]).toBe("instance 3 [instance:initial instance:initial instance:initial]");
    expect(seen).toContain("ip 1 [ip:initial]");
    expect(seen.at(-1)).toBe(ALL_IP_HEALTHY);
    // The listener moves to the ip group in place: never both groups, never draining nodes.
    expect(seen.some((p) => p.startsWith("mixed") || p.includes("draining"))).toBe(false);
  });

  it("times each ip target's way to healthy against the simulator's truth, on the workshop's NLB", async () => {
    const lb = await get<LoadBalancerDetail>(`/workshops/default/load-balancers/${nlb}`);
    expect(lb).toMatchObject({ cluster: "eks-workshop", service: "ui/ui-nlb", mode: "ip", stuck: 0 });
    expect(lb.name).toMatch(/^k8s-ui-uinlb-[0-9a-f]{10}$/);
    expect(lb.targets).toHaveLength(3);
    for (const target of lb.targets) {
      expect(target).toMatchObject({ targetType: "ip", state: "healthy" });
      const own = truth.filter((t) => t.targetId === target.id && t.port === target.port);
      const registered = own.find((t) => t.to === "initial")?.at ?? Number.NaN;
      const healthy = own.find((t) => t.to === "healthy")?.at ?? Number.NaN;
      // First seen within a sweep of its registration, first seen healthy soon after it was:
      // the time to healthy counts between those two sightings.
      const seenRegistered = Date.parse(target.registeredAt);
      const seenHealthy = seenRegistered + (target.timeToHealthySeconds ?? Number.NaN) * 1000;
      expect(seenRegistered - registered).toBeGreaterThanOrEqual(-LIVE_SLOP_MS);
      expect(seenRegistered - registered).toBeLessThanOrEqual(60_000 + LIVE_SLOP_MS);
      expect(seenHealthy - healthy).toBeGreaterThanOrEqual(-LIVE_SLOP_MS);
      expect(seenHealthy - healthy).toBeLessThanOrEqual(SAMPLING_GAP_MS + LIVE_SLOP_MS);
    }
  });

  it("lists the mode change and every ip target's way to healthy among the transitions", async () => {
    // Act: every page
    const transitions: TransitionView[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const query = nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : "";
      const body = await get<{ transitions: TransitionView[]; nextToken?: string }>(
        `/workshops/default/transitions?limit=100${query}`,
      );
      transitions.push(...body.transitions);
      nextToken = body.nextToken;
      if (!nextToken) break;
    }
    // Assess: newest first; node targets seen healthy before the switch, then the 3 pods
    expect(transitions.filter((t) => t.kind === "mode").map((t) => `${t.from}→${t.to}`)).toEqual([
      "instance→ip",
    ]);
    const healthy = transitions.filter((t) => t.to === "healthy");
    expect(healthy.filter((t) => t.target?.id.startsWith("i-") === false)).toHaveLength(3);
    expect(healthy.every((t) => (t.timeToHealthySeconds ?? 0) > 0)).toBe(true);
    const nodesLeft = transitions.filter((t) => t.to === "deregistered" && t.target?.id.startsWith("i-"));
    expect(nodesLeft.map((t) => t.from).filter((from) => from !== "healthy" && from !== "initial")).toEqual(
      [],
    );
    expect(nodesLeft).toHaveLength(3);
    for (const t of healthy) {
      // The figure is first seen registered → first seen healthy; its bounds hold wherever the truth lies.
      const bounds = t.timeToHealthyBounds;
      expect(bounds).not.toBeNull();
      expect(t.timeToHealthySeconds ?? Number.NaN).toBeGreaterThanOrEqual(bounds?.min ?? Number.NaN);
      if (bounds?.max !== null) {
        expect(t.timeToHealthySeconds ?? Number.NaN).toBeLessThanOrEqual(bounds?.max ?? Number.NaN);
      }
    }
  });

  it("answers /stats with the ip targets' time to healthy, one NLB in ip mode, none stuck", async () => {
    const stats = await get<{
      modes: Record<string, number>;
      timeToHealthy: Record<string, { count: number; p50: number; max: number }>;
      stuckTargets: unknown[];
    }>("/workshops/default/stats");
    const lb = await get<LoadBalancerDetail>(`/workshops/default/load-balancers/${nlb}`);
    const measured = lb.targets.map((t) => t.timeToHealthySeconds ?? Number.NaN).sort((a, b) => a - b);
    expect(stats.modes).toEqual({ instance: 0, ip: 1, mixed: 0, none: 0 });
    expect(stats.timeToHealthy.ip).toMatchObject({ count: 3, p50: measured[1], max: measured[2] });
    expect(stats.stuckTargets).toEqual([]);
  });

  it("reports the workshop's stuck-target alarm as OK, and logs its move out of INSUFFICIENT_DATA", async () => {
    const { workshops } = await get<{ workshops: { id: string; alarm: unknown }[] }>("/workshops");
    expect(workshops.find((w) => w.id === "default")?.alarm).toEqual({
      name: "targetwatch-local/workshop-stuck-default",
      state: "OK",
    });
    expect(
      cli.stdout.some((l) =>
        l.startsWith("alarm targetwatch-local/workshop-stuck-default: INSUFFICIENT_DATA → OK"),
      ),
    ).toBe(true);
  });

  it("logs the world's events and, after the sweep, the NLB's line in plain mode (output not a terminal)", async () => {
    await cli.waitForLine(
      /^ {2}default k8s-ui-uinlb-[0-9a-f]{10}: cluster eks-workshop, service ui\/ui-nlb, mode ip, targets 3 healthy, time to healthy \d+\/\d+\/\d+ s, stuck 0, alarm OK$/,
      10_000,
    );
    expect(cli.stdout).toContainEqual(
      expect.stringMatching(/^\[t\+3m00s\] eks-workshop: service ui\/ui-nlb patched to ip mode/),
    );
    expect(cli.stdout).toContainEqual(
      expect.stringMatching(/^\[t\+5m30s\] eks-workshop: deployment ui\/ui scaled 1 → 3$/),
    );
    expect(cli.stdout.some((l) => l.includes("\x1b["))).toBe(false);
  });

  it("stops everything on Ctrl-C: a clean exit, nothing on stderr, no process left behind", async () => {
    // Prepare: npm → (sh →) node cli.ts → DynamoDB Local's watchdog → java
    started = processTree(cli.pid);
    expect(started.map((p) => p.command)).toContainEqual(expect.stringContaining(CLI));
    expect(started.map((p) => p.command)).toContainEqual(expect.stringContaining("DynamoDBLocal.jar"));
    // Act
    cli.interrupt();
    const exit = await cli.finished(30_000);
    // Assess: npm runs the script with `sh -c`; dash re-raises SIGINT on itself once the CLI has
    // exited 0, and npm then ends by the same signal (a shell shows 130, as for any interrupted
    // npm script). A shell that waits and sees the 0 (bash) makes npm exit 0.
    expect([
      { code: 0, signal: null },
      { code: null, signal: "SIGINT" },
    ] satisfies Exit[]).toContainEqual(exit);
    expect(cli.stdout.at(-1)).toBe("stopping");
    expect(
      cli
        .stderr()
        .split("\n")
        .filter((line) => line !== "" && !line.startsWith("npm warn")),
    ).toEqual([]);
    expect(await waitUntilGone(started, 20_000)).toEqual([]);
  }, 40_000);
});

describe("node packages/local/src/cli.ts (what npm start runs) on Ctrl-C", () => {
  let cli: RunningCli | undefined;
  let started: ProcessInfo[] = [];
  afterAll(() => {
    cli?.kill();
    killAll(started);
  });

  it("exits 0 with nothing on stderr, even when Ctrl-C comes as a sweep lands, and leaves no process", async () => {
    // Prepare
    const port = await freePort();
    cli = startCli(
      process.execPath,
      [CLI, "--port", String(port), "--speed", String(SPEED), "--in-memory"],
      userEnv({ TARGETWATCH_API_TOKEN: TOKEN }),
    );
    // The live view reads DynamoDB Local right after each sweep: interrupt it doing so.
    await cli.waitForLine(/^sweep: /, 60_000);
    started = processTree(cli.pid);
    // Act
    cli.interrupt();
    const exit = await cli.finished(30_000);
    // Assess
    expect(exit).toEqual({ code: 0, signal: null });
    expect(cli.stdout.at(-1)).toBe("stopping");
    expect(cli.stderr()).toBe("");
    expect(started.map((p) => p.command)).toContainEqual(expect.stringContaining("DynamoDBLocal.jar"));
    expect(await waitUntilGone(started, 20_000)).toEqual([]);
  }, 90_000);

  it("leaves no process when Ctrl-C comes during start-up, while DynamoDB Local is starting", async () => {
    // Prepare
    const port = await freePort();
    cli = startCli(process.execPath, [CLI, "--port", String(port), "--in-memory"], userEnv());
    const deadline = Date.now() + 30_000;
    const cliPid = cli.pid;
    const hasJava = () => processTree(cliPid).some((p) => p.command.includes("DynamoDBLocal.jar"));
    while (!hasJava() && Date.now() < deadline) await pause(20);
    started = processTree(cli.pid);
    expect(started.map((p) => p.command)).toContainEqual(expect.stringContaining("DynamoDBLocal.jar"));
    // Act
    cli.interrupt();
    await cli.finished(30_000);
    // Assess
    expect(await waitUntilGone(started, 20_000)).toEqual([]);
    expect(cli.stderr()).toBe("");
  }, 90_000);
});
