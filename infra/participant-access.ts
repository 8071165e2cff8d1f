/**
 * What the collector may do in participant accounts, as plain data (no SST globals), so that the
 * stack (collector.ts, api.ts), the participant template's test and the infra test read one
 * definition.
 */
import { DEFAULT_PARTICIPANT_ROLE_NAME, ROLE_NAME_PATTERN } from "@targetwatch/core/model";

/**
 * The ELBv2 reads the collector makes: the four of packages/core's ELBv2 adapter, in its own
 * account and, through the participant role (infra/participant-role.yaml, which must list exactly
 * these), in every participant account. Elastic Load Balancing has no resource-level permissions
 * for Describe*, hence `*`; these are read-only, on load balancer metadata and target health.
 */
export const ELB_DESCRIBE_ACTIONS = [
  "elasticloadbalancing:DescribeLoadBalancers",
  "elasticloadbalancing:DescribeTags",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetHealth",
];

/**
 * The deploy-time setting naming the roles the collector may assume in participant accounts
 * (comma-separated IAM role names). The API refuses a workshop whose `roleName` is not one of them.
 */
export const PARTICIPANT_ROLE_NAMES_SETTING = "TARGETWATCH_PARTICIPANT_ROLE_NAMES";

/**
 * The role names of {@link PARTICIPANT_ROLE_NAMES_SETTING}'s value, trimmed and without repeats;
 * unset or blank: the template's default, `TargetWatchReader`. Throws on a name IAM would refuse,
 * so that a typo fails `sst deploy` instead of granting AssumeRole on a role nobody creates.
 */
export function participantRoleNames(value: string | undefined): string[] {
  const names = [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  const invalid = names.filter((name) => !ROLE_NAME_PATTERN.test(name));
  if (invalid.length > 0) {
    throw new Error(
      `${PARTICIPANT_ROLE_NAMES_SETTING}: not IAM role names (1–64 of letters, digits and +=,.@_-): ${invalid.map((n) => JSON.stringify(n)).join(", ")}`,
    );
  }
  return names.length > 0 ? names : [DEFAULT_PARTICIPANT_ROLE_NAME];
}
