import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLI,
  freePort,
  killAll,
  type ProcessInfo,
  pause,
  processTree,
  startCli,
  userEnv,
} from "./cli-process.ts";

const TOKEN = "fresh-worlds-token-0123456789";
/** The class: 30 participants starting 20 s apart, each switching to ip 3 minutes in. */
const SCENARIO = "scenarios/class-one-account.yaml";
// Fast enough that the first participant switches within a minute of wall-clock time, slow
// enough that a class sweep keeps up with the simulated minute on a busy 2-core machine.
const SPEED = 8;

interface LoadBalancerRow {
  name: string;
  mode: string;
}
interface TransitionView {
  kind: string;
  from: string;
  to: string;
}

/** One `node cli.ts` run on `dataDir` until `done` says it has seen enough, then Ctrl-C. */
async function run<T>(
  dataDir: string,
  done: (get: <R>(path: string) => Promise<R>) => Promise<T | undefined>,
): Promise<{ result: T; started: ProcessInfo[]; stdout: readonly string[] }> {
  const port = await freePort();
  const cli = startCli(
    process.execPath,
    [
      CLI,
      ...["--scenario", SCENARIO, "--port", String(port), "--speed", String(SPEED)],
      ...["--plain", "--data-dir", dataDir],
    ],
    userEnv({ TARGETWATCH_API_TOKEN: TOKEN }),
  );
  let started: ProcessInfo[] = [];
  try {
    const [, url] = await cli.waitForLine(/^targetwatch API: (\S+)/, 60_000);
    const get = async <R>(path: string): Promise<R> => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
      return (await res.json()) as R;
    };
    await cli.waitForLine(/^sweep: /, 60_000);
    const deadline = Date.now() + 60_000;
    let result = await done(get);
    while (result === undefined) {
      if (Date.now() > deadline) throw new Error("the run never showed what the test waits for");
      await pause(200);
      result = await done(get);
    }
    started = processTree(cli.pid);
    cli.interrupt();
    await cli.finished(30_000);
    return { result, started, stdout: cli.stdout };
  } finally {
    cli.kill();
    killAll(started);
  }
}

async function classNlbs(get: <R>(path: string) => Promise<R>): Promise<LoadBalancerRow[]> {
  const { loadBalancers } = await get<{ loadBalancers: LoadBalancerRow[] }>(
    "/workshops/default/load-balancers?limit=100",
  );
  return loadBalancers;
}

describe("npm start playing the class twice in a row on the same data directory", () => {
  let dataDir = "";
  let firstRun: LoadBalancerRow[] = [];
  let secondRun: { nlbs: LoadBalancerRow[]; transitions: TransitionView[] };
  let secondStdout: readonly string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "fresh-worlds-"));
    // Prepare: a first run of the class, stopped once a participant has switched to ip mode
    // (by then the participants of the first three minutes and more have their NLBs)
    const first = await run(dataDir, async (get) => {
      const nlbs = await classNlbs(get);
      return nlbs.some((n) => n.mode === "ip") ? nlbs : undefined;
    });
    firstRun = first.result;
    // Act: the same class again, looked at right after its first sweep found an NLB (t < 1 min:
    // only the first participants have started, nobody has switched)
    const second = await run(dataDir, async (get) => {
      const nlbs = await classNlbs(get);
      if (nlbs.length === 0) return undefined;
      const { transitions } = await get<{ transitions: TransitionView[] }>(
        "/workshops/default/transitions?limit=100",
      );
      return { nlbs, transitions };
    });
    secondRun = second.result;
    secondStdout = second.stdout;
  }, 300_000);

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("shows only the second run's world: its first participants in instance mode, none of the first run's NLBs or ip-mode history", () => {
    // The first run had got further: more participants, one of them in ip mode
    expect(firstRun.length).toBeGreaterThan(secondRun.nlbs.length);
    expect(firstRun.some((n) => n.mode === "ip")).toBe(true);
    expect(secondRun.nlbs.map((n) => n.mode)).toEqual(secondRun.nlbs.map(() => "instance"));
    expect(secondRun.transitions.filter((t) => t.kind === "mode")).toEqual([]);
    expect(secondRun.transitions.some((t) => t.to === "deregistered")).toBe(false);
  });

  it("says where the run's own data is, and removes it when the run ends", async () => {
    expect(secondStdout).toContainEqual(
      expect.stringMatching(
        new RegExp(`^watching simulator .* \\(this run's own data in ${dataDir}/runs/[^/ ]+\\)$`),
      ),
    );
    expect(await readdir(join(dataDir, "runs"))).toEqual([]);
  });
});
