import { SIM_REGION } from "@targetwatch/testing/sim";

/** A scenario (YAML) of `count` clusters, each with one ui/ui-nlb Service (one NLB, one target group). */
export function classScenario(
  count: number,
  options: { targetType?: "instance" | "ip"; nodes?: number } = {},
): string {
  return `
name: class-of-${count}
region: ${SIM_REGION}
clusters:
  - name: c
    replicate: { count: ${count} }
    nodes: ${options.nodes ?? 3}
    deployments: [{ namespace: ui, name: ui, replicas: 1 }]
    services:
      - { namespace: ui, name: ui-nlb, deployment: ui/ui, targetType: ${options.targetType ?? "instance"} }
`;
}
