import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type DynamoDbLocalHandle,
  DynamoDbLocalStartError,
  JavaNotFoundError,
  PortInUseError,
  startDynamoDbLocal,
} from "../src/index.ts";

const OWNER_SCRIPT = fileURLToPath(new URL("./dynamodb-local-owner.ts", import.meta.url));

describe("the shared DynamoDB Local of the test run", () => {
  let client: DynamoDBClient;

  beforeAll(() => {
    client = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  });

  afterAll(() => client.destroy());

  it("stores and reads items, and applies transactions all or nothing", async () => {
    // Prepare
    const TableName = uniqueTableName("round-trip");
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    );
    await client.send(new PutItemCommand({ TableName, Item: { pk: { S: "a" }, version: { N: "1" } } }));

    // Act
    const stored = await client.send(new GetItemCommand({ TableName, Key: { pk: { S: "a" } } }));
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName,
              Key: { pk: { S: "a" } },
              UpdateExpression: "SET version = :next",
              ConditionExpression: "version = :current",
              ExpressionAttributeValues: { ":current": { N: "1" }, ":next": { N: "2" } },
            },
          },
          { Put: { TableName, Item: { pk: { S: "b" }, version: { N: "1" } } } },
        ],
      }),
    );
    const conflicting = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: { S: "c" }, version: { N: "1" } } } },
          {
            ConditionCheck: {
              TableName,
              Key: { pk: { S: "a" } },
              ConditionExpression: "version = :stale",
              ExpressionAttributeValues: { ":stale": { N: "1" } },
            },
          },
        ],
      }),
    );
    await expect(conflicting).rejects.toBeInstanceOf(TransactionCanceledException);
    const [a, b, c] = await Promise.all(
      ["a", "b", "c"].map((pk) => client.send(new GetItemCommand({ TableName, Key: { pk: { S: pk } } }))),
    );

    // Assess
    expect(stored.Item).toEqual({ pk: { S: "a" }, version: { N: "1" } });
    expect(a?.Item?.version).toEqual({ N: "2" });
    expect(b?.Item).toEqual({ pk: { S: "b" }, version: { N: "1" } });
    expect(c?.Item).toBeUndefined();
  });
});

// One extra JVM for both tests: the second test stops it, so it runs last.
describe("a second DynamoDB Local", () => {
  let second: DynamoDbLocalHandle;
  let client: DynamoDBClient;

  beforeAll(async () => {
    second = await startDynamoDbLocal();
    client = createTestDynamoDbClient(second.endpoint);
  });

  afterAll(async () => {
    client.destroy();
    await second.stop();
  });

  it("runs alongside the shared one on another free port, with its own tables", async () => {
    // Prepare
    const shared = createTestDynamoDbClient(inject("dynamodbEndpoint"));
    const TableName = uniqueTableName("second-instance");

    // Act
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    );
    const inSecond = await client.send(new ListTablesCommand({}));
    const inShared = await shared.send(new ListTablesCommand({})).finally(() => shared.destroy());

    // Assess
    expect(second.endpoint).not.toBe(inject("dynamodbEndpoint"));
    expect(second.endpoint).toBe(`http://127.0.0.1:${second.port}`);
    expect(inSecond.TableNames).toContain(TableName);
    expect(inShared.TableNames).not.toContain(TableName);
  });

  it("stop() ends the Java process, and stopping again is harmless", async () => {
    // Prepare
    expect(isRunning(second.pid)).toBe(true);

    // Act
    await second.stop();
    await second.stop();

    // Assess
    expect(isRunning(second.pid)).toBe(false);
    await expect(second.exited).resolves.toBeDefined();
  });
});

describe("the owner of DynamoDB Local", () => {
  it("leaves no Java process behind when it is killed with SIGKILL", async () => {
    // Prepare
    const owner = spawn(process.execPath, [OWNER_SCRIPT], { stdio: ["ignore", "pipe", "inherit"] });
    let javaPid: number | undefined;
    try {
      const started = JSON.parse(await firstLine(owner, 30_000)) as { pid: number };
      javaPid = started.pid;
      expect(isRunning(javaPid)).toBe(true);

      // Act
      owner.kill("SIGKILL");
      const gone = await waitUntilGone(javaPid, 15_000);

      // Assess
      expect(gone).toBe(true);
    } finally {
      owner.kill("SIGKILL");
      if (javaPid !== undefined && isRunning(javaPid)) process.kill(javaPid, "SIGKILL");
    }
  });
});

describe("starting DynamoDB Local", () => {
  let fakes: string;

  beforeAll(() => {
    fakes = mkdtempSync(join(tmpdir(), "targetwatch-fake-java-"));
  });

  afterAll(() => rmSync(fakes, { recursive: true, force: true }));

  it("fails with JavaNotFoundError when the given java does not exist", async () => {
    // Act
    const start = startDynamoDbLocal({ javaPath: "/nonexistent/java" });

    // Assess
    await expect(start).rejects.toThrow(JavaNotFoundError);
    await expect(start).rejects.toThrow(
      /^DynamoDB Local needs Java 17 or newer: \/nonexistent\/java .*apt-get install openjdk-17-jre-headless/,
    );
  });

  it("fails with JavaNotFoundError naming PATH when java is not on PATH", async () => {
    // Act
    const start = startDynamoDbLocal({ javaPath: "java-that-is-not-installed" });

    // Assess
    await expect(start).rejects.toThrow(JavaNotFoundError);
    await expect(start).rejects.toThrow("`java-that-is-not-installed` was not found on PATH");
  });

  it("fails with PortInUseError when the given port is taken", async () => {
    // Prepare
    const { server, port } = await listenOnSomePort();

    try {
      // Act
      const start = startDynamoDbLocal({ port });

      // Assess
      await expect(start).rejects.toThrow(PortInUseError);
      await expect(start).rejects.toThrow(`cannot listen on port ${port}: the port is already in use`);
    } finally {
      server.close();
    }
  });

  it("reports the last output in one line when Java exits before answering", async () => {
    // Prepare
    const javaPath = writeFakeJava(
      fakes,
      "exits",
      'echo "Error: Could not create the Java Virtual Machine." >&2\nexit 3',
    );

    // Act
    const start = startDynamoDbLocal({ javaPath });

    // Assess
    await expect(start).rejects.toThrow(DynamoDbLocalStartError);
    await expect(start).rejects.toThrow(
      /^DynamoDB Local exited with code 3 before answering; last output: Error: Could not create the Java Virtual Machine\.$/,
    );
  });

  it("kills a Java that does not answer within startTimeoutMs", async () => {
    // Prepare
    const pidFile = join(fakes, "silent.pid");
    const javaPath = writeFakeJava(
      fakes,
      "silent",
      `echo $$ > "${pidFile}"\necho "Initializing"\nexec sleep 600`,
    );

    // Act
    const start = startDynamoDbLocal({ javaPath, startTimeoutMs: 500 });
    await start.catch(() => {});

    // Assess
    await expect(start).rejects.toThrow(
      /^DynamoDB Local did not answer on http:\/\/127\.0\.0\.1:\d+ within 500 ms; last output: Initializing$/,
    );
    expect(isRunning(Number(readFileSync(pidFile, "utf8")))).toBe(false);
  });
});

/** True while the process exists and has not ended; a zombie waiting to be collected has ended. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 50));
  }
  return true;
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((settle, fail) => {
    const timer = setTimeout(() => fail(new Error(`no output within ${timeoutMs} ms`)), timeoutMs);
    if (!child.stdout) throw new Error("the child has no stdout pipe");
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      settle(line);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the child ended before printing (code ${code}, signal ${signal})`));
    });
  });
}

function listenOnSomePort(): Promise<{ server: Server; port: number }> {
  return new Promise((settle, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") fail(new Error("no TCP address"));
      else settle({ server, port: address.port });
    });
  });
}

function writeFakeJava(dir: string, name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

// @targetwatch/testing builds on this package, so these two small helpers cannot come from there.

/** A table name of its own on the run's shared DynamoDB Local. */
function uniqueTableName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** A client for a DynamoDB Local: fixed region and dummy credentials, never the machine's own. */
function createTestDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}
