import { describe, expect, it } from "vitest";
import { DEFAULT_QUERY, participantName, type RowQuery, visibleRows } from "../../src/rows.ts";
import { boardOf, classBoard, classSpecs } from "../../testing/index.ts";

const board = classBoard({ participants: 30, seed: 7 });
const flat = (query: Partial<RowQuery>) =>
  visibleRows(board.participants, { ...DEFAULT_QUERY, ...query }).flatMap((group) => group.rows);

describe("visibleRows", () => {
  it("shows every participant once by default, grouped by table in reading order", () => {
    // Act
    const groups = visibleRows(board.participants, DEFAULT_QUERY);
    // Assess
    expect(groups.map((g) => g.group)).toEqual(["Table 1", "Table 2", "Table 3", "Table 4", "Table 5"]);
    expect(groups.flatMap((g) => g.rows.map((p) => p.id)).sort()).toEqual(
      board.participants.map((p) => p.id).sort(),
    );
  });

  it("puts the least advanced first, the longest waiting first within a stage", () => {
    const rows = flat({ grouped: false });
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      if (!a || !b) continue;
      const order = ["noNlb", "instance", "switching", "ipHealthy", "scaledOut", "done"];
      expect(order.indexOf(a.stage)).toBeLessThanOrEqual(order.indexOf(b.stage));
      if (a.stage === b.stage) expect(a.stageSeconds ?? -1).toBeGreaterThanOrEqual(b.stageSeconds ?? -1);
    }
  });

  it("filters by stage, by stuck, and by text in label, account, cluster or NLB", () => {
    expect(flat({ stage: "done" }).every((p) => p.stage === "done")).toBe(true);
    expect(flat({ stage: "done" })).toHaveLength(board.stages.done);
    expect(
      flat({ stuckOnly: true })
        .map((p) => p.id)
        .sort(),
    ).toEqual([...new Set(board.stuck.map((s) => s.participantId))].sort());
    const someone = board.participants[4];
    expect(flat({ text: someone?.accountId ?? "" }).map((p) => p.id)).toEqual([someone?.id]);
    expect(flat({ text: "TABLE 2 –" })).toHaveLength(6);
  });

  it("sorts by a column both ways, unknown values last either way", () => {
    const up = flat({ grouped: false, sort: { key: "timeToHealthy", direction: "ascending" } });
    const down = flat({ grouped: false, sort: { key: "timeToHealthy", direction: "descending" } });
    const known = (rows: typeof up) =>
      rows.filter((p) => p.timeToHealthySeconds !== null).map((p) => p.timeToHealthySeconds);
    expect(known(up)).toEqual([...known(up)].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(known(down)).toEqual([...known(up)].reverse());
    expect(up.at(-1)?.timeToHealthySeconds).toBeNull();
    expect(down.at(-1)?.timeToHealthySeconds).toBeNull();
  });

  it("sorts names as people read them", () => {
    const specs = classSpecs({ participants: 12, labels: false }).map((spec, i) => ({
      ...spec,
      label: `P${12 - i}`,
    }));
    const rows = visibleRows(boardOf(specs).participants, {
      ...DEFAULT_QUERY,
      sort: { key: "participant", direction: "ascending" },
    }).flatMap((g) => g.rows);
    expect(rows.map(participantName)).toEqual(Array.from({ length: 12 }, (_, i) => `P${i + 1}`));
  });

  it("makes one group when nobody has a label group", () => {
    const unlabelled = classBoard({ participants: 10, labels: false });
    expect(visibleRows(unlabelled.participants, DEFAULT_QUERY)).toEqual([
      { group: null, rows: expect.any(Array) },
    ]);
  });
});
