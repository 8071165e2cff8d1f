import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/live-view.ts";
import { collapseEvents } from "../../src/live-view-recent.ts";
import { participantOf, stageCounts } from "../../src/live-view-rows.ts";
import { screenText } from "../../src/live-view-terminal.ts";
import { pack } from "../../src/live-view-text.ts";
import { NOW, nlb } from "./live-view-fixtures.ts";

describe("collapseEvents (the live view's recent events)", () => {
  const START = NOW - 10 * 60_000;

  it("collapses the sweeps of one minute into one line with their count and the latest's figures", () => {
    // Prepare: 8 sweeps in minute 3 (bursts), 1 in minute 4
    const events = [
      ...Array.from({ length: 8 }, (_, i) => ({
        at: START + 180_000 + i * 5_000,
        text: `sweep: 31 NLBs, ${i} transitions`,
      })),
      { at: START + 240_000, text: "sweep: 31 NLBs, 0 transitions" },
    ];
    // Act & Assess
    expect(collapseEvents(events, START)).toEqual([
      "t+3m 8× sweep: 31 NLBs, 7 transitions",
      "t+4m sweep: 31 NLBs, 0 transitions",
    ]);
  });

  it("collapses the same world event of many participants in one minute, naming two of them", () => {
    // Prepare
    const events = Array.from({ length: 30 }, (_, i) => ({
      at: START,
      text: `[t+3m${String(i * 2).padStart(2, "0")}s] participant-${String(i + 1).padStart(2, "0")}: service ui/ui-nlb patched to ip mode → target group k8s-ui-uinlb-${i}f0c; k8s-ui-uinlb-${i}a1 replaced`,
    }));
    // Act
    const lines = collapseEvents(events, START);
    // Assess
    expect(lines).toEqual([
      "t+3m 30× participant-01, participant-02 +28: service ui/ui-nlb patched to ip mode → target group k8s-ui-uinlb-29f0c; k8s-ui-uinlb-29a1 replaced",
    ]);
  });

  it("collapses a world event whose generated names differ, each pod its own", () => {
    const events = ["ui-9e66a1693e-85l2h", "ui-0b7c2d4e11-x9k2p"].map((pod, i) => ({
      at: START,
      text: `[t+1m0${i}s] participant-0${i + 1}: pod ${pod} is ready but fails the NLB's health check (nothing listens on port 8080)`,
    }));
    expect(collapseEvents(events, START)).toEqual([
      "t+1m 2× participant-01, participant-02: pod ui-0b7c2d4e11-x9k2p is ready but fails the NLB's health check (nothing listens on port 8080)",
    ]);
  });

  it("keeps kinds apart and lists them by their latest occurrence, without a start by the clock's minute", () => {
    const events = [
      { at: NOW, text: "sweep: 1" },
      { at: NOW + 1_000, text: "alarm targetwatch-local/workshop-stuck-default: OK → ALARM" },
      { at: NOW + 2_000, text: "sweep: 2" },
    ];
    expect(collapseEvents(events)).toEqual([
      "09:07 alarm targetwatch-local/workshop-stuck-default: OK → ALARM",
      "09:07 2× sweep: 2",
    ]);
  });
});

describe("screenText", () => {
  it("writes each line at its own row and clears what is below, with no newline to scroll the terminal", () => {
    const text = screenText(["header", "row"]);
    expect(text).toBe("\x1b[1;1Hheader\x1b[K\x1b[2;1Hrow\x1b[K\x1b[3;1H\x1b[J");
    expect(text).not.toContain("\n");
  });
});

describe("pack", () => {
  it("packs segments into lines of the width, moving a segment to the next line rather than splitting it", () => {
    expect(pack(["aaaa", "bbbb", "cc", "dddddddddddd"], 10, "  ")).toEqual([
      "aaaa  bbbb",
      "  cc",
      "  ddddddd…",
    ]);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [59.4, "59s"],
    [59.6, "1m00s"],
    [65, "1m05s"],
    [3600, "60m00s"],
    [-3, "0s"],
  ])("writes %d s as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("participantOf (who an NLB belongs to)", () => {
  const inAccount = (accountId: string) =>
    nlb({
      cluster: "eks-workshop",
      arn: `arn:aws:elasticloadbalancing:us-west-2:${accountId}:loadbalancer/net/x/1`,
    });

  it("names the participant by the account's label in a workshop of accounts, where every cluster has the same name", () => {
    const participants = [
      { accountId: "210000000001", label: "Table 3 – Alice" },
      { accountId: "210000000002", label: null },
    ];
    expect(participantOf(inAccount("210000000001"), participants)).toBe("Table 3 – Alice");
    expect(participantOf(inAccount("210000000002"), participants)).toBe("210000000002");
    // Two participants, though both clusters are named eks-workshop.
    const counts = stageCounts([inAccount("210000000001"), inAccount("210000000002")], participants);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("names them by their cluster in a workshop without accounts", () => {
    expect(participantOf(inAccount("111111111111"))).toBe("eks-workshop");
  });
});
