import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { JOIN_WORKSHOP_HEADER } from "@targetwatch/core/model";

/** Credentials as the simulator hands a participant their own (`GET /_sim/accounts/{id}/credentials`). */
export interface SimCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** A signed STS request as the join body carries it. */
export interface SignedRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
}

export interface SignOptions {
  /** The workshop the request is signed for (the x-targetwatch-workshop header). */
  workshop: string;
  /** The STS endpoint the SDK signs for: its host is signed. */
  endpoint: string;
  /** Signs as if the clock were this far off (ms): an old or a future request. */
  clockOffsetMs?: number;
  /** Another action than GetCallerIdentity. */
  assumeRole?: boolean;
}

/** What the signing middleware throws once the request is signed: the SDK never sends it. */
class Signed extends Error {
  readonly request: SignedRequest;
  constructor(request: SignedRequest) {
    super("signed, not sent");
    this.request = request;
  }
}

/**
 * An STS request signed by the real SDK (@aws-sdk/client-sts, its SigV4 signer) with the
 * header naming the workshop, captured after signing and never sent: what a participant's
 * script hands targetwatch.
 */
export async function signedStsRequest(
  credentials: SimCredentials,
  options: SignOptions,
): Promise<SignedRequest> {
  const client = new STSClient({
    region: "us-west-2",
    endpoint: options.endpoint,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
    maxAttempts: 1,
    ...(options.clockOffsetMs ? { systemClockOffset: options.clockOffsetMs } : {}),
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers[JOIN_WORKSHOP_HEADER] = options.workshop;
      return next(args);
    },
    { step: "build", name: "addWorkshopHeader" },
  );
  client.middlewareStack.add(
    () => async (args) => {
      const request = args.request as { method: string; headers: Record<string, string>; body: string };
      throw new Signed({
        method: request.method,
        headers: { ...request.headers },
        body: String(request.body),
      });
    },
    { step: "deserialize", name: "captureSignedRequest", priority: "low" },
  );
  try {
    await (options.assumeRole
      ? client.send(
          new AssumeRoleCommand({
            RoleArn: "arn:aws:iam::210000000001:role/TargetWatchReader",
            RoleSessionName: "x",
          }),
        )
      : client.send(new GetCallerIdentityCommand({})));
  } catch (error) {
    if (error instanceof Signed) return error.request;
    throw error;
  } finally {
    client.destroy();
  }
  throw new Error("the SDK sent the request instead of handing it over");
}
