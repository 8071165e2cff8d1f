// The page's small pure parts: durations, the address's settings, the token, answers → state.
import { describe, expect, it } from "vitest";
import { pageConfig } from "../../src/config.ts";
import { advanced, formatAge, formatDuration } from "../../src/format.ts";
import { type BoardState, nextState } from "../../src/state.ts";
import { TOKEN_KEY, type TokenHost, takeToken, tokenFromFragment } from "../../src/token.ts";
import { classBoard } from "../../testing/index.ts";

describe("formatDuration and formatAge", () => {
  it.each([
    [0, "0s"],
    [42.9, "42s"],
    [245, "4m 05s"],
    [3720, "1h 02m"],
    [null, "–"],
  ])("writes %s seconds as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it("says how old the data is, and never for no sweep", () => {
    expect(formatAge(12)).toBe("12s ago");
    expect(formatAge(null)).toBe("never");
  });

  it("advances a duration by the time since the answer, and leaves unknown ones unknown", () => {
    expect(advanced(90, 5)).toBe(95);
    expect(advanced(null, 5)).toBeNull();
  });
});

describe("pageConfig", () => {
  it("takes the workshop and refresh period from the query, with defaults", () => {
    expect(pageConfig("")).toEqual({ workshop: "default", refreshMs: 5000 });
    expect(pageConfig("?workshop=con301&refresh=2")).toEqual({ workshop: "con301", refreshMs: 2000 });
    expect(pageConfig("?refresh=0").refreshMs).toBe(1000);
    expect(pageConfig("?refresh=soon").refreshMs).toBe(5000);
  });
});

function host(hash: string, stored?: string) {
  const storage = new Map<string, string>(stored ? [[TOKEN_KEY, stored]] : []);
  const replaced: string[] = [];
  const value: TokenHost = {
    location: { hash, pathname: "/", search: "?workshop=con301" },
    history: { state: null, replaceState: (_state, _unused, url) => replaced.push(url) },
    sessionStorage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, v) => storage.set(key, v),
      removeItem: (key) => storage.delete(key),
    },
  };
  return { value, storage, replaced };
}

describe("token handling", () => {
  it("reads the token from the fragment, keeps other fragment parameters", () => {
    expect(tokenFromFragment("#token=abc&x=1")).toEqual({ token: "abc", rest: "#x=1" });
    expect(tokenFromFragment("#x=1")).toEqual({ token: undefined, rest: "#x=1" });
    expect(tokenFromFragment("")).toEqual({ token: undefined, rest: "" });
  });

  it("moves a token from the address bar into session storage", () => {
    const { value, storage, replaced } = host("#token=s3cret");
    expect(takeToken(value)).toBe("s3cret");
    expect(storage.get(TOKEN_KEY)).toBe("s3cret");
    expect(replaced).toEqual(["/?workshop=con301"]);
  });

  it("falls back to the token kept in session storage", () => {
    const { value, replaced } = host("", "kept");
    expect(takeToken(value)).toBe("kept");
    expect(replaced).toEqual([]);
  });
});

describe("nextState", () => {
  const board = classBoard({ participants: 5 });
  const shown: BoardState = { board, receivedAt: 1000, checkedAt: 1000, connection: { kind: "live" } };

  it("keeps the board and its arrival time on a 304", () => {
    expect(nextState(shown, { kind: "unchanged" }, 6000)).toEqual({ ...shown, checkedAt: 6000 });
  });

  it("keeps the board through a failed request, and says so", () => {
    expect(nextState(shown, { kind: "failed", message: "Cannot reach the API" }, 6000)).toEqual({
      ...shown,
      connection: { kind: "failed", message: "Cannot reach the API" },
    });
  });

  it("drops the data when the token is refused", () => {
    expect(nextState(shown, { kind: "unauthorized" }, 6000)).toMatchObject({
      board: null,
      connection: { kind: "unauthorized" },
    });
  });
});
