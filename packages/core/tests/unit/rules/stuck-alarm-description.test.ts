import { describe, expect, it } from "vitest";
import {
  MAX_ALARM_DESCRIPTION_LENGTH,
  type StuckEntry,
  stuckAlarmDescription,
  stuckEntries,
} from "../../../src/rules/stuck-alarm-description.ts";
import { NLB_ARN, record, s, state } from "./fixtures.ts";

const WORKSHOP = { name: "CON301", stuckThresholdSeconds: 300 };
const BASE = 'Targets of workshop "CON301" not healthy for more than 300 s';
const inAccount = (accountId: string) => NLB_ARN.replace(/:\d{12}:/, `:${accountId}:`);

const entry = (who: string, since: number): StuckEntry => ({
  who,
  loadBalancer: "k8s-ui-uinlb-e1c1ebaeb4",
  target: "10.42.1.27:8080",
  state: "unhealthy",
  since,
});

describe("the stuck alarm's description", () => {
  it("is what the alarm is about alone while nobody is stuck", () => {
    expect(stuckAlarmDescription(WORKSHOP, [])).toBe(BASE);
  });

  it("names each stuck participant, NLB, target, state and since when", () => {
    // Act
    const text = stuckAlarmDescription(WORKSHOP, [
      entry("Table 3 – Alice", Date.parse("2026-12-03T14:05:00.250Z")),
    ]);
    // Assess
    expect(text).toBe(
      `${BASE}. Stuck (1): Table 3 – Alice: k8s-ui-uinlb-e1c1ebaeb4 10.42.1.27:8080 unhealthy since 2026-12-03T14:05:00Z`,
    );
  });

  it("fits CloudWatch's 1,024 characters, counting those left out", () => {
    // Prepare
    const many = Array.from({ length: 40 }, (_, i) => entry(`Table ${i} – Participant ${i}`, s(i)));
    // Act
    const text = stuckAlarmDescription(WORKSHOP, many);
    // Assess
    expect(text.length).toBeLessThanOrEqual(MAX_ALARM_DESCRIPTION_LENGTH);
    const named = (text.match(/ since /g) ?? []).length;
    expect(text).toMatch(new RegExp(`^${BASE}\\. Stuck \\(40\\): Table 0 – Participant 0: `));
    expect(text.endsWith(`; and ${40 - named} more`)).toBe(true);
    expect(named).toBeGreaterThan(5);
  });

  it("never exceeds the limit, even with a workshop name near its own", () => {
    const text = stuckAlarmDescription({ name: "x".repeat(1_000), stuckThresholdSeconds: 300 }, [
      entry("A", s(0)),
    ]);
    expect(text.length).toBe(MAX_ALARM_DESCRIPTION_LENGTH);
  });
});

describe("who is stuck in a workshop", () => {
  it("is named by label, else by account with accounts, longest stuck first", () => {
    // Prepare
    const workshop = {
      stuckThresholdSeconds: 300,
      accounts: [{ accountId: "210000000001", label: "Table 1 – Alice" }, { accountId: "210000000002" }],
    };
    const states = [
      state([record({ notHealthySince: s(100) })], { arn: inAccount("210000000001") }),
      state([record({ notHealthySince: s(0), id: "10.42.2.2" }), record({ state: "healthy" })], {
        arn: inAccount("210000000002"),
      }),
    ];
    // Act
    const stuck = stuckEntries(workshop, states, s(600));
    // Assess
    expect(stuck.map((e) => [e.who, e.target, e.since])).toEqual([
      ["210000000002", "10.42.2.2:8080", s(0)],
      ["Table 1 – Alice", "10.42.0.15:8080", s(100)],
    ]);
  });

  it("is named by cluster in a workshop without accounts, and leaves out who is not stuck yet", () => {
    const states = [
      state([record({ notHealthySince: s(0) })]),
      state([record({ notHealthySince: s(500) })], { cluster: "bob" }),
    ];
    expect(stuckEntries({ stuckThresholdSeconds: 300 }, states, s(600)).map((e) => e.who)).toEqual([
      "eks-workshop",
    ]);
  });
});
