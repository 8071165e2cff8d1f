import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createTable } from "@targetwatch/core";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";

const COLLECTOR_ROLE = "arn:aws:iam::123456789012:role/targetwatch-test-collector";
const ALLOWED = ["TargetWatchReader", "WorkshopReader"];
const account = (n: number) => String(210000000000 + n);

type Body = Record<string, unknown> & {
  error?: { code: string; message: string; details?: { field: string }[] };
};

describe("workshop config through the API: external id, accounts one by one, participant role", () => {
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const tableName = uniqueTableName("workshop-config-api");
  let api: LocalApi;
  let unconfigured: LocalApi;

  const callOn = async (on: LocalApi, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${on.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${on.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      body: (text ? JSON.parse(text) : undefined) as Body,
    };
  };
  const call = (method: string, path: string, body?: unknown) => callOn(api, method, path, body);

  /** Every attribute value of the workshops partition, as DynamoDB holds it. */
  async function storedWorkshopsText(): Promise<string> {
    const documents = DynamoDBDocumentClient.from(dynamodb);
    const out = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "WORKSHOPS" },
      }),
    );
    return JSON.stringify(out.Items ?? []);
  }

  beforeAll(async () => {
    await createTable(dynamodb, tableName);
    const common = { dynamodb, tableName, workshopCacheMs: 0, logLevel: "SILENT" as const };
    api = await startLocalApi({
      ...common,
      participantRoles: { allowedRoleNames: ALLOWED, collectorRoleArn: COLLECTOR_ROLE },
    });
    unconfigured = await startLocalApi(common);
  });
  afterAll(async () => {
    await api?.close();
    await unconfigured?.close();
    dynamodb.destroy();
  });

  describe("GET /workshops/{id}: what a participant role needs", () => {
    it("gives roleName, externalId, the accounts count and participantRole", async () => {
      // Act
      const created = await call("PUT", "/workshops/con301", {
        name: "CON301",
        roleName: "WorkshopReader",
        accounts: [{ accountId: account(1) }, { accountId: account(2), label: "Bob" }],
      });
      const read = await call("GET", "/workshops/con301");
      const elsewhere = await callOn(unconfigured, "GET", "/workshops/con301");
      // Assess
      expect(created.status).toBe(201);
      expect(read.body).toMatchObject({ roleName: "WorkshopReader", accountCount: 2 });
      expect(read.body.externalId).toMatch(/^tw-[0-9a-f]{32}$/);
      expect(read.body.participantRole).toEqual({
        collectorRoleArn: COLLECTOR_ROLE,
        externalId: read.body.externalId,
        roleName: "WorkshopReader",
        template: "infra/participant-role.yaml",
      });
      expect(created.body.participantRole).toEqual(read.body.participantRole);
      expect(elsewhere.body.participantRole).toBeNull();
    });

    it("refuses a roleName the deployment does not allow with a 400 naming the allowed ones, storing nothing", async () => {
      // Act
      const refused = await call("PUT", "/workshops/odd-role", { name: "Odd", roleName: "AdminRole" });
      const read = await call("GET", "/workshops/odd-role");
      const anyGoesLocally = await callOn(unconfigured, "PUT", "/workshops/odd-role-local", {
        name: "Odd",
        roleName: "AdminRole",
      });
      // Assess
      expect(refused.status).toBe(400);
      expect(refused.body.error?.code).toBe("ValidationError");
      expect(refused.body.error?.details?.map((d) => d.field)).toEqual(["body.roleName"]);
      expect(refused.body.error?.message).toContain('"TargetWatchReader", "WorkshopReader"');
      expect(read.status).toBe(404);
      expect(anyGoesLocally.status).toBe(201);
    });
  });

  describe("POST /workshops/{id}/external-id/rotate", () => {
    it("stores a new random external id in place of the old one and says how many accounts must update", async () => {
      // Prepare
      await call("PUT", "/workshops/rotating", { name: "R", accounts: [{ accountId: account(1) }] });
      const before = (await call("GET", "/workshops/rotating")).body.externalId as string;
      // Act
      const rotated = await call("POST", "/workshops/rotating/external-id/rotate");
      const after = await call("GET", "/workshops/rotating");
      // Assess
      expect(rotated.status).toBe(200);
      expect(rotated.body).toEqual({
        externalId: expect.stringMatching(/^tw-[0-9a-f]{32}$/),
        roleName: "TargetWatchReader",
        accountsToUpdate: 1,
      });
      expect(rotated.body.externalId).not.toBe(before);
      expect(after.body.externalId).toBe(rotated.body.externalId);
      expect(after.body.participantRole).toMatchObject({ externalId: rotated.body.externalId });
      expect(await storedWorkshopsText()).not.toContain(before);
    });

    it("answers 404 JSON for a workshop that does not exist, and for the implicit default", async () => {
      for (const id of ["nowhere", "default"]) {
        const reply = await call("POST", `/workshops/${id}/external-id/rotate`);
        expect(reply.status).toBe(404);
        expect(reply.type).toMatch(/^application\/json/);
        expect(reply.body.error?.code).toBe("NotFound");
      }
    });
  });

  describe("PUT and DELETE /workshops/{id}/accounts/{accountId}", () => {
    it("adds (201), repeats idempotently (200), relabels (200), removes (204), then 404s", async () => {
      // Prepare
      await call("PUT", "/workshops/one-by-one", { name: "One by one" });
      const path = `/workshops/one-by-one/accounts/${account(7)}`;
      // Act
      const added = await call("PUT", path, { label: "  Table 7 – Grace  " });
      const repeated = await call("PUT", path, {});
      const relabelled = await call("PUT", path, { label: "Grace" });
      const listed = await call("GET", "/workshops/one-by-one/accounts");
      const removed = await call("DELETE", path);
      const again = await call("DELETE", path);
      const afterwards = await call("GET", "/workshops/one-by-one");
      // Assess
      expect([added.status, repeated.status, relabelled.status]).toEqual([201, 200, 200]);
      expect(added.body).toEqual({ accountId: account(7), label: "Table 7 – Grace", joinedAt: null });
      expect(repeated.body.label).toBe("Table 7 – Grace");
      expect(relabelled.body.label).toBe("Grace");
      expect(listed.body.accounts).toEqual([
        expect.objectContaining({ accountId: account(7), label: "Grace", status: "pending" }),
      ]);
      expect(removed.status).toBe(204);
      expect(again.status).toBe(404);
      expect(again.type).toMatch(/^application\/json/);
      expect(again.body.error?.message).toContain(`account ${account(7)} is not in workshop "one-by-one"`);
      expect(afterwards.body).toMatchObject({ accounts: [], accountCount: 0 });
    });

    it.each([
      ["an 11-digit account id", `/accounts/${account(1).slice(1)}`, {}, "path.accountId"],
      [
        "a label with a control character",
        `/accounts/${account(1)}`,
        { label: "Eve\u001b[2J" },
        "body.label",
      ],
      ["an empty label", `/accounts/${account(1)}`, { label: "  " }, "body.label"],
      ["an unknown field", `/accounts/${account(1)}`, { role: "x" }, "body"],
    ])("refuses %s with a 400 naming the field", async (_, suffix, body, field) => {
      await call("PUT", "/workshops/hygiene", { name: "Hygiene" });
      const reply = await call("PUT", `/workshops/hygiene${suffix}`, body);
      expect(reply.status).toBe(400);
      expect(reply.body.error?.details?.map((d) => d.field)).toContain(field);
      expect((await call("GET", "/workshops/hygiene")).body.accountCount).toBe(0);
    });

    it("answers 404 for an account of a workshop that does not exist", async () => {
      const put = await call("PUT", `/workshops/ghost/accounts/${account(1)}`, {});
      const del = await call("DELETE", `/workshops/ghost/accounts/${account(1)}`);
      expect([put.status, del.status]).toEqual([404, 404]);
    });

    it("refuses the 1,001st account with a 409 but still relabels one at the limit", async () => {
      // Prepare
      const accounts = Array.from({ length: 1000 }, (_, i) => ({ accountId: account(i) }));
      await call("PUT", "/workshops/full", { name: "Full", accounts });
      // Act
      const refused = await call("PUT", `/workshops/full/accounts/${account(5000)}`, {
        label: "One too many",
      });
      const relabelled = await call("PUT", `/workshops/full/accounts/${account(0)}`, { label: "First" });
      // Assess
      expect(refused.status).toBe(409);
      expect(refused.body.error?.code).toBe("AccountLimitReached");
      expect(refused.body.error?.message).toContain("over the limit of 1000");
      expect(relabelled.status).toBe(200);
      expect((await call("GET", "/workshops/full")).body.accountCount).toBe(1000);
    });
  });

  it("a PUT of the workshop and accounts added one by one at the same time: all of them land", async () => {
    // Prepare
    await call("PUT", "/workshops/busy", {
      name: "Busy",
      accounts: [{ accountId: account(1), label: "Alice" }],
    });
    // Act: a facilitator renames the workshop while accounts are added, all at once (7 + 1 writers: each
    // lost race is another's win, so none of them runs out of its 8 attempts)
    const adds = Array.from({ length: 7 }, (_, i) => account(100 + i));
    const [put, ...added] = await Promise.all([
      call("PUT", "/workshops/busy", { name: "Busy, renamed", stuckThresholdSeconds: 600 }),
      ...adds.map((id) => call("PUT", `/workshops/busy/accounts/${id}`, { label: `P ${id}` })),
    ]);
    // Assess
    expect(put?.status).toBe(200);
    expect(added.map((r) => r.status)).toEqual(adds.map(() => 201));
    const read = await call("GET", "/workshops/busy");
    expect(read.body).toMatchObject({ name: "Busy, renamed", stuckThresholdSeconds: 600, accountCount: 8 });
    const ids = (read.body.accounts as { accountId: string }[]).map((a) => a.accountId).sort();
    expect(ids).toEqual([account(1), ...adds]);
  });
});
