import { DescribeLoadBalancersCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ALICE,
  BOB,
  CAROL,
  type Credentials,
  EXTERNAL_ID,
  MONITOR,
  REGION,
  type StsRig,
  startStsRig,
} from "./rig.ts";

const READER = (accountId: string) => `arn:aws:iam::${accountId}:role/TargetWatchReader`;

describe("STS through the real SDK client", () => {
  let rig: StsRig;

  beforeEach(async () => {
    rig = await startStsRig();
    await rig.deployParticipantRole();
  });

  afterEach(async () => {
    await rig.close();
  });

  async function assume(input: Partial<AssumeRoleCommandInput> = {}, caller?: Credentials) {
    return rig.sts(caller).send(
      new AssumeRoleCommand({
        RoleArn: READER(ALICE),
        RoleSessionName: "targetwatch",
        ExternalId: EXTERNAL_ID,
        ...input,
      }),
    );
  }

  function credentialsOf(output: Awaited<ReturnType<typeof assume>>): Credentials {
    return {
      accessKeyId: output.Credentials?.AccessKeyId ?? "",
      secretAccessKey: output.Credentials?.SecretAccessKey ?? "",
      sessionToken: output.Credentials?.SessionToken ?? "",
    };
  }

  async function failure(
    promise: Promise<unknown>,
  ): Promise<{ name: string; message: string; status?: number }> {
    const error = (await promise.then(
      () => undefined,
      (e: unknown) => e,
    )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
    if (!error) throw new Error("expected the call to fail");
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }

  it("answers GetCallerIdentity for static keys as the monitor's collector", async () => {
    // Act
    const identity = await rig.sts().send(new GetCallerIdentityCommand({}));
    // Assess
    expect(identity).toMatchObject({
      Account: MONITOR,
      Arn: `arn:aws:sts::${MONITOR}:assumed-role/targetwatch-collector/test`,
    });
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:test$/);
  });

  it("is found through AWS_ENDPOINT_URL_STS, as the collector's STS client finds it", async () => {
    // Prepare
    vi.stubEnv("AWS_ENDPOINT_URL_STS", rig.sim.endpoint);
    const sts = new STSClient({
      region: REGION,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    // Act
    const identity = await sts.send(new GetCallerIdentityCommand({})).finally(() => {
      sts.destroy();
      vi.unstubAllEnvs();
    });
    // Assess
    expect(identity.Account).toBe(MONITOR);
  });

  it("answers GetCallerIdentity for a participant's own (IDE) credentials with their account", async () => {
    // Prepare
    const own = await rig.ownCredentials(ALICE);
    // Act
    const identity = await rig.sts(own).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(own.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(identity.Account).toBe(ALICE);
    expect(identity.Arn).toMatch(
      new RegExp(`^arn:aws:sts::${ALICE}:assumed-role/WSParticipantRole/i-[0-9a-f]{17}$`),
    );
    expect(identity.Arn).toBe(own.arn);
  });

  it("assumes the participant role with the external id: an hour's credentials of that account", async () => {
    // Act
    const before = Date.now();
    const output = await assume();
    const identity = await rig.sts(credentialsOf(output)).send(new GetCallerIdentityCommand({}));
    // Assess
    expect(output.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(output.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const lifetime = (output.Credentials?.Expiration?.getTime() ?? 0) - before;
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    expect(output.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${ALICE}:assumed-role/TargetWatchReader/targetwatch`,
    );
    expect(output.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:targetwatch$/);
    expect(identity).toMatchObject({ Account: ALICE, Arn: output.AssumedRoleUser?.Arn });
  });

  it("answers ELBv2 calls signed with assumed credentials from that account only", async () => {
    // Prepare
    const alice = credentialsOf(await assume());
    const carolRole = { RoleArn: READER(CAROL), ExternalId: "not-tw-7f3a9c2e41d8" }; // what Carol deployed
    const carol = credentialsOf(await assume(carolRole));
    // Act
    const seen = async (credentials: Credentials) =>
      (await rig.elbv2(credentials).send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.map(
        (lb) => lb.LoadBalancerArn,
      );
    // Assess
    const aliceNlbs = await seen(alice);
    expect(aliceNlbs).toHaveLength(1);
    expect(aliceNlbs?.[0]).toMatch(
      new RegExp(`^arn:aws:elasticloadbalancing:${REGION}:${ALICE}:loadbalancer/net/`),
    );
    expect((await seen(carol))?.[0]).toContain(`:${CAROL}:`);
    expect(await seen({ accessKeyId: "test", secretAccessKey: "test" })).toEqual([]); // the monitor has none
  });

  it.each<[string, Partial<AssumeRoleCommandInput>]>([
    ["a participant who never deployed the role", { RoleArn: READER(BOB) }],
    ["a role deployed with another external id", { RoleArn: READER(CAROL) }],
    ["the wrong external id", { ExternalId: "tw-someone-else" }],
    ["no external id", { ExternalId: undefined }],
    ["a role name nobody deployed", { RoleArn: `arn:aws:iam::${ALICE}:role/SomethingElse` }],
    ["an account the world does not have", { RoleArn: READER("999999999999") }],
  ])("refuses %s with AWS's AccessDenied", async (_, input) => {
    // Act
    const error = await failure(assume(input));
    // Assess
    expect(error).toEqual({
      name: "AccessDenied",
      message: `User: arn:aws:sts::${MONITOR}:assumed-role/targetwatch-collector/test is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn ?? READER(ALICE)}`,
      status: 403,
    });
  });

  it("refuses a caller the role does not trust: the participant's own IDE", async () => {
    // Prepare
    const own = await rig.ownCredentials(ALICE);
    // Act
    const error = await failure(assume({}, own));
    // Assess
    expect(error.name).toBe("AccessDenied");
    expect(error.message).toBe(
      `User: ${own.arn} is not authorized to perform: sts:AssumeRole on resource: ${READER(ALICE)}`,
    );
  });

  it("caps role-chained sessions at one hour and checks the parameters as STS does", async () => {
    expect(await failure(assume({ DurationSeconds: 7200 }))).toEqual({
      name: "ValidationError",
      message:
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
      status: 400,
    });
    expect((await failure(assume({ DurationSeconds: 600 }))).message).toBe(
      "1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    expect((await failure(assume({ RoleSessionName: "has space" }))).name).toBe("ValidationError");
    expect((await failure(assume({ RoleArn: "not-an-arn" }))).message).toBe("Request ARN is invalid");
    expect(await failure(assume({ Policy: "{not json" }))).toMatchObject({
      name: "MalformedPolicyDocumentException", // the SDK's class for STS's MalformedPolicyDocument
      status: 400,
    });
    const short = await assume({ DurationSeconds: 900 });
    expect((short.Credentials?.Expiration?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it("refuses expired credentials with ExpiredToken", async () => {
    // Prepare
    const alice = credentialsOf(await assume({ DurationSeconds: 900 }));
    // Act
    rig.passWallTime(901_000);
    const error = await failure(rig.sts(alice).send(new GetCallerIdentityCommand({})));
    // Assess
    expect(error).toEqual({
      name: "ExpiredToken",
      message: "The security token included in the request is expired",
      status: 403,
    });
  });

  it("verifies signatures made with issued credentials: a wrong secret or session token is refused", async () => {
    // Prepare
    const alice = credentialsOf(await assume());
    const identity = (credentials: Credentials) =>
      failure(rig.sts(credentials).send(new GetCallerIdentityCommand({})));
    // Act
    const wrongSecret = await identity({ ...alice, secretAccessKey: `${alice.secretAccessKey.slice(1)}x` });
    const wrongToken = await identity({ ...alice, sessionToken: "FwoGZXIvYXdzEBogus" });
    const foreignToken = await identity({
      accessKeyId: "test",
      secretAccessKey: "test",
      sessionToken: "bogus",
    });
    const elbv2 = await failure(
      rig.elbv2({ ...alice, secretAccessKey: "wrong" }).send(new DescribeLoadBalancersCommand({})),
    );
    // Assess
    expect(wrongSecret).toEqual({
      name: "SignatureDoesNotMatch",
      message:
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
      status: 403,
    });
    const invalidToken = {
      name: "InvalidClientTokenId",
      message: "The security token included in the request is invalid.",
      status: 403,
    };
    expect(wrongToken).toEqual(invalidToken);
    expect(foreignToken).toEqual(invalidToken);
    expect(elbv2).toMatchObject({ name: "SignatureDoesNotMatch", status: 403 });
  });
});
