import { describe, expect, it } from "vitest";
import { partitionPoint } from "../src/sorted.ts";

describe("partitionPoint", () => {
  const sorted = [1, 3, 3, 3, 7];
  it("finds the first item not before the probe (lower and upper bounds alike)", () => {
    expect(partitionPoint(sorted.length, (i) => (sorted[i] as number) < 3)).toBe(1);
    expect(partitionPoint(sorted.length, (i) => (sorted[i] as number) <= 3)).toBe(4);
  });

  it("answers 0 when no item is before and the length when all are", () => {
    expect(partitionPoint(sorted.length, () => false)).toBe(0);
    expect(partitionPoint(sorted.length, () => true)).toBe(5);
    expect(partitionPoint(0, () => true)).toBe(0);
  });
});
