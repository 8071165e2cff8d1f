import { describe, expect, it } from "vitest";
import {
  checkJoinRequest,
  type JoinRequestExpectations,
  parseAmzDate,
  type SignedStsRequest,
} from "../../../src/rules/join-request.ts";
import { parseSigV4Authorization } from "../../../src/rules/sigv4-authorization.ts";

const NOW = Date.parse("2026-11-27T09:00:00Z");
const STS_HOST = "sts.us-west-2.amazonaws.com";
const EXPECTED: JoinRequestExpectations = { workshopId: "con301", stsHost: STS_HOST, now: NOW };
const SIGNATURE = "a".repeat(64);
const SIGNED = "content-length;content-type;host;x-amz-date;x-amz-security-token;x-targetwatch-workshop";

function authorization(signedHeaders = SIGNED, scope = "20261127/us-west-2/sts"): string {
  return `AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEEXAMPLE12/${scope}/aws4_request, SignedHeaders=${signedHeaders}, Signature=${SIGNATURE}`;
}

/** A join request as the SDK signs it for workshop con301 at 09:00:00. */
function request(
  changes: Partial<SignedStsRequest> & { set?: Record<string, string> } = {},
): SignedStsRequest {
  return {
    method: changes.method ?? "POST",
    body: changes.body ?? "Action=GetCallerIdentity&Version=2011-06-15",
    headers: changes.headers ?? {
      "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
      "Content-Length": "43",
      Host: STS_HOST,
      "X-Amz-Date": "20261127T090000Z",
      "X-Amz-Security-Token": "token",
      "x-targetwatch-workshop": "con301",
      Authorization: authorization(),
      "User-Agent": "aws-sdk-js",
      ...changes.set,
    },
  };
}

const refusal = (r: SignedStsRequest, expected = EXPECTED) => {
  const check = checkJoinRequest(r, expected);
  return check.ok ? undefined : check.refusal.code;
};

describe("a join request", () => {
  it("goes to STS with its body as signed and the headers STS needs, not the host, length or others", () => {
    const check = checkJoinRequest(request(), EXPECTED);
    expect(check).toEqual({
      ok: true,
      forward: {
        body: "Action=GetCallerIdentity&Version=2011-06-15",
        headers: {
          authorization: authorization(),
          "content-type": "application/x-www-form-urlencoded; charset=utf-8",
          "x-amz-date": "20261127T090000Z",
          "x-amz-security-token": "token",
          "x-targetwatch-workshop": "con301",
        },
      },
    });
  });

  it("is GetCallerIdentity in either parameter order, and nothing else", () => {
    expect(refusal(request({ body: "Version=2011-06-15&Action=GetCallerIdentity" }))).toBeUndefined();
    for (const body of [
      "Action=AssumeRole&Version=2011-06-15",
      "Action=GetCallerIdentity&Version=2011-06-15&RoleArn=x",
      "Action=GetCallerIdentity&Version=2011-06-15&Action=GetCallerIdentity",
      "Action=GetCallerIdentity&Version=2012-01-01",
      "Action=GetCallerIdentity",
      "",
    ]) {
      expect(refusal(request({ body })), body).toBe("NotGetCallerIdentity");
    }
  });

  it("is a POST", () => {
    expect(refusal(request({ method: "GET" }))).toBe("UnsupportedMethod");
  });

  it("is signed with SigV4 over the host, the date and the workshop header", () => {
    expect(refusal(request({ set: { Authorization: "" } }))).toBe("MalformedSignature");
    const { Authorization: _, ...unsigned } = request().headers;
    expect(refusal(request({ headers: unsigned }))).toBe("MissingSignature");
    for (const without of ["host", "x-amz-date", "x-targetwatch-workshop"]) {
      const signed = SIGNED.split(";")
        .filter((h) => h !== without)
        .join(";");
      expect(refusal(request({ set: { Authorization: authorization(signed) } })), without).toBe(
        "HeaderNotSigned",
      );
    }
    const { "X-Amz-Security-Token": __, ...withoutToken } = request().headers;
    expect(refusal(request({ headers: withoutToken }))).toBe("HeaderNotSigned");
    expect(refusal(request({ set: { Authorization: authorization(SIGNED, "20261127/us-west-2/s3") } }))).toBe(
      "MalformedSignature",
    );
  });

  it("names this workshop: one signed for another is refused", () => {
    expect(refusal(request({ set: { "x-targetwatch-workshop": "con302" } }))).toBe("WrongWorkshop");
    expect(refusal(request(), { ...EXPECTED, workshopId: "con302" })).toBe("WrongWorkshop");
  });

  it("is signed for the STS endpoint targetwatch is configured with, whatever the case of the host", () => {
    expect(refusal(request({ set: { Host: "sts.amazonaws.com" } }))).toBe("WrongStsEndpoint");
    expect(refusal(request({ set: { Host: "evil.example:443" } }))).toBe("WrongStsEndpoint");
    expect(refusal(request({ set: { Host: "STS.us-west-2.amazonaws.com" } }))).toBeUndefined();
    expect(
      refusal(request({ set: { Host: "127.0.0.1:4566" } }), { ...EXPECTED, stsHost: "127.0.0.1:4566" }),
    ).toBe(undefined);
  });

  it("is at most 15 minutes old and at most 5 minutes ahead of targetwatch's clock", () => {
    const at = (offsetSeconds: number) => ({ ...EXPECTED, now: NOW + offsetSeconds * 1000 });
    expect(refusal(request(), at(15 * 60))).toBeUndefined();
    expect(refusal(request(), at(15 * 60 + 1))).toBe("RequestExpired");
    expect(refusal(request(), at(-5 * 60))).toBeUndefined();
    expect(refusal(request(), at(-5 * 60 - 1))).toBe("RequestNotYetValid");
  });

  it("has an X-Amz-Date on its credential scope's day", () => {
    expect(refusal(request({ set: { "X-Amz-Date": "20261128T090000Z" } }), at0())).toBe("MalformedSignature");
    expect(refusal(request({ set: { "X-Amz-Date": "2026-11-27T09:00:00Z" } }))).toBe("MalformedSignature");
  });

  it("has plain headers: names once each, no line breaks, nothing connection-level", () => {
    expect(refusal(request({ set: { host: STS_HOST } }))).toBe("InvalidHeaders");
    expect(refusal(request({ set: { "X-Extra": "a\r\nHost: evil.example" } }))).toBe("InvalidHeaders");
    expect(refusal(request({ set: { "Bad Name": "x" } }))).toBe("InvalidHeaders");
    const signed = `connection;${SIGNED}`;
    expect(refusal(request({ set: { Connection: "close", Authorization: authorization(signed) } }))).toBe(
      "InvalidHeaders",
    );
  });
});

function at0(): JoinRequestExpectations {
  return { ...EXPECTED, now: Date.parse("2026-11-28T09:00:00Z") };
}

describe("a SigV4 Authorization header", () => {
  it("reads as its credential scope, signed headers and signature, components in any order", () => {
    const parsed = parseSigV4Authorization(
      `AWS4-HMAC-SHA256 Signature=${SIGNATURE},SignedHeaders=host;x-amz-date,Credential=AKIAEXAMPLEEXAMPLE12/20261127/us-west-2/sts/aws4_request`,
    );
    expect(parsed).toEqual({
      accessKeyId: "AKIAEXAMPLEEXAMPLE12",
      scope: { date: "20261127", region: "us-west-2", service: "sts" },
      signedHeaders: ["host", "x-amz-date"],
      signature: SIGNATURE,
    });
  });

  it("is refused when anything is missing, repeated, unsorted or another algorithm", () => {
    const good = authorization("host;x-amz-date");
    for (const bad of [
      good.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"),
      good.replace("SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date;host"),
      good.replace("SignedHeaders=host;x-amz-date", "SignedHeaders=Host;x-amz-date"),
      `${good}, Signature=${SIGNATURE}`,
      good.replace(`, Signature=${SIGNATURE}`, ""),
      good.replace(SIGNATURE, "xyz"),
      good.replace("/aws4_request", ""),
      "Bearer token",
    ]) {
      expect(parseSigV4Authorization(bad), bad).toHaveProperty("error");
    }
  });
});

describe("an X-Amz-Date", () => {
  it("is a real UTC time in its basic ISO 8601 form", () => {
    expect(parseAmzDate("20261127T090000Z")).toBe(NOW);
    expect(parseAmzDate("20260230T090000Z")).toBeUndefined();
    expect(parseAmzDate("20261127T246000Z")).toBeUndefined();
    expect(parseAmzDate("20261127T090000")).toBeUndefined();
  });
});
