import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTable } from "@targetwatch/core/adapters/dynamodb";
import type { Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { startScenarioFile } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";
import {
  type SignedRequest,
  type SignOptions,
  type SimCredentials,
  signedStsRequest,
} from "./signed-sts-request.ts";

const ALICE = "210000000001";
const BOB = "210000000002";
const CAROL = "210000000003";
const AWS_CLI = "/usr/bin/aws";
const SCRIPT = fileURLToPath(new URL("../../../../scripts/join-workshop.sh", import.meta.url));
const run = promisify(execFile);

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
  contentType: string | null;
}

/**
 * Participants add their own accounts with requests the real SDK signed (and the shipped
 * script), against the simulator's STS and the API on DynamoDB Local; every refusal is a 4xx
 * JSON error that leaves the workshop's accounts as they were.
 */
describe("participants joining a workshop with a signed GetCallerIdentity", () => {
  let sim: Simulator;
  let api: LocalApi;
  let home: string;
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const codes: Record<string, string> = {};

  async function call(method: string, path: string, body?: unknown, token: string | null = api.token) {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Answer["body"],
      contentType: response.headers.get("content-type"),
    };
  }

  const credentialsOf = async (accountId: string): Promise<SimCredentials> =>
    (await fetch(`${sim.endpoint}/_sim/accounts/${accountId}/credentials`)).json() as Promise<SimCredentials>;

  async function sign(accountId: string, options: Partial<SignOptions> = {}): Promise<SignedRequest> {
    return signedStsRequest(await credentialsOf(accountId), {
      workshop: "con301",
      endpoint: sim.endpoint,
      ...options,
    });
  }

  const joinWith = (workshop: string, request: SignedRequest, extra: Record<string, unknown> = {}) =>
    call("POST", `/workshops/${workshop}/join`, { joinCode: codes[workshop], request, ...extra }, null);

  const accountsOf = async (workshop: string) =>
    (await call("GET", `/workshops/${workshop}`)).body.accounts as {
      accountId: string;
      label: string | null;
    }[];

  /** A refusal: its status, a JSON error with `code`, and the workshop's accounts unchanged. */
  async function expectRefused(answer: Promise<Answer>, status: number, code: string, workshop = "con301") {
    const before = await accountsOf(workshop);
    const refused = await answer;
    expect({ status: refused.status, code: refused.body.error?.code }, JSON.stringify(refused.body)).toEqual({
      status,
      code,
    });
    expect(refused.contentType).toMatch(/^application\/json/);
    expect(refused.body.error?.message).toEqual(expect.any(String));
    expect(await accountsOf(workshop)).toEqual(before);
    return refused.body.error as { code: string; message: string };
  }

  beforeAll(async () => {
    sim = await startScenarioFile("class.yaml");
    const tableName = uniqueTableName("join");
    await createTable(dynamodb, tableName);
    api = await startLocalApi({
      dynamodb,
      tableName,
      workshopCacheMs: 0,
      logLevel: "SILENT",
      stsEndpoint: sim.endpoint,
    });
    for (const id of ["con301", "con302"]) {
      expect((await call("PUT", `/workshops/${id}`, { name: id.toUpperCase() })).status).toBe(201);
      const rotated = await call("POST", `/workshops/${id}/join-code/rotate`);
      expect(rotated.status).toBe(200);
      codes[id] = rotated.body.joinCode as string;
    }
    home = await mkdtemp(join(tmpdir(), "tw-join-"));
  });

  afterAll(async () => {
    await api?.close();
    await sim?.stop();
    dynamodb.destroy();
    await rm(home, { recursive: true, force: true });
  });

  it("hands facilitators a join code, shown with the workshop, and the STS host to sign for", async () => {
    const rotated = await call("POST", "/workshops/con301/join-code/rotate");
    expect(rotated.body).toEqual({
      joinCode: expect.stringMatching(/^twj-[0-9a-f]{32}$/),
      createdAt: expect.any(String),
      joinPath: "/workshops/con301/join",
      stsHost: new URL(sim.endpoint).host,
    });
    codes.con301 = rotated.body.joinCode as string;
    expect((await call("GET", "/workshops/con301")).body.joinCode).toEqual({
      enabled: true,
      code: codes.con301,
      createdAt: rotated.body.createdAt,
    });
    expect((await call("POST", "/workshops/con301/join-code/rotate", undefined, null)).status).toBe(401);
    expect((await call("POST", "/workshops/nope/join-code/rotate")).status).toBe(404);
  });

  it("adds the account STS names for a request the SDK signed, with no token; joining again relabels it", async () => {
    const joined = await joinWith("con301", await sign(ALICE), { label: "Table 1 – Alice" });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect(joined.body).toEqual({
      workshopId: "con301",
      accountId: ALICE,
      arn: expect.stringMatching(new RegExp(`^arn:aws:sts::${ALICE}:assumed-role/`)),
      label: "Table 1 – Alice",
      joinedAt: expect.any(String),
    });
    const again = await joinWith("con301", await sign(ALICE), { label: "Alice" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accountId: ALICE, label: "Alice", joinedAt: joined.body.joinedAt });
    expect(await accountsOf("con301")).toEqual([{ accountId: ALICE, label: "Alice" }]);
  });

  it("refuses a forged signature, with STS's own code", async () => {
    const signed = await sign(BOB);
    const authorization = signed.headers.authorization as string;
    const last = authorization.at(-1) === "0" ? "1" : "0";
    const forged = {
      ...signed,
      headers: { ...signed.headers, authorization: `${authorization.slice(0, -1)}${last}` },
    };
    await expectRefused(joinWith("con301", forged), 403, "SignatureDoesNotMatch");
  });

  it("refuses a request signed for another workshop, whether replayed as is or with the header changed", async () => {
    const forCon301 = await sign(BOB);
    await expectRefused(joinWith("con302", forCon301), 403, "WrongWorkshop", "con302");
    const altered = { ...forCon301, headers: { ...forCon301.headers, "x-targetwatch-workshop": "con302" } };
    await expectRefused(joinWith("con302", altered), 403, "SignatureDoesNotMatch", "con302");
  });

  it("refuses another action than GetCallerIdentity", async () => {
    await expectRefused(
      joinWith("con301", await sign(BOB, { assumeRole: true })),
      400,
      "NotGetCallerIdentity",
    );
  });

  it("refuses a request signed more than 15 minutes ago, or more than 5 ahead", async () => {
    await expectRefused(
      joinWith("con301", await sign(BOB, { clockOffsetMs: -16 * 60_000 })),
      403,
      "RequestExpired",
    );
    await expectRefused(
      joinWith("con301", await sign(BOB, { clockOffsetMs: 6 * 60_000 })),
      403,
      "RequestNotYetValid",
    );
  });

  it("refuses a wrong, rotated or revoked join code, and an unknown workshop, alike", async () => {
    const signed = await sign(BOB);
    const wrong = await expectRefused(
      call("POST", "/workshops/con301/join", { joinCode: "twj-guess", request: signed }, null),
      403,
      "InvalidJoinCode",
    );
    const old = codes.con301;
    codes.con301 = (await call("POST", "/workshops/con301/join-code/rotate")).body.joinCode as string;
    await expectRefused(
      call("POST", "/workshops/con301/join", { joinCode: old, request: signed }, null),
      403,
      "InvalidJoinCode",
    );
    const unknown = await call("POST", "/workshops/con399/join", { joinCode: old, request: signed }, null);
    expect(unknown.status).toBe(403);
    expect(unknown.body.error).toEqual(wrong);
    expect((await call("DELETE", "/workshops/con302/join-code")).status).toBe(204);
    expect((await call("GET", "/workshops/con302")).body.joinCode).toEqual({
      enabled: false,
      code: null,
      createdAt: null,
    });
    await expectRefused(
      joinWith("con302", await sign(BOB, { workshop: "con302" })),
      403,
      "InvalidJoinCode",
      "con302",
    );
  });

  it("refuses a request signed for another host than targetwatch's STS endpoint, sending it nowhere", async () => {
    const elsewhere = await sign(BOB, { endpoint: "https://sts.amazonaws.com" });
    const error = await expectRefused(joinWith("con301", elsewhere), 403, "WrongStsEndpoint");
    expect(error.message).toContain(new URL(sim.endpoint).host);
  });

  it("refuses a body that is not a signed request, naming the field", async () => {
    const signed = await sign(BOB);
    const withUrl = await call(
      "POST",
      "/workshops/con301/join",
      { joinCode: codes.con301, request: { ...signed, url: "https://evil.example/" } },
      null,
    );
    expect(withUrl.status).toBe(400);
    expect(withUrl.body.error?.code).toBe("ValidationError");
    const { authorization: _, ...unsigned } = signed.headers;
    await expectRefused(joinWith("con301", { ...signed, headers: unsigned }), 400, "MissingSignature");
  });

  it.skipIf(!existsSync(AWS_CLI))(
    "joins with the shipped script, credentials from the AWS CLI v2",
    async () => {
      const credentials = await credentialsOf(CAROL);
      const { stdout } = await run(
        "bash",
        [SCRIPT, api.url, "con301", codes.con301 as string, 'Carol "C" \\ O'],
        {
          env: {
            PATH: process.env.PATH ?? "/usr/bin:/bin",
            HOME: home,
            AWS_CLI,
            AWS_CONFIG_FILE: join(home, "config"),
            AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
            AWS_EC2_METADATA_DISABLED: "true",
            AWS_ACCESS_KEY_ID: credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
            AWS_SESSION_TOKEN: credentials.sessionToken,
            TARGETWATCH_STS_ENDPOINT: sim.endpoint,
            TARGETWATCH_STS_REGION: "us-west-2",
          },
        },
      );
      expect(JSON.parse(stdout)).toMatchObject({
        workshopId: "con301",
        accountId: CAROL,
        label: 'Carol "C" \\ O',
      });
      expect(await accountsOf("con301")).toContainEqual({ accountId: CAROL, label: 'Carol "C" \\ O' });
    },
  );
});
