import { describe, expect, it } from "vitest";
import {
  jitteredBackoffMs,
  MAX_UPDATE_ATTEMPTS,
  type OptimisticUpdate,
  updateOptimistically,
  type Versioned,
  WorkshopUpdateConflictError,
} from "../../../src/ports/optimistic-update.ts";

/** A record in memory with a version, and a rival writer that can change it between a read and a write. */
class VersionedCell {
  record: Versioned<string[]> | undefined;
  reads = 0;
  writes = 0;
  waits: number[] = [];
  /** Called after each read: a rival's write that lands before ours. */
  rival: ((attempt: number) => void) | undefined;

  constructor(value?: string[]) {
    if (value) this.record = { value, version: 1 };
  }

  update(mutate: (current: string[]) => string[], maxAttempts?: number): Promise<string[]> {
    const update: OptimisticUpdate<string[]> = {
      what: "cell",
      read: async () => {
        this.reads++;
        const read = this.record && { ...this.record };
        this.rival?.(this.reads);
        return read;
      },
      write: async (next, expected) => {
        this.writes++;
        if (this.record?.version !== expected) return false;
        this.record = { value: next, version: expected + 1 };
        return true;
      },
      mutate,
      notFound: () => new Error("no such cell"),
      backOff: async (attempt) => {
        this.waits.push(attempt);
      },
      ...(maxAttempts ? { maxAttempts } : {}),
    };
    return updateOptimistically(update);
  }

  /** A rival's write: moves the version on. */
  bump(value: string): void {
    if (this.record) this.record = { value: [...this.record.value, value], version: this.record.version + 1 };
  }
}

describe("updateOptimistically: the retry rule of ApiStore.updateWorkshop", () => {
  it("writes once, as the next version, when nobody else writes", async () => {
    const cell = new VersionedCell(["a"]);
    const result = await cell.update((v) => [...v, "b"]);
    expect(result).toEqual(["a", "b"]);
    expect(cell.record).toEqual({ value: ["a", "b"], version: 2 });
    expect([cell.reads, cell.writes, cell.waits]).toEqual([1, 1, []]);
  });

  it("re-reads and re-applies the mutation after losing a race, keeping the rival's change", async () => {
    // Prepare: a rival writes between our first read and our first write
    const cell = new VersionedCell(["a"]);
    cell.rival = (read) => {
      if (read === 1) cell.bump("rival");
    };
    // Act
    const result = await cell.update((v) => [...v, "ours"]);
    // Assess
    expect(result).toEqual(["a", "rival", "ours"]);
    expect(cell.record).toEqual({ value: ["a", "rival", "ours"], version: 3 });
    expect([cell.reads, cell.writes, cell.waits]).toEqual([2, 2, [2]]);
  });

  it("gives up after the bounded number of attempts with a conflict error, having written nothing", async () => {
    // Prepare: a rival wins every race
    const cell = new VersionedCell(["a"]);
    cell.rival = () => cell.bump("rival");
    // Act
    const failure = cell.update((v) => [...v, "ours"]).catch((e: unknown) => e);
    // Assess
    const error = await failure;
    expect(error).toBeInstanceOf(WorkshopUpdateConflictError);
    expect((error as WorkshopUpdateConflictError).attempts).toBe(MAX_UPDATE_ATTEMPTS);
    expect((error as Error).message).toMatch(/nothing was changed: try again/);
    expect(cell.writes).toBe(MAX_UPDATE_ATTEMPTS);
    expect(cell.record?.value).not.toContain("ours");
    expect(cell.waits).toEqual(Array.from({ length: MAX_UPDATE_ATTEMPTS - 1 }, (_, i) => i + 2));
  });

  it("honours a smaller bound", async () => {
    const cell = new VersionedCell(["a"]);
    cell.rival = () => cell.bump("rival");
    await expect(cell.update((v) => v.concat("x"), 2)).rejects.toThrow(WorkshopUpdateConflictError);
    expect(cell.writes).toBe(2);
  });

  it("throws the caller's not-found error for a missing record, and writes nothing", async () => {
    const cell = new VersionedCell();
    await expect(cell.update((v) => v)).rejects.toThrow("no such cell");
    expect(cell.writes).toBe(0);
  });

  it("writes nothing when the mutation returns the record as it was", async () => {
    const cell = new VersionedCell(["a"]);
    const result = await cell.update((v) => v);
    expect(result).toEqual(["a"]);
    expect([cell.writes, cell.record?.version]).toEqual([0, 1]);
  });

  it("lets an error of the mutation end the update with nothing written", async () => {
    const cell = new VersionedCell(["a"]);
    await expect(
      cell.update(() => {
        throw new RangeError("over the limit");
      }),
    ).rejects.toThrow(RangeError);
    expect(cell.writes).toBe(0);
  });
});

describe("jitteredBackoffMs", () => {
  it("waits up to base · 2^(attempt − 2), capped", () => {
    expect(jitteredBackoffMs(2, () => 1)).toBe(20);
    expect(jitteredBackoffMs(3, () => 1)).toBe(40);
    expect(jitteredBackoffMs(4, () => 0.5)).toBe(40);
    expect(jitteredBackoffMs(20, () => 1)).toBe(1_000);
    expect(jitteredBackoffMs(5, () => 0)).toBe(0);
  });
});
