import { describe, expect, it } from "vitest";
import type { Workshop } from "../../../src/model/workshop.ts";
import {
  accountStatuses,
  inScope,
  observationKeyOf,
  roleHint,
  scopeKey,
  scopesToWatch,
  workshopScopes,
} from "../../../src/rules/index.ts";
import { NLB_ARN, REGION, s } from "./fixtures.ts";

const ALICE = "210000000001";
const BOB = "210000000002";
const base: Workshop = {
  id: "w",
  name: "W",
  selector: { tags: [], regions: [] },
  stuckThresholdSeconds: 300,
  retentionDays: 1,
};
const classOf = (externalId: string, accountIds = [ALICE, BOB]): Workshop => ({
  ...base,
  accounts: accountIds.map((accountId) => ({ accountId })),
  externalId,
});
const arnIn = (accountId: string) => NLB_ARN.replace(/:\d{12}:/, `:${accountId}:`);

describe("a workshop's scopes", () => {
  it("are its regions in the deployment's own account without accounts, as before", () => {
    expect(workshopScopes(base, [REGION, "eu-west-1"])).toEqual([
      { region: REGION },
      { region: "eu-west-1" },
    ]);
    expect(observationKeyOf(base, { arn: arnIn(ALICE), region: REGION })).toBe(REGION);
    expect(inScope({ region: REGION }, { arn: arnIn(ALICE), region: REGION })).toBe(true);
  });

  it("are each account in each region with accounts, through the workshop's role and external id", () => {
    const scopes = workshopScopes({ ...classOf("tw-1"), roleName: "Reader" }, [REGION]);
    expect(scopes).toEqual([
      { region: REGION, access: { accountId: ALICE, roleName: "Reader", externalId: "tw-1" } },
      { region: REGION, access: { accountId: BOB, roleName: "Reader", externalId: "tw-1" } },
    ]);
    expect(inScope(scopes[0] as (typeof scopes)[0], { arn: arnIn(BOB), region: REGION })).toBe(false);
    expect(observationKeyOf(classOf("tw-1"), { arn: arnIn(BOB), region: REGION })).toBe(`${BOB}/${REGION}`);
  });

  it("are read once for workshops that reach an account alike, and apart for another external id", () => {
    const scopes = scopesToWatch(
      [classOf("tw-1"), classOf("tw-1", [ALICE]), classOf("tw-2", [ALICE])],
      [REGION],
    );
    expect(scopes.map(scopeKey)).toHaveLength(3);
    expect(
      scopes
        .filter((sc) => sc.access?.accountId === ALICE)
        .map((sc) => sc.access?.externalId)
        .sort(),
    ).toEqual(["tw-1", "tw-2"]);
  });
});

describe("accountStatuses", () => {
  const input = { accountIds: [ALICE, BOB], loadBalancers: new Map([[ALICE, 2]]), at: s(60) };

  it("is pending before the first sweep reads an account, ok once read in every region", () => {
    const statuses = accountStatuses({
      ...input,
      outcomes: new Map([[ALICE, [{ kind: "ok" as const }, { kind: "ok" as const }]]]),
    });
    expect(statuses).toEqual({
      [ALICE]: { status: "ok", lastSweptAt: s(60), loadBalancers: 2 },
      [BOB]: { status: "pending", loadBalancers: 0 },
    });
  });

  it("is roleNotAssumable if STS refused in any region, else error if any read failed, keeping the last good sweep", () => {
    const statuses = accountStatuses({
      ...input,
      previous: { [ALICE]: { status: "ok", lastSweptAt: s(0), loadBalancers: 2 } },
      outcomes: new Map([
        [
          ALICE,
          [{ kind: "ok" as const }, { kind: "roleNotAssumable" as const, message: "AccessDenied: no" }],
        ],
        [BOB, [{ kind: "error" as const, message: "x".repeat(500) }]],
      ]),
    });
    expect(statuses[ALICE]).toEqual({
      status: "roleNotAssumable",
      message: "AccessDenied: no",
      lastSweptAt: s(0),
      loadBalancers: 2,
    });
    expect(statuses[BOB]?.status).toBe("error");
    expect(statuses[BOB]?.message).toHaveLength(200);
  });

  it("keeps the previous status of an account the sweep did not get to", () => {
    const previous = { [BOB]: { status: "error" as const, message: "Rate exceeded", loadBalancers: 1 } };
    expect(accountStatuses({ ...input, previous, outcomes: new Map() })[BOB]).toEqual({
      status: "error",
      message: "Rate exceeded",
      loadBalancers: 0,
    });
  });
});

describe("roleHint", () => {
  it("points at the template when the role never worked, at a rotation or deletion when it did, and always names the three causes", () => {
    const never = roleHint("TargetWatchReader", undefined);
    const before = roleHint("TargetWatchReader", s(0));
    expect(never).toMatch(
      /not deployed in this account yet, or it created the role under another name than TargetWatchReader/,
    );
    expect(before).toMatch(/external id was rotated .*, or the role was deleted/);
    for (const hint of [never, before]) {
      expect(hint).toContain("the role does not exist in the account");
      expect(hint).toContain("its trust policy does not name targetwatch's collector role");
      expect(hint).toContain("it requires another external id than the workshop's");
    }
  });
});
