import { describe, expect, it } from "vitest";
import {
  type AlarmCriteria,
  breaches,
  evaluateCriteria,
  formatDouble,
  type PeriodValue,
  reasonTimestamp,
  stateReasonData,
  type ThresholdComparison,
} from "../../src/cloudwatch/alarm-evaluator.ts";
import { MINUTE, START } from "./fixtures.ts";

/** Consecutive one-minute periods from START; `undefined` is a period without data. */
function periods(values: ReadonlyArray<number | undefined>): PeriodValue[] {
  return values.map((value, i) => ({
    start: START + i * MINUTE,
    value,
    sampleCount: value === undefined ? 0 : 1,
  }));
}

function criteria(overrides: Partial<AlarmCriteria> = {}): AlarmCriteria {
  return { comparisonOperator: "GreaterThanThreshold", threshold: 0, evaluationPeriods: 1, ...overrides };
}

describe("alarm evaluation: threshold crossing", () => {
  it("goes to ALARM with AWS's reason when the only datapoint breaches", () => {
    // Prepare
    const input = periods([2]);

    // Act
    const outcome = evaluateCriteria(criteria(), input, "OK");

    // Assess
    expect(outcome.state).toBe("ALARM");
    expect(outcome.reason).toBe(
      "Threshold Crossed: 1 out of the last 1 datapoints [2.0 (27/11/26 12:00:00)] was greater than the threshold (0.0) " +
        "(minimum 1 datapoint for OK -> ALARM transition).",
    );
  });

  it("goes to OK with a 'was not' reason when the datapoint does not breach", () => {
    // Prepare
    const input = periods([0]);

    // Act
    const outcome = evaluateCriteria(criteria(), input, "ALARM");

    // Assess
    expect(outcome.state).toBe("OK");
    expect(outcome.reason).toBe(
      "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (27/11/26 12:00:00)] was not greater than the threshold (0.0) " +
        "(minimum 1 datapoint for ALARM -> OK transition).",
    );
  });

  it.each<[ThresholdComparison, number, number, boolean]>([
    ["GreaterThanThreshold", 5, 5, false],
    ["GreaterThanThreshold", 5.1, 5, true],
    ["GreaterThanOrEqualToThreshold", 5, 5, true],
    ["GreaterThanOrEqualToThreshold", 4.9, 5, false],
    ["LessThanThreshold", 5, 5, false],
    ["LessThanThreshold", 4.9, 5, true],
    ["LessThanOrEqualToThreshold", 5, 5, true],
    ["LessThanOrEqualToThreshold", 5.1, 5, false],
  ])("%s: %d against %d breaches = %s", (operator, value, threshold, expected) => {
    // Prepare
    const alarm = criteria({ comparisonOperator: operator, threshold });

    // Act
    const outcome = evaluateCriteria(alarm, periods([value]), "INSUFFICIENT_DATA");

    // Assess
    expect(breaches(operator, value, threshold)).toBe(expected);
    expect(outcome.state).toBe(expected ? "ALARM" : "OK");
  });

  it.each<[ThresholdComparison, number, string]>([
    ["GreaterThanOrEqualToThreshold", 1, "greater than or equal to"],
    ["LessThanThreshold", 0.5, "less than"],
    ["LessThanOrEqualToThreshold", 1, "less than or equal to"],
  ])("words %s (value %d) as '%s' in the reason", (operator, value, phrase) => {
    // Prepare
    const alarm = criteria({ comparisonOperator: operator, threshold: 1 });

    // Act
    const outcome = evaluateCriteria(alarm, periods([value]), "OK");

    // Assess
    expect(outcome.reason).toContain(`was ${phrase} the threshold (1.0)`);
  });
});

describe("alarm evaluation: M out of N", () => {
  const twoOfThree = criteria({ evaluationPeriods: 3, datapointsToAlarm: 2, threshold: 3 });

  it("alarms when M of the N periods breach, listing the breaching datapoints newest first", () => {
    // Act
    const outcome = evaluateCriteria(twoOfThree, periods([5, 1, 4]), "OK");

    // Assess
    expect(outcome.state).toBe("ALARM");
    expect(outcome.reason).toBe(
      "Threshold Crossed: 2 out of the last 3 datapoints [4.0 (27/11/26 12:02:00), 5.0 (27/11/26 12:00:00)] were " +
        "greater than the threshold (3.0) (minimum 2 datapoints for OK -> ALARM transition).",
    );
  });

  it("stays OK when fewer than M periods breach", () => {
    // Act
    const outcome = evaluateCriteria(twoOfThree, periods([5, 1, 1]), "OK");

    // Assess
    expect(outcome.state).toBe("OK");
  });

  it("needs N - M + 1 good datapoints to leave ALARM", () => {
    // Act
    const outcome = evaluateCriteria(twoOfThree, periods([5, 1, 1]), "ALARM");

    // Assess
    expect(outcome.state).toBe("OK");
    expect(outcome.reason).toBe(
      "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (27/11/26 12:02:00), 1.0 (27/11/26 12:01:00)] were not " +
        "greater than the threshold (3.0) (minimum 2 datapoints for ALARM -> OK transition).",
    );
  });

  it("defaults M to N when DatapointsToAlarm is not set", () => {
    // Prepare
    const threeOfThree = criteria({ evaluationPeriods: 3, threshold: 3 });

    // Act
    const someBreach = evaluateCriteria(threeOfThree, periods([5, 1, 5]), "OK");
    const allBreach = evaluateCriteria(threeOfThree, periods([5, 5, 5]), "OK");

    // Assess
    expect(someBreach.state).toBe("OK");
    expect(allBreach.state).toBe("ALARM");
  });
});

describe("alarm evaluation: TreatMissingData", () => {
  const threeOfThree = { evaluationPeriods: 3, threshold: 3 };
  const none = [undefined, undefined, undefined];

  it("missing (the default): all periods missing is INSUFFICIENT_DATA", () => {
    // Act
    const explicit = evaluateCriteria(
      criteria({ ...threeOfThree, treatMissingData: "missing" }),
      periods(none),
      "OK",
    );
    const byDefault = evaluateCriteria(criteria(threeOfThree), periods(none), "ALARM");

    // Assess
    expect(explicit.state).toBe("INSUFFICIENT_DATA");
    expect(explicit.reason).toBe("Insufficient Data: 3 datapoints were unknown.");
    expect(explicit.allMissing).toBe(true);
    expect(byDefault.state).toBe("INSUFFICIENT_DATA");
  });

  it("missing: evaluates only the periods with data, capping M at how many there are", () => {
    // Prepare
    const alarm = criteria({ ...threeOfThree, treatMissingData: "missing" });

    // Act
    const breaching = evaluateCriteria(alarm, periods([undefined, 5, undefined]), "OK");
    const good = evaluateCriteria(alarm, periods([undefined, 1, undefined]), "ALARM");

    // Assess
    expect(breaching.state).toBe("ALARM");
    expect(breaching.reason).toContain("1 out of the last 1 datapoints [5.0 (27/11/26 12:01:00)]");
    expect(good.state).toBe("OK");
  });

  it("ignore: keeps the current state when every period is missing", () => {
    // Prepare
    const alarm = criteria({ ...threeOfThree, treatMissingData: "ignore" });

    // Act
    const fromAlarm = evaluateCriteria(alarm, periods(none), "ALARM");
    const fromOk = evaluateCriteria(alarm, periods(none), "OK");
    const withData = evaluateCriteria(alarm, periods([undefined, undefined, 5]), "OK");

    // Assess
    expect(fromAlarm.state).toBe("ALARM");
    expect(fromOk.state).toBe("OK");
    expect(withData.state).toBe("ALARM");
  });

  it("breaching: missing periods count as breaching, so no data at all is ALARM", () => {
    // Prepare
    const alarm = criteria({ ...threeOfThree, treatMissingData: "breaching" });

    // Act
    const noData = evaluateCriteria(alarm, periods(none), "OK");
    const oneReal = evaluateCriteria(alarm, periods([5, undefined, undefined]), "OK");
    const oneGood = evaluateCriteria(alarm, periods([1, undefined, undefined]), "OK");

    // Assess
    expect(noData.state).toBe("ALARM");
    expect(noData.reason).toBe(
      "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].",
    );
    expect(oneReal.state).toBe("ALARM");
    expect(oneReal.reason).toContain("2 missing datapoints were treated as [Breaching].");
    expect(oneGood.state).toBe("OK");
  });

  it("notBreaching: missing periods count as good, so no data at all is OK", () => {
    // Prepare
    const alarm = criteria({ ...threeOfThree, datapointsToAlarm: 2, treatMissingData: "notBreaching" });

    // Act
    const noData = evaluateCriteria(alarm, periods(none), "ALARM");
    const oneBreach = evaluateCriteria(alarm, periods([undefined, 5, undefined]), "OK");
    const twoBreaches = evaluateCriteria(alarm, periods([5, 5, undefined]), "OK");

    // Assess
    expect(noData.state).toBe("OK");
    expect(noData.reason).toContain("treated as [NonBreaching]");
    expect(oneBreach.state).toBe("OK");
    expect(twoBreaches.state).toBe("ALARM");
  });
});

describe("alarm evaluation: reason formatting", () => {
  it("writes StateReasonData in CloudWatch's JSON layout", () => {
    // Prepare
    const outcome = evaluateCriteria(criteria({ evaluationPeriods: 2 }), periods([1, 2]), "OK");

    // Act
    const data = JSON.parse(
      stateReasonData({
        queryDate: START + 2 * MINUTE,
        startDate: START,
        statistic: "Maximum",
        periodSeconds: 60,
        threshold: 0,
        evaluated: outcome.evaluated,
      }),
    );

    // Assess
    expect(data).toEqual({
      version: "1.0",
      queryDate: "2026-11-27T12:02:00.000+0000",
      startDate: "2026-11-27T12:00:00.000+0000",
      statistic: "Maximum",
      period: 60,
      recentDatapoints: [1, 2],
      threshold: 0,
      evaluatedDatapoints: [
        { timestamp: "2026-11-27T12:01:00.000+0000", sampleCount: 1, value: 2 },
        { timestamp: "2026-11-27T12:00:00.000+0000", sampleCount: 1, value: 1 },
      ],
    });
  });

  it("names a percentile as extendedStatistic", () => {
    // Act
    const data = JSON.parse(
      stateReasonData({
        queryDate: START,
        startDate: START,
        statistic: "p99",
        periodSeconds: 60,
        threshold: 1,
        evaluated: [],
      }),
    );

    // Assess
    expect(data.extendedStatistic).toBe("p99");
    expect(data.statistic).toBeUndefined();
  });

  it.each([
    [2, "2.0"],
    [-3, "-3.0"],
    [0, "0.0"],
    [0.25, "0.25"],
    [1e7, "1.0E7"],
    [1.5e-5, "1.5E-5"],
  ])("formats %d as Java does: %s", (value, text) => {
    expect(formatDouble(value)).toBe(text);
  });

  it("formats datapoint times as dd/MM/yy HH:mm:ss UTC", () => {
    expect(reasonTimestamp(Date.UTC(2026, 0, 5, 7, 8, 9))).toBe("05/01/26 07:08:09");
  });
});
