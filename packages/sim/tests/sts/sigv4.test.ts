import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import { type HttpRequestParts, readSignature, signatureMatches } from "../../src/sts/sigv4.ts";

const CREDENTIALS = { accessKeyId: "ASIAEXAMPLEEXAMPLE23", secretAccessKey: "secret", sessionToken: "token" };
const HOST = "127.0.0.1:4566";

const signer = new SignatureV4({
  service: "elasticloadbalancing",
  region: "eu-west-1",
  credentials: CREDENTIALS,
  sha256: Hash.bind(null, "sha256"),
});

/** The request as the server receives it from what a client signed. */
function received(signed: {
  method: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: string;
}): HttpRequestParts {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(signed.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value ?? ""]) query.append(key, v);
  }
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: signed.method, path: "/", query, headers, body: Buffer.from(signed.body ?? "") };
}

const request = (query: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: "GET",
  protocol: "http:",
  hostname: "127.0.0.1",
  path: "/",
  query,
  headers: { host: HOST, ...headers },
});

describe("SigV4 verification", () => {
  it("reads a header signature's key, scope and signed headers", async () => {
    const signed = received(await signer.sign(request({ Action: "DescribeLoadBalancers" })));
    expect(readSignature(signed)).toMatchObject({
      location: "header",
      accessKeyId: CREDENTIALS.accessKeyId,
      region: "eu-west-1",
      service: "elasticloadbalancing",
      signedHeaders: ["host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"],
      sessionToken: "token",
    });
  });

  it("accepts a header-signed GET whose query has spaces and repeated keys, and refuses a changed query", async () => {
    // Prepare
    const signed = received(
      await signer.sign(request({ Action: "DescribeTags", "ResourceArns.member.1": "a b/c", Names: "x" })),
    );
    const changed = { ...signed, query: new URLSearchParams(signed.query) };
    changed.query.set("Names", "y");
    // Act & Assess
    const signature = readSignature(signed);
    if (!signature) throw new Error("no signature");
    expect(await signatureMatches(signed, signature, "secret")).toBe(true);
    expect(await signatureMatches(changed, signature, "secret")).toBe(false);
    expect(await signatureMatches(signed, signature, "other")).toBe(false);
  });

  it("accepts a presigned URL whose x-amz-* headers were hoisted into the query, and ignores unsigned headers", async () => {
    // Prepare
    const presigned = await signer.presign(
      request({ Action: "DescribeLoadBalancers" }, { "x-amz-meta": "v" }),
      {
        expiresIn: 300,
      },
    );
    const signed = received(presigned);
    signed.headers = { ...signed.headers, "user-agent": "added later", accept: "application/json" };
    // Act & Assess
    const signature = readSignature(signed);
    expect(signature).toMatchObject({ location: "query", expiresSeconds: 300, signedHeaders: ["host"] });
    expect(signed.query.get("x-amz-meta")).toBe("v");
    if (!signature) throw new Error("no signature");
    expect(await signatureMatches(signed, signature, "secret")).toBe(true);
    signed.query.set("x-amz-meta", "w");
    expect(await signatureMatches(signed, signature, "secret")).toBe(false);
  });
});
