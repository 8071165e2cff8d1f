import { describe, expect, it } from "vitest";
import { TruthLog, type TruthSubject } from "../../src/world/truth-log.ts";

const subject = (targetId: string): TruthSubject & { accountId: string } => ({
  accountId: "123456789012",
  region: "us-west-2",
  cluster: "c1",
  service: "ui/ui-nlb",
  loadBalancerName: "k8s-ui-uinlb-0000000000",
  targetGroupArn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/k8s-ui-uinlb-1111111111/0",
  targetGroupName: "k8s-ui-uinlb-1111111111",
  targetType: "ip",
  targetId,
  port: 8080,
});

describe("TruthLog", () => {
  it("labels each change with its target", () => {
    // Prepare
    const log = new TruthLog();
    // Act
    log.recorder(subject("10.42.96.10"))({
      at: 5,
      from: "new",
      to: "initial",
      reason: "Elb.RegistrationInProgress",
    });
    // Assess
    expect(log.events()).toEqual([
      { at: 5, from: "new", to: "initial", reason: "Elb.RegistrationInProgress", ...subject("10.42.96.10") },
    ]);
  });

  it("reads oldest first, changes at the same time in the order heard", () => {
    const log = new TruthLog();
    const a = log.recorder(subject("a"));
    const b = log.recorder(subject("b"));
    a({ at: 30, from: "initial", to: "healthy" });
    b({ at: 10, from: "new", to: "initial" });
    a({ at: 10, from: "new", to: "initial" });
    expect(log.events().map((e) => [e.at, e.targetId])).toEqual([
      [10, "b"],
      [10, "a"],
      [30, "a"],
    ]);
  });

  it("hands out a copy", () => {
    const log = new TruthLog();
    log.recorder(subject("a"))({ at: 1, from: "new", to: "initial" });
    log.events().pop();
    expect(log.events()).toHaveLength(1);
  });
});
