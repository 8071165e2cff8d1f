import type { SeededRandom } from "../random.ts";

/**
 * Names and IDs shaped exactly like the ones AWS and the Load Balancer Controller produce, so a
 * facilitator looking at the simulator sees what they would see in the console.
 */

/** The controller strips non-alphanumerics and truncates namespace and service to 8 characters. */
function controllerPart(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, "").slice(0, 8);
}

/** `k8s-<ns ≤8>-<svc ≤8>-<10 hex>`, e.g. `k8s-ui-uinlb-e1c1ebaeb4` (NLBs and target groups alike). */
export function controllerResourceName(namespace: string, service: string, random: SeededRandom): string {
  return `k8s-${controllerPart(namespace)}-${controllerPart(service)}-${random.hex(10)}`;
}

export function loadBalancerArn(region: string, account: string, name: string, id: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/net/${name}/${id}`;
}

export function targetGroupArn(region: string, account: string, name: string, id: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${name}/${id}`;
}

export function listenerArn(
  region: string,
  account: string,
  lbName: string,
  lbId: string,
  id: string,
): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:listener/net/${lbName}/${lbId}/${id}`;
}

/** NLB DNS names carry the load balancer's ID and the region: `<name>-<16 hex>.elb.<region>.amazonaws.com`. */
export function loadBalancerDnsName(name: string, id: string, region: string): string {
  return `${name}-${id}.elb.${region}.amazonaws.com`;
}

/** Route 53 hosted zone of NLBs per region (published by AWS); others get a plausible stand-in. */
const NLB_HOSTED_ZONES: Record<string, string> = {
  "us-east-1": "Z26RNL4JYFTOTI",
  "us-east-2": "ZLMOA37VPKANP",
  "us-west-1": "Z24FKFUX50B4VW",
  "us-west-2": "Z18D5FSROUN65G",
  "eu-west-1": "Z2IFOLAFXWLO4F",
  "eu-central-1": "Z3F0SRJ5LGBH90",
  "ap-southeast-1": "ZKVM4W9LS7TM",
  "ap-northeast-1": "Z31USIVHYNEOWT",
};

export function nlbHostedZoneId(region: string): string {
  return NLB_HOSTED_ZONES[region] ?? "Z0000000SIMNLB";
}

/** EC2-style resource IDs: `i-`, `vpc-`, `subnet-`, `sg-` followed by 17 hex digits. */
export function ec2Id(prefix: "i" | "vpc" | "subnet" | "sg", random: SeededRandom): string {
  return `${prefix}-${random.hex(17)}`;
}

/** Kubernetes pod names: `<deployment>-<pod-template-hash>-<5 chars>`. */
export function podName(deployment: string, templateHash: string, random: SeededRandom): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += alphabet[random.int(0, alphabet.length - 1)];
  return `${deployment}-${templateHash}-${suffix}`;
}

/** The EKS Workshop VPC is 10.42.0.0/16 with one private /19 per zone. */
export const WORKSHOP_SUBNET_BASES = [
  "10.42.96.0",
  "10.42.128.0",
  "10.42.160.0",
  "10.42.192.0",
  "10.42.224.0",
  "10.42.64.0",
];

/** A free host address in the /19 starting at `base`, not yet in `used`. */
export function hostInSubnet(base: string, used: Set<string>, random: SeededRandom): string {
  const [a, b, c] = base.split(".").map(Number) as [number, number, number];
  for (;;) {
    const offset = random.int(10, 32 * 256 - 2);
    const ip = `${a}.${b}.${c + Math.floor(offset / 256)}.${offset % 256}`;
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
}
