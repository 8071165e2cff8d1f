import { describe, expect, it } from "vitest";
import { AccountDirectory } from "../../src/accounts/account-directory.ts";
import { principalMatches, roleIdFor, roleSession } from "../../src/accounts/principal.ts";

const MONITOR = "111111111111";
const ALICE = "222222222222";

function directory(): AccountDirectory {
  return new AccountDirectory({
    monitor: { accountId: MONITOR },
    accounts: [
      { accountId: ALICE, label: "Alice" },
      { accountId: "333333333333", roleSetting: "missing" },
      { accountId: "444444444444", roleSetting: "wrongExternalId" },
      { accountId: MONITOR, label: "targetwatch" },
    ],
  });
}

describe("AccountDirectory", () => {
  it("keeps the monitor first, and lets a listed monitor only refine its label", () => {
    const accounts = directory().list();
    expect(accounts.map((a) => [a.accountId, a.monitor, a.label, a.ownRoleName])).toEqual([
      [MONITOR, true, "targetwatch", "targetwatch-collector"],
      [ALICE, false, "Alice", "WSParticipantRole"],
      ["333333333333", false, undefined, "WSParticipantRole"],
      ["444444444444", false, undefined, "WSParticipantRole"],
    ]);
  });

  it("deploys the template as each account's setting says", () => {
    // Prepare
    const d = directory();
    const template = { name: "TargetWatchReader", externalId: "tw-1", trustedPrincipal: d.monitorRoleArn() };
    // Act
    const deployed = ["222222222222", "333333333333", "444444444444"].map((id) =>
      d.deployTemplate(id, template),
    );
    // Assess
    expect(deployed.map((role) => role?.externalId ?? null)).toEqual(["tw-1", null, "not-tw-1"]);
    expect(deployed[0]).toMatchObject({
      arn: `arn:aws:iam::${ALICE}:role/TargetWatchReader`,
      trustedPrincipal: `arn:aws:iam::${MONITOR}:role/targetwatch-collector`,
      maxSessionSeconds: 3600,
    });
    expect(d.role(ALICE, "TargetWatchReader")).toBe(deployed[0]);
  });

  it("removes the role when the account's setting becomes missing", () => {
    const d = directory();
    const template = { name: "R", trustedPrincipal: MONITOR };
    d.deployTemplate(ALICE, template);
    expect(d.deployTemplate(ALICE, template, "missing")).toBeUndefined();
    expect(d.roles(ALICE)).toEqual([]);
    expect(d.get(ALICE)?.roleSetting).toBe("missing");
  });
});

describe("trust policy principals", () => {
  const collector = roleSession(MONITOR, "targetwatch-collector", "collector");

  it.each([
    [MONITOR, true],
    [`arn:aws:iam::${MONITOR}:root`, true],
    [`arn:aws:iam::${MONITOR}:role/targetwatch-collector`, true],
    [`arn:aws:iam::${MONITOR}:role/service-role/targetwatch-collector`, true],
    [`arn:aws:sts::${MONITOR}:assumed-role/targetwatch-collector/collector`, true],
    [`arn:aws:sts::${MONITOR}:assumed-role/targetwatch-collector/other`, false],
    [`arn:aws:iam::${MONITOR}:role/SomeoneElse`, false],
    [ALICE, false],
  ])("%s trusts the collector's session: %s", (trusted, expected) => {
    expect(principalMatches(trusted, collector)).toBe(expected);
  });

  it("gives a role the same AROA id in every run", () => {
    expect(roleIdFor(MONITOR, "targetwatch-collector")).toBe(roleIdFor(MONITOR, "targetwatch-collector"));
    expect(roleIdFor(MONITOR, "targetwatch-collector")).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(collector.userId).toBe(`${roleIdFor(MONITOR, "targetwatch-collector")}:collector`);
  });
});
