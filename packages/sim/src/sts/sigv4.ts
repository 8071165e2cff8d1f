import { createHash, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { NodeSha256 } from "./node-sha256.ts";

/** An HTTP request as it arrived, with what SigV4 covers. */
export interface HttpRequestParts {
  method: string;
  /** The path as sent, percent-encoded, e.g. `/`. */
  path: string;
  query: URLSearchParams;
  /** Node's headers: names lowercased, repeated ones joined. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as sent, before any content-encoding is undone: what the signature covers. */
  body: Buffer;
}

/** A request's SigV4 signature: from the `Authorization` header, or from the query of a presigned URL. */
export interface SigV4Signature {
  location: "header" | "query";
  accessKeyId: string;
  /** `X-Amz-Date` (`20261127T090000Z`); absent when a header-signed request sent none. */
  amzDate?: string;
  region: string;
  service: string;
  /** Lowercase header names, as the signer listed them. */
  signedHeaders: string[];
  signature: string;
  sessionToken?: string;
  /** `X-Amz-Expires` of a presigned request, in seconds. */
  expiresSeconds?: number;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
/** The query parameters a presigned URL carries its signature in; the signer sets them itself. */
const PRESIGN_PARAMS = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Security-Token",
  "X-Amz-Signature",
];

/** The request's SigV4 signature, or undefined when it carries none that can be read. */
export function readSignature(request: HttpRequestParts): SigV4Signature | undefined {
  const authorization = header(request, "authorization");
  if (authorization?.startsWith(`${ALGORITHM} `)) return fromAuthorization(request, authorization);
  if (request.query.get("X-Amz-Algorithm") === ALGORITHM) return fromQuery(request.query);
  return undefined;
}

function fromAuthorization(request: HttpRequestParts, authorization: string): SigV4Signature | undefined {
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length).split(",")) {
    const [key, ...value] = part.trim().split("=");
    if (key) fields.set(key, value.join("="));
  }
  const scope = parseCredential(fields.get("Credential"));
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (!scope || !signedHeaders || !signature) return undefined;
  const amzDate = header(request, "x-amz-date");
  const sessionToken = header(request, "x-amz-security-token");
  return {
    location: "header",
    ...scope,
    ...(amzDate !== undefined ? { amzDate } : {}),
    signedHeaders: signedHeaders.split(";"),
    signature,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  };
}

function fromQuery(query: URLSearchParams): SigV4Signature | undefined {
  const scope = parseCredential(query.get("X-Amz-Credential") ?? undefined);
  const signedHeaders = query.get("X-Amz-SignedHeaders");
  const signature = query.get("X-Amz-Signature");
  const amzDate = query.get("X-Amz-Date");
  const expires = Number(query.get("X-Amz-Expires"));
  if (!scope || !signedHeaders || !signature || !amzDate || !Number.isInteger(expires)) return undefined;
  const sessionToken = query.get("X-Amz-Security-Token");
  return {
    location: "query",
    ...scope,
    amzDate,
    signedHeaders: signedHeaders.split(";"),
    signature,
    ...(sessionToken !== null ? { sessionToken } : {}),
    expiresSeconds: expires,
  };
}

/** `AKID/20261127/us-west-2/sts/aws4_request` → the key and its scope. */
function parseCredential(
  credential: string | undefined,
): { accessKeyId: string; region: string; service: string } | undefined {
  const parts = credential?.split("/");
  if (parts?.length !== 5 || parts[4] !== "aws4_request") return undefined;
  const [accessKeyId, , region, service] = parts as [string, string, string, string];
  return accessKeyId && region && service ? { accessKeyId, region, service } : undefined;
}

/** `20261127T090000Z` → epoch ms, or undefined when it is not such a date. */
export function parseAmzDate(amzDate: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Epoch ms → `20261127T090000Z`. */
export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

/**
 * Whether the request's signature is the one `secretAccessKey` gives: the signature is computed
 * again with @smithy/signature-v4 over exactly the headers the signer listed, and compared in
 * constant time. A header whose value changed since signing (a workshop header replayed with
 * another value, say), a different body or a different secret all fail.
 */
export async function signatureMatches(
  request: HttpRequestParts,
  signature: SigV4Signature,
  secretAccessKey: string,
): Promise<boolean> {
  const signingDate = signature.amzDate === undefined ? undefined : parseAmzDate(signature.amzDate);
  if (signingDate === undefined) return false;
  const headers: Record<string, string> = {};
  for (const name of signature.signedHeaders) {
    const value = header(request, name);
    if (value === undefined) return false;
    headers[name] = value;
  }
  // The signer may state the payload's hash instead of letting it be computed; it must be the body's.
  const statedHash = headers["x-amz-content-sha256"];
  if (statedHash !== undefined && statedHash !== createHash("sha256").update(request.body).digest("hex")) {
    return false;
  }
  const signsToken =
    signature.location === "query" || signature.signedHeaders.includes("x-amz-security-token");
  const signer = new SignatureV4({
    service: signature.service,
    region: signature.region,
    credentials: {
      accessKeyId: signature.accessKeyId,
      secretAccessKey,
      ...(signsToken && signature.sessionToken !== undefined ? { sessionToken: signature.sessionToken } : {}),
    },
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const toSign = {
    method: request.method,
    protocol: "http:",
    hostname: "",
    path: decodedPath(request.path),
    query: queryRecord(request.query, signature.location === "query" ? PRESIGN_PARAMS : []),
    headers,
    body: request.body,
  };
  const names = new Set(signature.signedHeaders);
  let expected: { signedHeaders: string; signature: string } | undefined;
  try {
    expected =
      signature.location === "header"
        ? fromSignedHeader(
            await signer.sign(toSign, { signingDate: new Date(signingDate), signableHeaders: names }),
          )
        : fromSignedQuery(
            await signer.presign(toSign, {
              signingDate: new Date(signingDate),
              expiresIn: signature.expiresSeconds ?? 0,
              signableHeaders: names,
              // Headers the signer signed as headers stay headers, whatever their name.
              unhoistableHeaders: names,
            }),
          );
  } catch {
    // The signer refuses what it could never have signed (an X-Amz-Expires beyond seven days).
    return false;
  }
  return (
    expected !== undefined &&
    expected.signedHeaders === signature.signedHeaders.join(";") &&
    sameHex(expected.signature, signature.signature)
  );
}

function fromSignedHeader(signed: {
  headers: Record<string, string>;
}): { signedHeaders: string; signature: string } | undefined {
  const match = /SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? "");
  return match ? { signedHeaders: match[1] as string, signature: match[2] as string } : undefined;
}

function fromSignedQuery(signed: {
  query?: Record<string, string | string[] | null>;
}): { signedHeaders: string; signature: string } | undefined {
  const signedHeaders = signed.query?.["X-Amz-SignedHeaders"];
  const signature = signed.query?.["X-Amz-Signature"];
  return typeof signedHeaders === "string" && typeof signature === "string"
    ? { signedHeaders, signature }
    : undefined;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The query as the signer saw it, multi-valued keys as arrays, leaving out `omit`. */
function queryRecord(query: URLSearchParams, omit: readonly string[]): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    if (omit.includes(key)) continue;
    const values = query.getAll(key);
    record[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return record;
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function header(request: HttpRequestParts, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}
