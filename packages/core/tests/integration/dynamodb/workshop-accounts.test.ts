import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workshopInputSchema } from "../../../src/contracts/index.ts";
import { WorkshopQueries } from "../../../src/queries/workshop-queries.ts";
import { heartbeat, REGION, workshop } from "./fixtures.ts";
import { createTestTable, type TestTable } from "./rig.ts";

const ALICE = "210000000001";
const BOB = "210000000002";

describe("a workshop's participant accounts, role name and external id", () => {
  let table: TestTable;
  let api: WorkshopQueries;

  beforeAll(async () => {
    table = await createTestTable("accounts");
    api = new WorkshopQueries({
      store: table.store(),
      defaultRegions: [REGION],
      tokenSecret: "accounts",
      workshopCacheMs: 0,
    });
  });

  afterAll(() => table.destroy());

  it("generates the external id on create and keeps it across updates, whatever the update says; adds accounts", async () => {
    // Act
    const created = await api.putWorkshop(
      workshop({ id: "class", accounts: [{ accountId: ALICE, label: "Table 1 – Alice" }] }),
    );
    const updated = await api.putWorkshop(
      workshop({ id: "class", accounts: [{ accountId: BOB }], roleName: "Reader", externalId: "chosen" }),
    );
    const other = await api.putWorkshop(workshop({ id: "other-class" }));
    const read = await api.getWorkshop("class");

    // Assess
    expect(created.workshop.externalId).toMatch(/^tw-[0-9a-f]{32}$/);
    expect(created.workshop.roleName).toBe("TargetWatchReader");
    expect(created.workshop.accounts).toEqual([{ accountId: ALICE, label: "Table 1 – Alice" }]);
    expect(updated.workshop.externalId).toBe(created.workshop.externalId);
    // A PUT adds to the accounts (only DELETE …/accounts/{accountId} removes one): see replaceConfig.
    expect(read).toMatchObject({
      roleName: "Reader",
      externalId: created.workshop.externalId,
      accounts: [
        { accountId: ALICE, label: "Table 1 – Alice" },
        { accountId: BOB, label: null },
      ],
    });
    expect(other.workshop.externalId).not.toBe(created.workshop.externalId);
    expect(other.workshop.accounts).toEqual([]);
  });
});

describe("GET /workshops/{id}/accounts", () => {
  let table: TestTable;
  let api: WorkshopQueries;

  beforeAll(async () => {
    table = await createTestTable("account-list");
    api = new WorkshopQueries({
      store: table.store(),
      defaultRegions: [REGION],
      tokenSecret: "a",
      workshopCacheMs: 0,
    });
  });

  afterAll(() => table.destroy());

  it("lists every account in the workshop's order with its label, status, hint, last sweep and NLBs", async () => {
    // Prepare: Alice read fine, Bob's role never assumable, Carol's refused after working, Dave not swept yet
    const [CAROL, DAVE] = ["210000000003", "210000000004"];
    const at = Date.parse("2026-11-27T09:10:00.000Z");
    const { workshop: created } = await api.putWorkshop(
      workshop({
        id: "listed",
        accounts: [
          { accountId: ALICE, label: "Alice" },
          { accountId: BOB },
          { accountId: CAROL },
          { accountId: DAVE },
        ],
      }),
    );
    await table.store().putHeartbeat({
      ...heartbeat({ workshopId: "listed", at }),
      accounts: {
        [ALICE]: { status: "ok", lastSweptAt: at, loadBalancers: 1 },
        [BOB]: { status: "roleNotAssumable", message: "AccessDenied: no", loadBalancers: 0 },
        [CAROL]: {
          status: "roleNotAssumable",
          message: "AccessDenied: no",
          lastSweptAt: at - 60_000,
          loadBalancers: 2,
        },
      },
    });
    // Act
    const listed = await api.accounts("listed");
    // Assess
    expect(listed.roleName).toBe("TargetWatchReader");
    expect(listed.externalId).toBe(created.externalId);
    expect(
      listed.accounts.map((a) => [a.accountId, a.label, a.status, a.lastSweptAt, a.loadBalancers]),
    ).toEqual([
      [ALICE, "Alice", "ok", "2026-11-27T09:10:00.000Z", 1],
      [BOB, null, "roleNotAssumable", null, 0],
      [CAROL, null, "roleNotAssumable", "2026-11-27T09:09:00.000Z", 2],
      [DAVE, null, "pending", null, 0],
    ]);
    expect(listed.accounts[0]?.hint).toBeNull();
    expect(listed.accounts[1]?.hint).toContain("not deployed in this account yet");
    expect(listed.accounts[2]?.hint).toContain("external id was rotated");
    expect(listed.accounts[1]?.message).toBe("AccessDenied: no");
  });

  it("after an external id rotation, hints at it for an account whose role worked before", async () => {
    // Prepare: Alice was read fine, then the facilitators rotated the external id
    const at = Date.parse("2026-11-27T09:10:00.000Z");
    const { workshop: created } = await api.putWorkshop(
      workshop({ id: "rotated", accounts: [{ accountId: ALICE }] }),
    );
    const rotation = await api.rotateExternalId("rotated");
    await table.store().putHeartbeat({
      ...heartbeat({ workshopId: "rotated", at: at + 60_000 }),
      accounts: {
        [ALICE]: { status: "roleNotAssumable", message: "AccessDenied", lastSweptAt: at, loadBalancers: 1 },
      },
    });
    // Act
    const listed = await api.accounts("rotated");
    // Assess
    expect(rotation).toMatchObject({ roleName: "TargetWatchReader", accountsToUpdate: 1 });
    expect(rotation.externalId).not.toBe(created.externalId);
    expect(listed.externalId).toBe(rotation.externalId);
    expect(listed.accounts[0]?.hint).toContain("external id was rotated");
  });

  it("lists none for a workshop that reads the deployment's own account", async () => {
    await api.putWorkshop(workshop({ id: "own" }));
    expect((await api.accounts("own")).accounts).toEqual([]);
  });
});

describe("PUT /workshops/{id}'s accounts and roleName", () => {
  const base = { name: "Class" };
  const parse = (input: object) => workshopInputSchema.safeParse({ ...base, ...input });

  it("defaults to no accounts and the TargetWatchReader role", () => {
    expect(parse({}).data).toMatchObject({ accounts: [], roleName: "TargetWatchReader" });
  });

  it("accepts up to 1,000 distinct 12-digit accounts with plain-text labels", () => {
    const accounts = Array.from({ length: 1000 }, (_, i) => ({ accountId: String(210000000000 + i) }));
    expect(parse({ accounts }).success).toBe(true);
    expect(parse({ accounts: [{ accountId: ALICE, label: "  Alice  " }] }).data?.accounts).toEqual([
      { accountId: ALICE, label: "Alice" },
    ]);
  });

  it.each([
    ["an 11-digit id", { accounts: [{ accountId: "21000000001" }] }],
    ["an id with a letter", { accounts: [{ accountId: "21000000000a" }] }],
    ["an account twice", { accounts: [{ accountId: ALICE }, { accountId: ALICE, label: "again" }] }],
    [
      "1,001 accounts",
      { accounts: Array.from({ length: 1001 }, (_, i) => ({ accountId: String(210000000000 + i) })) },
    ],
    ["a label with a control character", { accounts: [{ accountId: ALICE, label: "Alice\u001b[2J" }] }],
    ["an empty label", { accounts: [{ accountId: ALICE, label: " " }] }],
    ["an unknown account field", { accounts: [{ accountId: ALICE, role: "x" }] }],
    ["a role name with a slash", { roleName: "path/Reader" }],
    ["an external id (targetwatch generates it)", { externalId: "mine" }],
  ])("refuses %s", (_, input) => {
    expect(parse(input).success).toBe(false);
  });
});
