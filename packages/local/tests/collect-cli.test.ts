import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Simulator } from "@targetwatch/sim";
import { uniqueTableName } from "@targetwatch/testing/dynamodb";
import { startScenarioFile } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

async function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["packages/local/src/collect-cli.ts", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c;
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("npm run collect -- --once", () => {
  let sim: Simulator;
  beforeAll(async () => {
    // The CLI sweeps on the system clock, so the simulated world starts now.
    sim = await startScenarioFile("ip-mode.yaml", { start: Date.now() });
  });
  afterAll(() => sim.stop());

  it("sweeps what AWS_ENDPOINT_URL_* point at and prints the summary", async () => {
    // Act
    const { code, stdout } = await run(
      ["--once", "--table", uniqueTableName("cli"), "--budget", "10", "--burst-interval", "0"],
      {
        AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: sim.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: inject("dynamodbEndpoint"),
        AWS_REGION: "us-west-2",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
      },
    );
    // Assess
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split("\n").at(-1) as string) as Record<string, unknown>;
    expect(summary).toMatchObject({
      message: "sweep finished",
      loadBalancers: 1,
      targets: 3,
      elbApiCalls: 4,
      transitions: 4,
      errors: [],
    });
  });

  it("sweeps on its interval until Ctrl-C, then exits 0 without warnings", async () => {
    // Prepare: more sweeps than Node's default of 10 listeners per event, 1 s apart
    const child = spawn(
      process.execPath,
      [
        "packages/local/src/collect-cli.ts",
        "--interval",
        "1",
        "--budget",
        "0",
        "--table",
        uniqueTableName("loop"),
      ],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: sim.endpoint,
          AWS_ENDPOINT_URL_DYNAMODB: inject("dynamodbEndpoint"),
          AWS_REGION: "us-west-2",
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c;
    });
    const exited = once(child, "exit");
    // Act: wait (bounded by the test timeout) for 12 summary lines, then Ctrl-C
    let sweeps = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.includes('"sweep finished"')) sweeps++;
      if (sweeps === 12) break;
    }
    child.kill("SIGINT");
    const [code] = (await exited) as [number | null];
    // Assess
    expect(sweeps).toBe(12);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/Warning|MaxListeners/);
  }, 60_000);

  it("without AWS credentials says so in one line, before sweeping: no summary line at all", async () => {
    // Prepare: a table that already holds a sweep of the simulator's NLB, which a summary could show
    const table = uniqueTableName("no-credentials");
    const local = { AWS_ENDPOINT_URL_DYNAMODB: inject("dynamodbEndpoint"), AWS_REGION: "us-west-2" };
    const first = await run(["--once", "--table", table, "--budget", "10", "--burst-interval", "0"], {
      ...local,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: sim.endpoint,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    });
    expect(first.code).toBe(0);
    // A home without ~/.aws, no AWS_* credentials, no instance metadata to wait for
    const home = await mkdtemp(join(tmpdir(), "collect-home-"));
    try {
      // Act: real AWS, as without AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2
      const { code, stdout, stderr } = await run(["--once", "--table", table], {
        ...local,
        HOME: home,
        AWS_EC2_METADATA_DISABLED: "true",
      });
      // Assess: the SDK's own reason ends the one line
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toMatch(
        /^collect: real AWS needs credentials \(a profile, AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY or SSO\), or point AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 at the simulator: \S[^\n]*\n$/,
      );
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("rejects bad flags with a one-line message and exit code 2", async () => {
    const { code, stderr } = await run(["--once", "--interval", "soon"], {});
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('collect: --interval must be a number ≥ 1, got "soon"');
  });
});
