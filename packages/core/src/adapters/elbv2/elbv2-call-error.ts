/** The ELBv2 read calls the adapter makes. */
export type Elbv2Operation =
  | "DescribeLoadBalancers"
  | "DescribeTags"
  | "DescribeTargetGroups"
  | "DescribeTargetHealth";

/**
 * An ELBv2 call that failed after every retry, with a one-line message naming the call, the
 * region, the resource and the AWS error, e.g.
 * `DescribeTargetHealth failed in us-west-2 for target group k8s-ui-uinlb-0a1b2c3d4e: TargetGroupNotFoundException: One or more target groups not found`.
 * The SDK's error is the `cause`.
 */
export class Elbv2CallError extends Error {
  readonly operation: Elbv2Operation;
  readonly region: string;
  /** The SDK error's name, e.g. `TargetGroupNotFoundException`, `HealthUnavailableException`, `Throttling`. */
  readonly code: string;
  /** Attempts made, retries included (when the SDK says). */
  readonly attempts: number | undefined;

  constructor(operation: Elbv2Operation, region: string, resource: string | undefined, cause: unknown) {
    const { code, message, attempts } = describeCause(cause);
    const tries = attempts !== undefined && attempts > 1 ? ` (after ${attempts} attempts)` : "";
    super(
      `${operation} failed in ${region}${resource ? ` for ${resource}` : ""}: ${code}: ${message}${tries}`,
      {
        cause,
      },
    );
    this.name = "Elbv2CallError";
    this.operation = operation;
    this.region = region;
    this.code = code;
    this.attempts = attempts;
  }
}

function describeCause(cause: unknown): { code: string; message: string; attempts: number | undefined } {
  if (cause instanceof Error) {
    const attempts = (cause as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    // Keep the message on one line: it ends up in a table cell and a log line.
    const message = cause.message.replace(/\s+/g, " ").trim() || "(no message)";
    return { code: cause.name || "Error", message, attempts };
  }
  return { code: "Error", message: String(cause), attempts: undefined };
}
