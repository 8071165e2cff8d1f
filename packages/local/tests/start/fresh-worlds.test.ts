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
const SPEED = 16;

interface LoadBalancerDetail {
  mode: string;
  targets: { targetType: string; state: string }[];
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
    [CLI, "--port", String(port), "--speed", String(SPEED), "--plain", "--data-dir", dataDir],
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

async function workshopNlb(get: <R>(path: string) => Promise<R>): Promise<LoadBalancerDetail | undefined> {
  const { loadBalancers } = await get<{ loadBalancers: { name: string }[] }>(
    "/workshops/default/load-balancers",
  );
  const name = loadBalancers[0]?.name;
  return name ? get<LoadBalancerDetail>(`/workshops/default/load-balancers/${name}`) : undefined;
}

describe("npm start twice in a row on the same data directory", () => {
  let dataDir = "";
  let secondRun: { mode: string; transitions: TransitionView[] };
  let secondStdout: readonly string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "fresh-worlds-"));
    // Prepare: a first run of the walkthrough, stopped once its NLB has moved to ip mode
    await run(dataDir, async (get) => ((await workshopNlb(get))?.mode === "ip" ? true : undefined));
    // Act: the same scenario again, looked at right after its first sweep (t = 0: instance mode)
    const second = await run(dataDir, async (get) => {
      const nlb = await workshopNlb(get);
      if (!nlb) return undefined;
      const { transitions } = await get<{ transitions: TransitionView[] }>(
        "/workshops/default/transitions?limit=100",
      );
      return { mode: nlb.mode, transitions };
    });
    secondRun = second.result;
    secondStdout = second.stdout;
  }, 240_000);

  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("shows only the second run's world: instance mode from t = 0, none of the first run's ip-mode history", () => {
    expect(secondRun.mode).toBe("instance");
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
