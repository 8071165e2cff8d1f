import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, startCli, userEnv } from "./cli-process.ts";

/** Mistakes in flags: the arguments and the line they get. */
const FLAG_MISTAKES: [string[], string][] = [
  [["--bogus"], "start: Unknown option '--bogus' (see --help)"],
  [
    ["walkthrough"],
    "start: Unexpected argument 'walkthrough'. This command does not take positional arguments (see --help)",
  ],
  [["--speed", "fast"], 'start: --speed must be a positive number, got "fast"'],
  [["--speed", "0"], 'start: --speed must be a positive number, got "0"'],
  [["--speed=-4"], 'start: --speed must be a positive number, got "-4"'],
  [["--speed", "-3"], 'start: --speed must be a positive number, got "-3"'],
  [["--port", "-1"], 'start: --port must be a port number (0–65535), got "-1"'],
  [["--port", "70000"], 'start: --port must be a port number (0–65535), got "70000"'],
  [["--region", "mars"], 'start: --region must be an AWS region such as us-west-2, got "mars"'],
  [["--in-memory", "--data-dir", "x"], "start: --in-memory and --data-dir exclude each other"],
  [["--aws", "--speed", "2"], "start: --aws reads real AWS: --scenario and --speed do not apply"],
];

/**
 * Each mistake a user can make starting targetwatch: one line on stderr saying what is wrong,
 * a non-zero exit, no stack trace, and nothing started (stdout stays empty).
 */
describe("npm start: a user's mistake is one clear line on stderr and a non-zero exit", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "targetwatch-start-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("names the API port when it is in use, before starting anything (through npm start itself)", async () => {
    // Prepare: someone else listens on the port
    const server: Server = createServer();
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const port = (server.address() as { port: number }).port;
    try {
      // Act
      const cli = startCli("npm", ["start", "--", "--port", String(port), "--in-memory"], userEnv());
      const exit = await cli.finished(20_000);
      // Assess
      expect(exit.code).toBe(1);
      expect(cli.stderr()).toBe(`start: port ${port} is already in use (choose another with --port)\n`);
      // npm's own header ("> targetwatch@… start", "> node …") and nothing from the CLI
      expect(cli.stdout.filter((line) => line !== "" && !line.startsWith("> "))).toEqual([]);
    } finally {
      server.close();
    }
  });

  it("says what was meant when npm took an option for its own (npm start --port N without --)", async () => {
    // Act
    const cli = startCli("npm", ["start", "--port", "3918", "--in-memory"], userEnv());
    const exit = await cli.finished(20_000);
    // Assess
    expect(exit.code).toBe(2);
    expect(
      cli
        .stderr()
        .split("\n")
        .filter((line) => line.startsWith("start:")),
    ).toEqual([
      "start: npm took --port, --in-memory as its own setting: put -- before targetwatch's options, as in npm start -- --port 3918 --in-memory",
    ]);
    expect(cli.stdout.filter((line) => line !== "" && !line.startsWith("> "))).toEqual([]);
  });

  it("points at the line of a misspelt field in the scenario file", async () => {
    // Prepare: the ip-mode walkthrough with "description" misspelt
    const file = join(dir, "typo.yaml");
    const scenario = await readFile(resolve(REPO_ROOT, "scenarios/ip-mode.yaml"), "utf8");
    await writeFile(file, scenario.replace(/^description:/m, "descripton:"));
    const line = scenario.split("\n").findIndex((l) => l.startsWith("description:")) + 1;
    // Act
    const result = await runCli(["--scenario", file, "--in-memory"], userEnv());
    // Assess
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      `start: bad scenario: ${file}:${line}:1: (top level): unknown field "descripton"\n`,
    );
  });

  it("says a scenario file that does not exist cannot be read", async () => {
    const file = join(dir, "missing.yaml");
    const result = await runCli(["--scenario", file, "--in-memory"], userEnv());
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(`start: bad scenario: ${file}: cannot read scenario file (no such file)\n`);
  });

  it.concurrent.for(FLAG_MISTAKES)("rejects %j with exit code 2", async ([args, line], { expect }) => {
    const result = await runCli(args, userEnv());
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(`${line}\n`);
  });

  it("rejects a TARGETWATCH_API_TOKEN shorter than 16 characters", async () => {
    const result = await runCli(["--in-memory"], userEnv({ TARGETWATCH_API_TOKEN: "too-short" }));
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe("start: TARGETWATCH_API_TOKEN must be at least 16 characters long\n");
  });

  it("says --aws needs credentials when there are none, before starting anything", async () => {
    // Prepare: no AWS_* variables, a home without ~/.aws, no instance metadata to wait for
    const home = await mkdtemp(join(dir, "home-"));
    const env = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" };
    // Act
    const result = await runCli(["--aws", "--in-memory"], env);
    // Assess: the SDK's own reason ends the line
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(
      /^start: --aws needs AWS credentials \(a profile, AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY or SSO\): \S[^\n]*\n$/,
    );
  });

  it("says DynamoDB Local needs Java, and how to install it, when there is no java", async () => {
    // Prepare: a PATH with node and nothing else, no JAVA_HOME
    const bin = await mkdtemp(join(dir, "bin-"));
    await symlink(process.execPath, join(bin, "node"));
    // Act
    const result = await runCli(["--in-memory"], { PATH: bin, HOME: dir });
    // Assess
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      "start: DynamoDB Local needs Java 17 or newer: `java` was not found on PATH " +
        "(install a JRE, e.g. apt-get install openjdk-17-jre-headless)\n",
    );
  });
});
