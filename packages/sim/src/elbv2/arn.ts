import { validationError } from "./query.ts";

/**
 * ELBv2 checks an ARN's shape before looking it up: a malformed one is a `ValidationError`
 * ("'…' is not a valid target group ARN"), a well-formed one that does not exist is a
 * `…NotFound`. The resource IDs are hex; names follow AWS's 1–32 alphanumerics-and-hyphens rule.
 */
const PREFIX = String.raw`arn:aws(?:-[a-z]+)*:elasticloadbalancing:[a-z0-9-]+:\d{12}:`;
const NAME = "[A-Za-z0-9-]{1,32}";
const LOAD_BALANCER_ARN = new RegExp(`^${PREFIX}loadbalancer/(?:net|app|gwy)/${NAME}/[0-9a-f]+$`);
const TARGET_GROUP_ARN = new RegExp(`^${PREFIX}targetgroup/${NAME}/[0-9a-f]+$`);
const LISTENER_ARN = new RegExp(`^(${PREFIX})listener/((?:net|app|gwy)/${NAME}/[0-9a-f]+)/[0-9a-f]+$`);

export function isLoadBalancerArn(arn: string): boolean {
  return LOAD_BALANCER_ARN.test(arn);
}

export function isTargetGroupArn(arn: string): boolean {
  return TARGET_GROUP_ARN.test(arn);
}

export function isListenerArn(arn: string): boolean {
  return LISTENER_ARN.test(arn);
}

export function assertLoadBalancerArn(arn: string): void {
  if (!isLoadBalancerArn(arn)) throw validationError(`'${arn}' is not a valid load balancer ARN`);
}

export function assertTargetGroupArn(arn: string): void {
  if (!isTargetGroupArn(arn)) throw validationError(`'${arn}' is not a valid target group ARN`);
}

export function assertListenerArn(arn: string): void {
  if (!isListenerArn(arn)) throw validationError(`'${arn}' is not a valid listener ARN`);
}

/**
 * A listener ARN embeds its load balancer's: `…:listener/net/<name>/<lb id>/<listener id>` belongs
 * to `…:loadbalancer/net/<name>/<lb id>`, so a listener is found without scanning every NLB.
 */
export function loadBalancerArnOfListener(listenerArn: string): string | undefined {
  const match = LISTENER_ARN.exec(listenerArn);
  return match ? `${match[1]}loadbalancer/${match[2]}` : undefined;
}
