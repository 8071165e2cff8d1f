import { describe, expect, it } from "vitest";
import { Timeline } from "../../src/world/timeline.ts";

const START = 1_000_000;

describe("Timeline", () => {
  it("runs due events in time order, equal times in the order they were scheduled", () => {
    // Prepare
    const timeline = new Timeline(START);
    const ran: string[] = [];
    timeline.schedule(START + 300, () => ran.push("c"));
    timeline.schedule(START + 100, () => ran.push("a1"));
    timeline.schedule(START + 200, () => ran.push("b"));
    timeline.schedule(START + 100, () => ran.push("a2"));
    // Act
    timeline.advanceTo(START + 250);
    // Assess
    expect(ran).toEqual(["a1", "a2", "b"]);
    expect(timeline.nextEventAt()).toBe(START + 300);
  });

  it("runs each event at its own instant, however far time jumps", () => {
    const timeline = new Timeline(START);
    const seen: number[] = [];
    for (const offset of [10, 20, 30]) timeline.schedule(START + offset, () => seen.push(timeline.now));
    timeline.advanceTo(START + 1000);
    expect(seen).toEqual([START + 10, START + 20, START + 30]);
    expect(timeline.now).toBe(START + 1000);
  });

  it("runs events that events schedule within the same advance when they are due", () => {
    const timeline = new Timeline(START);
    const ran: number[] = [];
    timeline.schedule(START + 10, () => {
      timeline.schedule(START + 5, () => ran.push(timeline.now));
      timeline.schedule(START + 40, () => ran.push(timeline.now));
      timeline.schedule(START + 90, () => ran.push(timeline.now));
    });
    timeline.advanceTo(START + 50);
    // One scheduled in the past runs at once, at the time already reached: time never rewinds.
    expect(ran).toEqual([START + 10, START + 40]);
    expect(timeline.nextEventAt()).toBe(START + 90);
  });

  it("never moves back", () => {
    const timeline = new Timeline(START);
    timeline.advanceTo(START + 100);
    timeline.advanceTo(START + 50);
    expect(timeline.now).toBe(START + 100);
  });

  it("has no next event when nothing is queued", () => {
    const timeline = new Timeline(START);
    timeline.schedule(START, () => {});
    expect(timeline.nextEventAt()).toBe(START);
    timeline.advanceTo(START);
    expect(timeline.nextEventAt()).toBeUndefined();
  });
});
