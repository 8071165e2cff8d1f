import { describe, expect, it } from "vitest";
import { compileRoutes, InvalidRouteKeyError, matchRoute } from "../../src/api-gateway/routes.ts";

describe("matchRoute", () => {
  it("selects routes by API Gateway's documented priorities", () => {
    // Prepare: the example API of "Working with routes for HTTP APIs"
    const table = compileRoutes(["$default", "ANY /{proxy+}", "GET /pets/{proxy+}", "GET /pets/dog/{id}"]);

    // Act
    const dog = matchRoute(table, "GET", "/pets/dog/1");
    const cat = matchRoute(table, "GET", "/pets/cat/1");
    const post = matchRoute(table, "POST", "/test/5");
    const root = matchRoute(table, "GET", "/");

    // Assess
    expect(dog).toEqual({ routeKey: "GET /pets/dog/{id}", pathParameters: { id: "1" } });
    expect(cat).toEqual({ routeKey: "GET /pets/{proxy+}", pathParameters: { proxy: "cat/1" } });
    expect(post).toEqual({ routeKey: "ANY /{proxy+}", pathParameters: { proxy: "test/5" } });
    expect(root).toEqual({ routeKey: "$default" });
  });

  it("prefers a literal segment over a path variable and an explicit method over ANY", () => {
    // Prepare
    const table = compileRoutes([
      "GET /workshops/{id}",
      "GET /workshops/summary",
      "ANY /health",
      "GET /health",
    ]);

    // Act / Assess
    expect(matchRoute(table, "GET", "/workshops/summary")).toEqual({ routeKey: "GET /workshops/summary" });
    expect(matchRoute(table, "GET", "/workshops/w1")?.routeKey).toBe("GET /workshops/{id}");
    expect(matchRoute(table, "GET", "/health")?.routeKey).toBe("GET /health");
    expect(matchRoute(table, "DELETE", "/health")?.routeKey).toBe("ANY /health");
  });

  it("decodes path variables after matching the raw segments", () => {
    // Prepare
    const table = compileRoutes(["GET /workshops/{id}", "GET /files/{path+}"]);

    // Act
    const encodedSlash = matchRoute(table, "GET", "/workshops/team%20a%2Fb");
    const greedy = matchRoute(table, "GET", "/files/a/b%20c");
    const malformed = matchRoute(table, "GET", "/workshops/100%");

    // Assess
    expect(encodedSlash?.pathParameters).toEqual({ id: "team a/b" });
    expect(greedy?.pathParameters).toEqual({ path: "a/b c" });
    expect(malformed?.pathParameters).toEqual({ id: "100%" });
  });

  it("finds no route for another method, an extra or missing segment, an empty variable or an empty greedy tail", () => {
    // Prepare
    const table = compileRoutes(["GET /workshops/{id}", "GET /files/{path+}"]);

    // Act / Assess
    expect(matchRoute(table, "PUT", "/workshops/w1")).toBeUndefined();
    expect(matchRoute(table, "GET", "/workshops/w1/nlbs")).toBeUndefined();
    expect(matchRoute(table, "GET", "/workshops")).toBeUndefined();
    expect(matchRoute(table, "GET", "/workshops/")).toBeUndefined();
    expect(matchRoute(table, "GET", "/files/")).toBeUndefined();
    expect(matchRoute(table, "GET", "/files")).toBeUndefined();
  });

  it("matches methods case-insensitively and the root path as a route of its own", () => {
    // Prepare
    const table = compileRoutes(["GET /"]);

    // Act / Assess
    expect(matchRoute(table, "get", "/")).toEqual({ routeKey: "GET /" });
    expect(matchRoute(table, "GET", "/x")).toBeUndefined();
  });
});

describe("compileRoutes", () => {
  it.each([
    ["a lower-case method", "get /health"],
    ["an unknown method", "FETCH /health"],
    ["a path without a leading slash", "GET health"],
    ["a greedy variable before the end", "GET /{proxy+}/more"],
    ["a malformed variable", "GET /workshops/{id"],
    ["a variable name used twice", "GET /{id}/{id}"],
  ])("rejects %s", (_, routeKey) => {
    // Act / Assess
    expect(() => compileRoutes([routeKey])).toThrow(InvalidRouteKeyError);
  });

  it("rejects a duplicate route key", () => {
    // Act / Assess
    expect(() => compileRoutes(["GET /health", "GET /health"])).toThrow(/duplicate route key "GET \/health"/);
  });
});
