import { FUNCTION_BUNDLING } from "./bundling.ts";
import { LOG_RETENTION, namePrefix } from "./settings.ts";

const partition = aws.getPartitionOutput({}).partition;
const region = aws.getRegionOutput({}).region;
const accountId = aws.getCallerIdentityOutput({}).accountId;

/** An ARN in this stack's account and region, e.g. `arn("cloudwatch", "alarm:name")`. */
export function arn(service: string, resource: string) {
  return $interpolate`arn:${partition}:${service}:${region}:${accountId}:${resource}`;
}

/**
 * An IAM ARN of this partition in any account, e.g. `iamArnInAnyAccount("role/TargetWatchReader")`:
 * for roles in accounts not known at deploy time (participant accounts).
 */
export function iamArnInAnyAccount(resource: string) {
  return $interpolate`arn:${partition}:iam::*:${resource}`;
}

/**
 * What targetwatch's Lambdas share: Node.js 24 (what the code is written and tested for, see
 * package.json `engines`) on arm64 (Graviton: about 20 % cheaper per GB-second than x86_64 for
 * the same work, and nothing here is native code), with a fixed name so that the log group, and
 * so the log permissions, can be named before the function exists.
 *
 * Two SST defaults of the function's role are narrowed:
 * - SST attaches the AWS-managed AWSLambdaBasicExecutionRole, which lets the function create and
 *   write to any log group in the account (`Resource: "*"`). SST already creates the function's
 *   own log group, with a retention, so the function may write to that one group only.
 * - SST lets the account itself (`arn:aws:iam::<account>:root`) assume the role too, which
 *   `sst dev` needs to run the function on a laptop with its permissions; a deployed stage lets
 *   only Lambda assume it, so no other principal in the account can borrow its permissions.
 */
export function lambdaBase(shortName: string) {
  const name = `${namePrefix}-${shortName}`;
  return {
    name,
    runtime: "nodejs24.x" as const,
    architecture: "arm64" as const,
    logging: { retention: LOG_RETENTION },
    /** How SST bundles the handler (infra/bundling.ts). */
    nodejs: { ...FUNCTION_BUNDLING, esbuild: { ...FUNCTION_BUNDLING.esbuild } },
    logPermission: {
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [arn("logs", `log-group:/aws/lambda/${name}:*`)],
    },
    roleTransform: {
      managedPolicyArns: [] as string[],
      ...($dev
        ? {}
        : { assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }) }),
    },
  };
}
