import { describe, expect, it } from "vitest";
import { answerOf, StsCallerIdentity, stsEndpointOf } from "../../../src/adapters/sts/sts-caller-identity.ts";

const NS = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"';
const IDENTITY = `<GetCallerIdentityResponse ${NS}><GetCallerIdentityResult><Arn>arn:aws:sts::210000000001:assumed-role/WSParticipantRole/i-0abc</Arn><UserId>AROAEXAMPLE:i-0abc</UserId><Account>210000000001</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
const ERROR = `<ErrorResponse ${NS}><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided &amp; so on</Message></Error><RequestId>r</RequestId></ErrorResponse>`;

describe("STS's answer to a GetCallerIdentity", () => {
  it("names the signer's account and ARN", () => {
    expect(answerOf(200, IDENTITY)).toEqual({
      kind: "identity",
      accountId: "210000000001",
      arn: "arn:aws:sts::210000000001:assumed-role/WSParticipantRole/i-0abc",
    });
  });

  it("is STS's refusal, with its code and message, for a 4xx", () => {
    expect(answerOf(403, ERROR)).toEqual({
      kind: "refused",
      code: "SignatureDoesNotMatch",
      message: "The request signature we calculated does not match the signature you provided & so on",
    });
    expect(answerOf(400, "not xml")).toEqual({
      kind: "refused",
      code: "StsRefused",
      message: "STS answered 400",
    });
  });

  it("is unavailable for a 5xx, a redirect, or a success without exactly 12 digits of account", () => {
    expect(answerOf(500, ERROR).kind).toBe("unavailable");
    expect(answerOf(302, "").kind).toBe("unavailable");
    expect(answerOf(200, IDENTITY.replace("210000000001</Account>", "2100</Account>")).kind).toBe(
      "unavailable",
    );
    expect(answerOf(200, "<Account>210000000001</Account>").kind).toBe("unavailable");
  });
});

describe("targetwatch's STS endpoint", () => {
  it("is AWS_ENDPOINT_URL_STS when set, else the regional endpoint", () => {
    expect(stsEndpointOf({ AWS_ENDPOINT_URL_STS: "http://127.0.0.1:4566", AWS_REGION: "us-west-2" })).toBe(
      "http://127.0.0.1:4566",
    );
    expect(stsEndpointOf({ AWS_REGION: "eu-west-1" })).toBe("https://sts.eu-west-1.amazonaws.com");
    expect(() => stsEndpointOf({})).toThrow(/no STS endpoint/);
  });

  it("is the only place a request goes, redirects not followed, the host and length left to the client", async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const fake: typeof fetch = async (url, init) => {
      sent.push({ url: String(url), init: init ?? {} });
      return new Response(IDENTITY, { status: 200 });
    };
    const sts = new StsCallerIdentity({ endpoint: "https://sts.us-west-2.amazonaws.com", fetch: fake });
    const answer = await sts.getCallerIdentity({
      headers: { authorization: "AWS4-HMAC-SHA256 …", "x-amz-date": "20261127T090000Z" },
      body: "Action=GetCallerIdentity&Version=2011-06-15",
    });
    expect(sts.host).toBe("sts.us-west-2.amazonaws.com");
    expect(answer.kind).toBe("identity");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("https://sts.us-west-2.amazonaws.com/");
    expect(sent[0]?.init).toMatchObject({ method: "POST", redirect: "manual" });
  });

  it("is unavailable when it cannot be reached", async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    const sts = new StsCallerIdentity({ endpoint: "http://127.0.0.1:9", fetch: failing });
    expect(await sts.getCallerIdentity({ headers: {}, body: "" })).toEqual({
      kind: "unavailable",
      message: "STS could not be reached: fetch failed",
    });
    expect(sts.host).toBe("127.0.0.1:9");
  });
});
