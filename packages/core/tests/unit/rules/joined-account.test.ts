import { describe, expect, it } from "vitest";
import { MAX_WORKSHOP_ACCOUNTS } from "../../../src/model/constants.ts";
import type { Workshop } from "../../../src/model/workshop.ts";
import { AccountLimitError } from "../../../src/rules/index.ts";
import { withJoinedAccount } from "../../../src/rules/joined-account.ts";

const T0 = Date.parse("2026-11-27T09:00:00Z");
const T1 = T0 + 60_000;
const workshop: Workshop = {
  id: "con301",
  name: "CON301",
  selector: { tags: [], regions: [] },
  stuckThresholdSeconds: 300,
  retentionDays: 1,
  externalId: "tw-x",
  joinCode: { code: "twj-1", createdAt: T0 },
};

describe("a participant's account joining a workshop", () => {
  it("is added at the end with its label and when it joined, the rest of the workshop kept", () => {
    const first = withJoinedAccount(
      { ...workshop, accounts: [{ accountId: "210000000001" }] },
      { accountId: "210000000002", label: "Bob" },
      T0,
    );
    expect(first.created).toBe(true);
    expect(first.account).toEqual({ accountId: "210000000002", label: "Bob", joinedAt: T0 });
    expect(first.workshop).toEqual({
      ...workshop,
      accounts: [{ accountId: "210000000001" }, { accountId: "210000000002", label: "Bob", joinedAt: T0 }],
    });
  });

  it("joining again updates the label, keeps the place, the first joinedAt, and a label not re-given", () => {
    const joined = { ...workshop, accounts: [{ accountId: "210000000002", label: "Bob", joinedAt: T0 }] };
    expect(withJoinedAccount(joined, { accountId: "210000000002", label: "Bobby" }, T1)).toMatchObject({
      created: false,
      account: { accountId: "210000000002", label: "Bobby", joinedAt: T0 },
    });
    expect(withJoinedAccount(joined, { accountId: "210000000002" }, T1)).toMatchObject({
      account: { label: "Bob", joinedAt: T0 },
    });
  });

  it("marks an account the facilitators named as joined", () => {
    const named = { ...workshop, accounts: [{ accountId: "210000000003", label: "Cy" }] };
    expect(withJoinedAccount(named, { accountId: "210000000003" }, T1)).toMatchObject({
      created: false,
      account: { accountId: "210000000003", label: "Cy", joinedAt: T1 },
    });
  });

  it("is refused beyond the accounts limit, unless already there", () => {
    const accounts = Array.from({ length: MAX_WORKSHOP_ACCOUNTS }, (_, i) => ({
      accountId: String(210_000_000_000 + i),
    }));
    const full = { ...workshop, accounts };
    expect(() => withJoinedAccount(full, { accountId: "299999999999" }, T0)).toThrow(AccountLimitError);
    expect(withJoinedAccount(full, { accountId: "210000000000" }, T0).created).toBe(false);
  });
});
