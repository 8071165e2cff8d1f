import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  type Credentials,
  EXTERNAL_ID,
  MONITOR,
  REGION,
  STATIC_CREDENTIALS,
  type StsRig,
  startStsRig,
} from "./rig.ts";

const AWS_CLI = "/usr/bin/aws";
const run = promisify(execFile);

/** The AWS CLI v2 (a Python client, botocore's signer) against the simulator's STS and ELBv2. */
describe.skipIf(!existsSync(AWS_CLI))("the AWS CLI against the simulator's STS", () => {
  let rig: StsRig;
  let home: string;

  beforeAll(async () => {
    rig = await startStsRig();
    await rig.deployParticipantRole();
    home = await mkdtemp(join(tmpdir(), "tw-aws-cli-"));
  });

  afterAll(async () => {
    await rig.close();
    await rm(home, { recursive: true, force: true });
  });

  /** Runs `aws <args>` with only `credentials` (no profile, no metadata service); JSON out, or the failure. */
  async function aws(
    credentials: Credentials,
    ...args: string[]
  ): Promise<{ ok: true; json: Record<string, unknown> } | { ok: false; code: number; stderr: string }> {
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      AWS_CONFIG_FILE: join(home, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
      AWS_REGION: REGION,
      AWS_PAGER: "",
      AWS_EC2_METADATA_DISABLED: "true",
    };
    try {
      const { stdout } = await run(
        AWS_CLI,
        [...args, "--endpoint-url", rig.sim.endpoint, "--output", "json"],
        {
          env,
        },
      );
      return { ok: true, json: JSON.parse(stdout) as Record<string, unknown> };
    } catch (error) {
      const failure = error as { code: number; stderr: string };
      return { ok: false, code: failure.code, stderr: failure.stderr };
    }
  }

  it("answers `aws sts get-caller-identity` for static keys and for a participant's own credentials", async () => {
    // Act
    const monitor = await aws(STATIC_CREDENTIALS, "sts", "get-caller-identity");
    const alice = await aws(await rig.ownCredentials(ALICE), "sts", "get-caller-identity");
    // Assess
    expect(monitor).toMatchObject({
      ok: true,
      json: { Account: MONITOR, Arn: `arn:aws:sts::${MONITOR}:assumed-role/targetwatch-collector/test` },
    });
    expect(alice).toMatchObject({ ok: true, json: { Account: ALICE } });
  }, 60_000);

  it("assumes the participant role with `aws sts assume-role --external-id`, then describes that account's NLB", async () => {
    // Act
    const assumed = await aws(
      STATIC_CREDENTIALS,
      "sts",
      "assume-role",
      "--role-arn",
      `arn:aws:iam::${ALICE}:role/TargetWatchReader`,
      "--role-session-name",
      "cli",
      "--external-id",
      EXTERNAL_ID,
    );
    if (!assumed.ok) throw new Error(assumed.stderr);
    const credentials = assumed.json.Credentials as Record<string, string>;
    const described = await aws(
      {
        accessKeyId: credentials.AccessKeyId ?? "",
        secretAccessKey: credentials.SecretAccessKey ?? "",
        sessionToken: credentials.SessionToken ?? "",
      },
      "elbv2",
      "describe-load-balancers",
    );
    // Assess
    expect(assumed.json.AssumedRoleUser).toMatchObject({
      Arn: `arn:aws:sts::${ALICE}:assumed-role/TargetWatchReader/cli`,
    });
    expect(described.ok).toBe(true);
    const nlbs = (described.ok ? described.json.LoadBalancers : []) as { LoadBalancerArn: string }[];
    expect(nlbs.map((lb) => lb.LoadBalancerArn)).toEqual(
      rig.sim.world
        .elbAccount(ALICE)
        .loadBalancers(REGION)
        .map((lb) => lb.LoadBalancerArn),
    );
  }, 60_000);

  it("prints STS's AccessDenied for a participant who never deployed the role", async () => {
    // Act
    const refused = await aws(
      STATIC_CREDENTIALS,
      "sts",
      "assume-role",
      "--role-arn",
      `arn:aws:iam::${BOB}:role/TargetWatchReader`,
      "--role-session-name",
      "cli",
      "--external-id",
      EXTERNAL_ID,
    );
    // Assess
    expect(refused).toMatchObject({ ok: false, code: 254 });
    expect(refused.ok ? "" : refused.stderr.trim()).toBe(
      `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:sts::${MONITOR}:assumed-role/targetwatch-collector/test is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${BOB}:role/TargetWatchReader`,
    );
  }, 60_000);
});
