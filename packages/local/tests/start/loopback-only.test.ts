import { isLoopback, listeningSockets, socketInodesOf } from "@targetwatch/testing/listening-sockets";
import { afterAll, describe, expect, it } from "vitest";
import {
  CLI,
  freePort,
  killAll,
  type ProcessInfo,
  processTree,
  type RunningCli,
  startCli,
  userEnv,
  waitUntilGone,
} from "./cli-process.ts";

describe("npm start on a venue's network", () => {
  let cli: RunningCli | undefined;
  let started: ProcessInfo[] = [];
  afterAll(() => {
    cli?.kill();
    killAll(started);
  });

  it("listens on 127.0.0.1 only: the API, the simulator and DynamoDB Local, every port of every process it starts", async () => {
    // Prepare
    const port = await freePort();
    cli = startCli(process.execPath, [CLI, "--port", String(port), "--in-memory", "--plain"], userEnv());
    await cli.waitForLine(/^watching simulator http:\/\/127\.0\.0\.1:\d+ /, 60_000);
    started = processTree(cli.pid);
    const java = started.find((p) => p.name === "java");
    // Act: the listening sockets held by the CLI and everything it started
    const owned = new Map(started.map((p) => [p.pid, new Set(socketInodesOf(p.pid))]));
    const listening = listeningSockets().flatMap((socket) => {
      const owner = [...owned].find(([, inodes]) => inodes.has(socket.inode));
      return owner ? [{ ...socket, pid: owner[0] }] : [];
    });
    // Assess: the API, the simulator (both the CLI's own) and Java each listen, and only on loopback
    expect(java).toBeDefined();
    expect(listening.filter((s) => s.pid === cli?.pid).map((s) => s.port)).toContain(port);
    expect(listening.filter((s) => s.pid === cli?.pid).length).toBeGreaterThanOrEqual(2);
    expect(listening.some((s) => s.pid === java?.pid)).toBe(true);
    expect(listening.filter((s) => !isLoopback(s.address))).toEqual([]);
    cli.interrupt();
    await cli.finished(30_000);
    expect(await waitUntilGone(started, 20_000)).toEqual([]);
  }, 90_000);
});
