import { describe, expect, it } from "vitest";
import { DEFAULT_WORKSHOP_GOAL } from "../../../src/model/progress.ts";
import {
  accountParticipants,
  accountStageCounts,
  labelsOf,
} from "../../../src/rules/account-participants.ts";
import { NLB_ARN, record, state } from "./fixtures.ts";

const ALICE = "210000000001";
const BOB = "210000000002";
const CAROL = "210000000003";
const inAccount = (accountId: string, id = "4f0ed3fa0ab3a2f0") =>
  NLB_ARN.replace(/:\d{12}:/, `:${accountId}:`).replace(/[0-9a-f]+$/, id);
const healthyIp = (n: number) =>
  Array.from({ length: n }, (_, i) => record({ id: `10.42.0.${i + 1}`, state: "healthy" }));

const CLASS = {
  accounts: [{ accountId: ALICE, label: "Table 1 – Alice" }, { accountId: BOB }, { accountId: CAROL }],
};

describe("participants' labels, resolved from the workshop's accounts", () => {
  it("gives each account its label, null for an account without one or not in the workshop", () => {
    // Act
    const labelOf = labelsOf(CLASS);
    // Assess
    expect([labelOf(ALICE), labelOf(BOB), labelOf("999999999999")]).toEqual(["Table 1 – Alice", null, null]);
    expect(labelsOf({})(ALICE)).toBeNull();
  });
});

describe("a workshop's participant accounts", () => {
  it("lists every account in the workshop's order, without NLB too, then accounts it no longer lists", () => {
    // Prepare
    const states = [
      state([], { arn: inAccount("299999999999") }),
      state([], { arn: inAccount(CAROL, "aaaa") }),
      state([], { arn: inAccount(CAROL, "bbbb") }),
    ];
    // Act
    const participants = accountParticipants(CLASS, states);
    // Assess
    expect(participants.map((p) => [p.accountId, p.label, p.states.length])).toEqual([
      [ALICE, "Table 1 – Alice", 0],
      [BOB, null, 0],
      [CAROL, null, 2],
      ["299999999999", null, 1],
    ]);
  });

  it("counts accounts by the stage of their most advanced NLB, those without an NLB as noNlb", () => {
    // Prepare: Alice done (3 healthy ip), Bob still in instance mode, Carol no NLB yet.
    const states = [
      state(healthyIp(3), { arn: inAccount(ALICE) }),
      state([], { arn: inAccount(ALICE, "old"), mode: "instance" }),
      state([], { arn: inAccount(BOB), mode: "instance" }),
    ];
    // Act
    const stages = accountStageCounts(CLASS, states, DEFAULT_WORKSHOP_GOAL);
    // Assess
    expect(stages).toEqual({ noNlb: 1, instance: 1, switching: 0, ipHealthy: 0, scaledOut: 0, done: 1 });
  });
});
