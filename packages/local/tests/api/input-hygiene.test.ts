import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SystemRig, startSystem } from "../e2e/rig.ts";
import { HttpClient, type Reply } from "./http-client.ts";
import { errorShapeProblems } from "./openapi-contract.ts";

/**
 * Input a person types and the API shows again must be plain text, and numbers in a query must
 * be written as people write them: issue 9's input hygiene, through the local API Gateway.
 */
describe("input hygiene", () => {
  let rig: SystemRig;
  let http: HttpClient;

  beforeAll(async () => {
    rig = await startSystem();
    http = new HttpClient(rig.api.url);
    // A configured workshop to page through, whatever the tests below configure.
    expect((await put("numbers", { name: "numbers" })).status).toBe(201);
  });
  afterAll(async () => {
    http?.close();
    await rig?.close();
  });

  const put = (id: string, body: unknown) =>
    http.send({
      method: "PUT",
      path: `/workshops/${id}`,
      token: rig.api.token,
      headers: [["content-type", "application/json"]],
      body: JSON.stringify(body),
    });

  /** A 400 ValidationError whose details name `field` with `message`. */
  function expectRefused(reply: Reply, field: string, message: RegExp): void {
    expect({ status: reply.status, text: reply.text }).toMatchObject({ status: 400 });
    expect(errorShapeProblems(reply.body)).toEqual([]);
    const { error } = reply.body as {
      error: { code: string; message: string; details?: { field: string; message: string }[] };
    };
    expect(error.code).toBe("ValidationError");
    expect(error.details?.find((d) => d.field === field)?.message).toMatch(message);
  }

  const HIDDEN = /control or bidirectional-formatting characters/;

  it.each([
    ["NUL", "CON\u0000301", "U+0000 at position 4"],
    ["escape", "\u001b[31mred", "U+001B at position 1"],
    ["newline", "two\nlines", "U+000A at position 4"],
    ["DEL", "x\u007f", "U+007F at position 2"],
    ["C1 control", "x\u0085", "U+0085 at position 2"],
    ["right-to-left override", "CON301\u202Etxt.exe", "U+202E at position 7"],
    ["left-to-right embedding", "\u202Ax", "U+202A at position 1"],
    ["left-to-right isolate", "a\u2066b", "U+2066 at position 2"],
    ["pop directional isolate", "a\u2069", "U+2069 at position 2"],
    ["left-to-right mark", "a\u200Eb", "U+200E at position 2"],
    ["right-to-left mark", "a\u200Fb", "U+200F at position 2"],
    ["Arabic letter mark", "a\u061Cb", "U+061C at position 2"],
    ["override after an emoji (positions count characters)", "😀\u202E", "U+202E at position 2"],
  ])("refuses a workshop name with a %s, naming the field and the character", async (_, name, where) => {
    // Act
    const reply = await put("hygiene", { name });
    // Assess
    expectRefused(reply, "body.name", HIDDEN);
    expectRefused(reply, "body.name", new RegExp(where.replace(/\+/g, "\\+")));
  });

  it("refuses hidden characters in tag keys, tag values and the name prefix", async () => {
    // Act
    const reply = await put("hygiene", {
      name: "x",
      selector: { tags: [{ key: "team\u202E", value: "a\u0000" }], namePrefix: "k8s-\u2067" },
    });
    // Assess
    expectRefused(reply, "body.selector.tags.0.key", HIDDEN);
    expectRefused(reply, "body.selector.tags.0.value", HIDDEN);
    expectRefused(reply, "body.selector.namePrefix", HIDDEN);
  });

  it("stores nothing it refused", async () => {
    // Act
    await put("hygiene-none", { name: "evil\u202Egpj.exe" });
    const read = await http.send({ path: "/workshops/hygiene-none", token: rig.api.token });
    // Assess
    expect(read.status).toBe(404);
  });

  it("keeps accepting text in any script, with emoji and ordinary spaces", async () => {
    // Act
    const name = "re:Invent — Ελληνικά, עברית, العربية, 日本語 😀 (CON301)";
    const reply = await put("hygiene-ok", { name, selector: { tags: [{ key: "チーム", value: "é" }] } });
    // Assess
    expect(reply.status).toBe(201);
    expect((reply.body as { name: string }).name).toBe(name);
  });

  it.each([
    ["load-balancers", "0x10"],
    ["load-balancers", "1e2"],
    ["load-balancers", "%205"],
    ["load-balancers", "5%20"],
    ["load-balancers", "%2B5"],
    ["load-balancers", "5.0"],
    ["load-balancers", "0b11"],
    ["load-balancers", "Infinity"],
    ["load-balancers", "%EF%BC%95"],
    ["transitions", "0x10"],
    ["transitions", "1e2"],
    ["transitions", "%205"],
    ["transitions", "%2B5"],
    ["transitions", "1_0"],
  ])("refuses /%s?limit=%s: decimal digits only", async (listing, limit) => {
    // Act
    const reply = await http.send({
      path: `/workshops/numbers/${listing}?limit=${limit}`,
      token: rig.api.token,
    });
    // Assess
    expectRefused(reply, "query.limit", /decimal digits/);
  });

  it.each([
    ["load-balancers", "5"],
    ["load-balancers", "007"],
    ["transitions", "500"],
  ])("accepts /%s?limit=%s", async (listing, limit) => {
    // Act
    const reply = await http.send({
      path: `/workshops/numbers/${listing}?limit=${limit}`,
      token: rig.api.token,
    });
    // Assess
    expect(reply.status).toBe(200);
  });
});
