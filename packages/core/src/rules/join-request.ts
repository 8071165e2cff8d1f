import {
  GET_CALLER_IDENTITY_BODY,
  JOIN_REQUEST_MAX_AGE_SECONDS,
  JOIN_REQUEST_MAX_AHEAD_SECONDS,
  JOIN_WORKSHOP_HEADER,
} from "../model/constants.ts";
import { parseSigV4Authorization, type SigV4Authorization } from "./sigv4-authorization.ts";

/** A participant's signed STS request as the join body carries it (a header-signed POST). */
export interface SignedStsRequest {
  method: string;
  /** Header names in any case; each name once. */
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** What a join request must have been signed for. */
export interface JoinRequestExpectations {
  workshopId: string;
  /** The host of the STS endpoint targetwatch is configured with (`URL.host`: a default port left out). */
  stsHost: string;
  /** Epoch ms. */
  now: number;
}

/** Why a join request is refused before it goes to STS: 400 malformed, 403 signed for something else. */
export interface JoinRefusal {
  status: 400 | 403;
  code: string;
  message: string;
}

/** What targetwatch sends to its STS endpoint: the body as signed and only the headers STS needs. */
export interface StsForward {
  headers: Record<string, string>;
  body: string;
}

export type JoinRequestCheck = { ok: true; forward: StsForward } | { ok: false; refusal: JoinRefusal };

/** Headers the signature must cover: who it is for (the host), when, and which workshop. */
const REQUIRED_SIGNED = ["host", "x-amz-date", JOIN_WORKSHOP_HEADER];
/** Set by the HTTP client from the endpoint and the body, never copied from a request. */
const SET_BY_CLIENT = new Set(["host", "content-length"]);
/** Connection-level headers: meaningless once forwarded, and refused by HTTP clients. */
const HOP_BY_HOP = /^(connection|keep-alive|transfer-encoding|upgrade|te|trailer|expect|proxy-.*)$/;
/** Sent even when unsigned: STS needs them to read the request. */
const ALWAYS_FORWARDED = ["authorization", "content-type", "x-amz-security-token", "x-amz-content-sha256"];
const FORM = "application/x-www-form-urlencoded; charset=utf-8";
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_HEADERS = 30;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** A value from the request, as an error message quotes it. */
const quoted = (value: string | undefined) =>
  value === undefined ? "(none)" : JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);

const refuse = (status: 400 | 403, code: string, message: string): JoinRequestCheck => ({
  ok: false,
  refusal: { status, code, message },
});

/**
 * The checks a join request passes before targetwatch sends it to STS, as HashiCorp Vault's AWS
 * IAM login and aws-iam-authenticator check theirs: a POST of exactly GetCallerIdentity, SigV4-
 * signed over the host, the date and the workshop header; signed for this very workshop, for
 * the STS endpoint targetwatch is configured with, at most 15 minutes ago (5 ahead). Whether
 * the signature is right only STS can say: it is sent there next, and nowhere else.
 */
export function checkJoinRequest(
  request: SignedStsRequest,
  expected: JoinRequestExpectations,
): JoinRequestCheck {
  const headers = lowercaseHeaders(request.headers);
  if ("error" in headers) return refuse(400, "InvalidHeaders", headers.error);
  if (request.method !== "POST") {
    return refuse(
      400,
      "UnsupportedMethod",
      `the request must be a POST (header-signed), not ${quoted(request.method)}`,
    );
  }
  if (!isGetCallerIdentity(request.body)) {
    return refuse(
      400,
      "NotGetCallerIdentity",
      `the request body must be exactly ${GET_CALLER_IDENTITY_BODY}: no other action or parameter`,
    );
  }
  const authorization = headers.map.get("authorization");
  if (authorization === undefined) {
    return refuse(400, "MissingSignature", "the request has no Authorization header: sign it with SigV4");
  }
  const parsed = parseSigV4Authorization(authorization);
  if ("error" in parsed) return refuse(400, "MalformedSignature", parsed.error);
  const signing = checkSigning(parsed, headers.map, expected);
  if (signing) return { ok: false, refusal: signing };
  return { ok: true, forward: forwardOf(parsed, headers.map, request.body) };
}

function checkSigning(
  auth: SigV4Authorization,
  headers: ReadonlyMap<string, string>,
  expected: JoinRequestExpectations,
): JoinRefusal | undefined {
  const unsigned = REQUIRED_SIGNED.filter((name) => !auth.signedHeaders.includes(name));
  if (unsigned.length > 0) {
    return {
      status: 400,
      code: "HeaderNotSigned",
      message: `the signature must cover ${unsigned.join(", ")}`,
    };
  }
  const absent = auth.signedHeaders.filter((name) => !headers.has(name));
  if (absent.length > 0) {
    return {
      status: 400,
      code: "HeaderNotSigned",
      message: `signed header(s) missing: ${absent.join(", ")}`,
    };
  }
  const hopByHop = auth.signedHeaders.filter((name) => HOP_BY_HOP.test(name));
  if (hopByHop.length > 0) {
    return { status: 400, code: "InvalidHeaders", message: `cannot forward signed ${hopByHop.join(", ")}` };
  }
  if (auth.scope.service !== "sts") {
    return {
      status: 400,
      code: "MalformedSignature",
      message: `the signature is scoped to ${auth.scope.service}, not sts`,
    };
  }
  return (
    checkWorkshop(headers, expected) ?? checkHost(headers, expected) ?? checkDate(auth, headers, expected)
  );
}

function checkWorkshop(headers: ReadonlyMap<string, string>, expected: JoinRequestExpectations) {
  const workshop = headers.get(JOIN_WORKSHOP_HEADER);
  if (workshop === expected.workshopId) return undefined;
  return {
    status: 403 as const,
    code: "WrongWorkshop",
    message: `the request was signed for workshop ${quoted(workshop)}, not "${expected.workshopId}": sign a new one with ${JOIN_WORKSHOP_HEADER}: ${expected.workshopId}`,
  };
}

function checkHost(headers: ReadonlyMap<string, string>, expected: JoinRequestExpectations) {
  const host = headers.get("host")?.toLowerCase();
  if (host === expected.stsHost.toLowerCase()) return undefined;
  return {
    status: 403 as const,
    code: "WrongStsEndpoint",
    message: `the request was signed for host ${quoted(host)}; targetwatch sends it only to its STS endpoint, host ${expected.stsHost}: sign it for that host`,
  };
}

function checkDate(
  auth: SigV4Authorization,
  headers: ReadonlyMap<string, string>,
  expected: JoinRequestExpectations,
): JoinRefusal | undefined {
  const amzDate = headers.get("x-amz-date") as string;
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined || !amzDate.startsWith(auth.scope.date)) {
    return {
      status: 400,
      code: "MalformedSignature",
      message: `X-Amz-Date must be yyyymmddThhmmssZ and on the credential scope's date ${auth.scope.date}`,
    };
  }
  const age = (expected.now - signedAt) / 1000;
  if (age > JOIN_REQUEST_MAX_AGE_SECONDS) {
    return {
      status: 403,
      code: "RequestExpired",
      message: `the request was signed ${Math.floor(age / 60)} minutes ago; it is valid for ${JOIN_REQUEST_MAX_AGE_SECONDS / 60}: sign a new one`,
    };
  }
  if (-age > JOIN_REQUEST_MAX_AHEAD_SECONDS) {
    return {
      status: 403,
      code: "RequestNotYetValid",
      message: `the request is dated ${Math.ceil(-age / 60)} minutes ahead of targetwatch's clock (at most ${JOIN_REQUEST_MAX_AHEAD_SECONDS / 60}): check the signer's clock`,
    };
  }
  return undefined;
}

/** `20261127T090000Z` → epoch ms; undefined unless a real UTC time in that exact form. */
export function parseAmzDate(value: string): number | undefined {
  const m = AMZ_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const same =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  return same ? ms : undefined;
}

/** `Action=GetCallerIdentity&Version=2011-06-15`, in either order, nothing else. */
function isGetCallerIdentity(body: string): boolean {
  const params = [...new URLSearchParams(body)];
  const named = new Map(params);
  return (
    params.length === 2 &&
    named.size === 2 &&
    named.get("Action") === "GetCallerIdentity" &&
    named.get("Version") === "2011-06-15"
  );
}

function lowercaseHeaders(
  headers: Readonly<Record<string, string>>,
): { map: Map<string, string> } | { error: string } {
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) return { error: `at most ${MAX_HEADERS} headers` };
  const map = new Map<string, string>();
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name)) return { error: `${quoted(name)} is not a header name` };
    if (/[\r\n\0]/.test(value)) return { error: `header ${name} holds a line break or NUL` };
    if (map.has(lower)) return { error: `header ${lower} is given twice` };
    map.set(lower, value);
  }
  return { map };
}

/** The signed headers (but those the HTTP client sets), and what STS needs to read the request. */
function forwardOf(auth: SigV4Authorization, headers: ReadonlyMap<string, string>, body: string): StsForward {
  const forwarded: Record<string, string> = {};
  for (const name of [...auth.signedHeaders, ...ALWAYS_FORWARDED]) {
    const value = headers.get(name);
    if (value !== undefined && !SET_BY_CLIENT.has(name)) forwarded[name] = value;
  }
  forwarded["content-type"] ??= FORM;
  return { headers: forwarded, body };
}
