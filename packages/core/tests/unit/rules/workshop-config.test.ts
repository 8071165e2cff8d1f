import { describe, expect, it } from "vitest";
import { MAX_WORKSHOP_ACCOUNTS } from "../../../src/model/constants.ts";
import type { Workshop } from "../../../src/model/workshop.ts";
import {
  AccountLimitError,
  newWorkshop,
  replaceConfig,
  type WorkshopConfigInput,
  withAccount,
  withoutAccount,
} from "../../../src/rules/workshop-config.ts";

const [ALICE, BOB, CAROL] = ["210000000001", "210000000002", "210000000003"];

const input = (overrides: Partial<WorkshopConfigInput> = {}): WorkshopConfigInput => ({
  id: "class",
  name: "Class",
  selector: { tags: [], regions: ["us-west-2"] },
  stuckThresholdSeconds: 300,
  retentionDays: 30,
  ...overrides,
});

const stored = (overrides: Partial<Workshop> = {}): Workshop => ({
  ...newWorkshop(input(), "tw-stored"),
  ...overrides,
});

const many = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ accountId: String(220000000000 + from + i) }));

describe("a PUT on a workshop (replaceConfig)", () => {
  it("replaces the facilitator's settings and keeps targetwatch's own fields", () => {
    // Prepare: a join code is a field a PUT does not know of
    const joinCode = { code: "jc-1", createdAt: 1 };
    const current: Workshop = { ...stored({ roleName: "Old", externalId: "tw-kept" }), joinCode };
    // Act
    const next = replaceConfig(
      current,
      input({ name: "New", stuckThresholdSeconds: 60, selector: { tags: [], regions: [] } }),
      "tw-new",
    );
    // Assess
    expect(next).toMatchObject({
      name: "New",
      stuckThresholdSeconds: 60,
      externalId: "tw-kept",
      joinCode,
    });
    expect(next.selector).toEqual({ tags: [], regions: [] });
    expect(next).not.toHaveProperty("roleName");
  });

  it("adds listed accounts, relabels the given labels, keeps unlisted and self-joined ones", () => {
    // Prepare
    const current = stored({
      accounts: [
        { accountId: ALICE, label: "Alice", joinedAt: 5 },
        { accountId: BOB, label: "Bob" },
      ],
    });
    // Act
    const next = replaceConfig(
      current,
      input({
        accounts: [
          { accountId: CAROL, label: "Carol" },
          { accountId: ALICE, label: "Alice B." },
          { accountId: BOB },
        ],
      }),
      "x",
    );
    // Assess
    expect(next.accounts).toEqual([
      { accountId: ALICE, label: "Alice B.", joinedAt: 5 },
      { accountId: BOB, label: "Bob" },
      { accountId: CAROL, label: "Carol" },
    ]);
  });

  it("gives a workshop stored before external ids existed the generated one", () => {
    const { externalId: _, ...legacy } = stored();
    expect(replaceConfig(legacy, input(), "tw-generated").externalId).toBe("tw-generated");
  });

  it("refuses to take the accounts past the limit", () => {
    const current = stored({ accounts: many(MAX_WORKSHOP_ACCOUNTS - 1) });
    expect(() => replaceConfig(current, input({ accounts: many(2, 5_000) }), "x")).toThrow(AccountLimitError);
    expect(replaceConfig(current, input({ accounts: many(1, 5_000) }), "x").accounts).toHaveLength(
      MAX_WORKSHOP_ACCOUNTS,
    );
  });
});

describe("adding and removing one account", () => {
  it("appends a new account, relabels a known one, and changes nothing for a repeat", () => {
    const current = stored({ accounts: [{ accountId: ALICE, label: "Alice" }] });
    expect(withAccount(current, { accountId: BOB }).accounts).toEqual([
      { accountId: ALICE, label: "Alice" },
      { accountId: BOB },
    ]);
    expect(withAccount(current, { accountId: ALICE, label: "A." }).accounts).toEqual([
      { accountId: ALICE, label: "A." },
    ]);
    expect(withAccount(current, { accountId: ALICE, label: "Alice" })).toBe(current);
    expect(withAccount(current, { accountId: ALICE })).toBe(current);
  });

  it("refuses the 1,001st account but still relabels at the limit", () => {
    const full = stored({ accounts: many(MAX_WORKSHOP_ACCOUNTS) });
    expect(() => withAccount(full, { accountId: ALICE })).toThrow(/over the limit of 1000/);
    expect(withAccount(full, { accountId: "220000000000", label: "First" }).accounts?.[0]?.label).toBe(
      "First",
    );
  });

  it("removes an account, drops the list with the last one, and leaves an unknown one alone", () => {
    const current = stored({ accounts: [{ accountId: ALICE }, { accountId: BOB }] });
    expect(withoutAccount(current, ALICE).accounts).toEqual([{ accountId: BOB }]);
    expect(withoutAccount(withoutAccount(current, ALICE), BOB)).not.toHaveProperty("accounts");
    expect(withoutAccount(current, CAROL)).toBe(current);
  });
});
