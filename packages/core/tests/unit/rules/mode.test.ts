import { describe, expect, it } from "vitest";
import { modeOf } from "../../../src/rules/index.ts";

describe("modeOf", () => {
  it("is none without target groups", () => {
    expect(modeOf([])).toBe("none");
  });

  it("is the target type of a single kind of target group", () => {
    expect(modeOf(["instance"])).toBe("instance");
    expect(modeOf(["ip"])).toBe("ip");
    expect(modeOf(["ip", "ip"])).toBe("ip");
  });

  it("is mixed while instance and ip target groups are both attached", () => {
    expect(modeOf(["instance", "ip"])).toBe("mixed");
    expect(modeOf(["ip", "instance", "ip"])).toBe("mixed");
  });

  it("treats any other target type as its own kind", () => {
    expect(modeOf(["alb"])).toBe("mixed");
    expect(modeOf(["lambda"])).toBe("mixed");
    expect(modeOf(["alb", "ip"])).toBe("mixed");
  });
});
