import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE, type Credentials, REGION, type StsRig, startStsRig } from "./rig.ts";

/** The header a join request signs to name its workshop, as Vault's server-id header does. */
const WORKSHOP_HEADER = "x-targetwatch-workshop";
const GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";

/**
 * What a participant's setup script makes with the SDK's own signer and hands to targetwatch,
 * which executes it later with plain HTTP: STS then says whose credentials signed it.
 */
describe("a GetCallerIdentity request signed by a participant, executed later by another party", () => {
  let rig: StsRig;
  let alice: Credentials;

  beforeAll(async () => {
    rig = await startStsRig();
    alice = await rig.ownCredentials(ALICE);
  });

  afterAll(async () => {
    await rig.close();
  });

  function signer(credentials: Credentials): SignatureV4 {
    return new SignatureV4({
      service: "sts",
      region: REGION,
      credentials,
      sha256: Hash.bind(null, "sha256"),
    });
  }

  /** A presigned GET URL (query-signed) whose signature covers the workshop header. */
  async function presignedUrl(workshop: string, expiresIn = 900): Promise<string> {
    const endpoint = new URL(rig.sim.endpoint);
    const presigned = await signer(alice).presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: endpoint.hostname,
        port: Number(endpoint.port),
        path: "/",
        query: { Action: "GetCallerIdentity", Version: "2011-06-15" },
        headers: { host: endpoint.host, [WORKSHOP_HEADER]: workshop },
      },
      { expiresIn },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>);
    return `${rig.sim.endpoint}/?${query}`;
  }

  /** A header-signed POST (as Vault's clients make them): method, URL, headers and body to replay. */
  async function signedPost(
    workshop: string,
  ): Promise<{ url: string; headers: Record<string, string>; body: string }> {
    const endpoint = new URL(rig.sim.endpoint);
    const signed = await signer(alice).sign({
      method: "POST",
      protocol: "http:",
      hostname: endpoint.hostname,
      port: Number(endpoint.port),
      path: "/",
      query: {},
      headers: {
        host: endpoint.host,
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        [WORKSHOP_HEADER]: workshop,
      },
      body: GET_CALLER_IDENTITY,
    });
    const { host: _host, ...headers } = signed.headers;
    return { url: `${rig.sim.endpoint}/`, headers, body: GET_CALLER_IDENTITY };
  }

  async function execute(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
    const response = await fetch(url, init);
    return { status: response.status, body: await response.text() };
  }

  function errorCode(body: string): string | undefined {
    return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  }

  it("answers a presigned GET with the signer's account and role session", async () => {
    // Act
    const { status, body } = await execute(await presignedUrl("ws-1"), {
      headers: { [WORKSHOP_HEADER]: "ws-1" },
    });
    // Assess
    expect(status).toBe(200);
    expect(body).toContain('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    expect(body).toContain(`<Account>${ALICE}</Account>`);
    expect(body).toMatch(
      new RegExp(`<Arn>arn:aws:sts::${ALICE}:assumed-role/WSParticipantRole/i-[0-9a-f]{17}</Arn>`),
    );
  });

  it("answers in JSON when asked to, as aws-iam-authenticator's verifier asks", async () => {
    // Act
    const { status, body } = await execute(await presignedUrl("ws-1"), {
      headers: { [WORKSHOP_HEADER]: "ws-1", accept: "application/json" },
    });
    // Assess
    expect(status).toBe(200);
    const parsed = JSON.parse(body) as {
      GetCallerIdentityResponse: {
        GetCallerIdentityResult: Record<string, string>;
        ResponseMetadata: object;
      };
    };
    expect(parsed.GetCallerIdentityResponse.GetCallerIdentityResult).toMatchObject({ Account: ALICE });
  });

  it("answers a header-signed POST carrying the workshop header", async () => {
    // Prepare
    const request = await signedPost("ws-1");
    // Act
    const { status, body } = await execute(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
    });
    // Assess
    expect(status).toBe(200);
    expect(body).toContain(`<Account>${ALICE}</Account>`);
    expect(request.headers.authorization).toContain(
      `SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;${WORKSHOP_HEADER}`,
    );
  });

  it("refuses a request replayed with another workshop's header, presigned or header-signed", async () => {
    // Prepare
    const post = await signedPost("ws-1");
    // Act
    const replayedGet = await execute(await presignedUrl("ws-1"), { headers: { [WORKSHOP_HEADER]: "ws-2" } });
    const replayedPost = await execute(post.url, {
      method: "POST",
      headers: { ...post.headers, [WORKSHOP_HEADER]: "ws-2" },
      body: post.body,
    });
    const withoutHeader = await execute(await presignedUrl("ws-1"));
    // Assess
    for (const answer of [replayedGet, replayedPost]) {
      expect(answer.status).toBe(403);
      expect(errorCode(answer.body)).toBe("SignatureDoesNotMatch");
      expect(answer.body).toContain("<Type>Sender</Type>");
    }
    expect(errorCode(withoutHeader.body)).toBe("SignatureDoesNotMatch");
  });

  it("refuses a forged signature and a changed body", async () => {
    // Prepare
    const url = new URL(await presignedUrl("ws-1"));
    const signature = url.searchParams.get("X-Amz-Signature") ?? "";
    url.searchParams.set(
      "X-Amz-Signature",
      `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}`,
    );
    const post = await signedPost("ws-1");
    // Act
    const forged = await execute(url.toString(), { headers: { [WORKSHOP_HEADER]: "ws-1" } });
    const otherBody = await execute(post.url, {
      method: "POST",
      headers: post.headers,
      body: "Action=AssumeRole&Version=2011-06-15",
    });
    // Assess
    expect([forged.status, errorCode(forged.body)]).toEqual([403, "SignatureDoesNotMatch"]);
    expect([otherBody.status, errorCode(otherBody.body)]).toEqual([403, "SignatureDoesNotMatch"]);
  });

  it("refuses an unsigned request: STS has nobody to answer for", async () => {
    const { status, body } = await execute(`${rig.sim.endpoint}/?${GET_CALLER_IDENTITY}`);
    expect([status, errorCode(body)]).toEqual([403, "MissingAuthenticationToken"]);
  });

  it("keeps a presigned request valid for 15 minutes from its date, whatever X-Amz-Expires says, as STS does", async () => {
    // Prepare
    const url = await presignedUrl("ws-1", 60);
    const headers = { [WORKSHOP_HEADER]: "ws-1" };
    // Act
    rig.passWallTime(5 * 60_000);
    const after5 = await execute(url, { headers });
    rig.passWallTime(11 * 60_000);
    const after16 = await execute(url, { headers });
    rig.passWallTime(-16 * 60_000);
    // Assess
    expect(after5.status).toBe(200);
    expect(after16.status).toBe(403);
    expect(errorCode(after16.body)).toBe("SignatureDoesNotMatch");
    expect(after16.body).toMatch(
      /<Message>Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)<\/Message>/,
    );
  });

  it("refuses a header-signed request from a clock more than 15 minutes ahead", async () => {
    // Prepare
    const post = await signedPost("ws-1");
    // Act
    rig.passWallTime(-16 * 60_000);
    const early = await execute(post.url, { method: "POST", headers: post.headers, body: post.body });
    rig.passWallTime(16 * 60_000);
    // Assess
    expect(early.status).toBe(403);
    expect(early.body).toMatch(/Signature not yet current: \d{8}T\d{6}Z is still later than/);
  });
});
