import { describe, expect, it } from "vitest";
import { assertOneAccount, pickNamed } from "../../../src/queries/name-choices.ts";
import { AmbiguousNameError } from "../../../src/queries/query-errors.ts";
import { labelsOf } from "../../../src/rules/account-participants.ts";
import { NLB_ARN, s, state } from "../rules/fixtures.ts";

const NAME = "k8s-ui-uinlb-a9797f0f61";
const inAccount = (accountId: string, id = "4f0ed3fa0ab3a2f0") =>
  NLB_ARN.replace(/:\d{12}:/, `:${accountId}:`).replace(/[0-9a-f]+$/, id);
const labelOf = labelsOf({
  accounts: [
    { accountId: "210000000002", label: "Table 10 – Bob" },
    { accountId: "210000000001", label: "Table 2 – Alice" },
  ],
});

function caught(act: () => unknown): AmbiguousNameError {
  try {
    act();
  } catch (error) {
    if (error instanceof AmbiguousNameError) return error;
    throw error;
  }
  throw new Error("expected AmbiguousNameError");
}

describe("which NLB a name stands for", () => {
  it("is the only account's, the one first seen last when a re-created NLB overlaps its predecessor", () => {
    // Prepare
    const old = state([], { arn: inAccount("210000000001", "old"), firstSeenAt: s(0) });
    const recreated = state([], { arn: inAccount("210000000001", "new"), firstSeenAt: s(600) });
    // Act, Assess
    expect(pickNamed([recreated, old], NAME, { labelOf })?.arn).toBe(recreated.arn);
    expect(pickNamed([], NAME, { labelOf })).toBeUndefined();
  });

  it("is the asked account's when several accounts have one, and none for an account without", () => {
    // Prepare
    const found = [
      state([], { arn: inAccount("210000000001") }),
      state([], { arn: inAccount("210000000002"), region: "eu-west-1" }),
    ];
    // Act, Assess
    expect(pickNamed(found, NAME, { account: "210000000002", labelOf })?.region).toBe("eu-west-1");
    expect(pickNamed(found, NAME, { account: "210000000009", labelOf })).toBeUndefined();
  });

  it("is ambiguous without an account when several accounts have one: the choices in label order", () => {
    // Prepare
    const found = [
      state([], { arn: inAccount("210000000003") }),
      state([], { arn: inAccount("210000000002") }),
      state([], { arn: inAccount("210000000001") }),
    ];
    // Act
    const error = caught(() => pickNamed(found, NAME, { labelOf }));
    // Assess
    expect(error.choices).toEqual([
      { accountId: "210000000001", label: "Table 2 – Alice", region: "us-west-2" },
      { accountId: "210000000002", label: "Table 10 – Bob", region: "us-west-2" },
      { accountId: "210000000003", label: null, region: "us-west-2" },
    ]);
    expect(error.message).toContain("?account=");
    expect(error.message).toContain('210000000001 "Table 2 – Alice"');
  });

  it("names at most ten choices in its message, and all in its choices", () => {
    // Prepare
    const found = Array.from({ length: 12 }, (_, i) => state([], { arn: inAccount(`2100000001${10 + i}`) }));
    // Act
    const error = caught(() => pickNamed(found, NAME, { labelOf }));
    // Assess
    expect(error.choices).toHaveLength(12);
    expect(error.message).toMatch(/, and 2 more in "accounts"\)$/);
  });
});

describe("a page of transitions of one name", () => {
  const transition = (accountId: string) => ({ loadBalancerArn: inAccount(accountId), region: "us-west-2" });

  it("passes when its transitions are of one account's NLBs", () => {
    expect(() =>
      assertOneAccount([transition("210000000001"), transition("210000000001")], NAME, labelOf),
    ).not.toThrow();
    expect(() => assertOneAccount([], NAME, labelOf)).not.toThrow();
  });

  it("is ambiguous when they are of several accounts' NLBs", () => {
    const error = caught(() =>
      assertOneAccount([transition("210000000002"), transition("210000000001")], NAME, labelOf),
    );
    expect(error.choices.map((c) => c.accountId)).toEqual(["210000000001", "210000000002"]);
  });
});
