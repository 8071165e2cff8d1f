import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorld } from "../src/scenario/build-world.ts";
import { loadScenarioFile } from "../src/scenario/load.ts";
import { changeInstants, fetchTruth, viewsFromTruth } from "../src/truth-views.ts";
import type { World } from "../src/world/world.ts";

/**
 * The EKS Workshop's own commands (website/docs/fundamentals/exposing/loadbalancer/ip-mode.md
 * and adding-lb.md in aws-samples/eks-workshop-v2), as a participant types them, run by the AWS
 * CLI v2 of Debian's `awscli` package against `npm run sim`.
 */
const PAGE_COMMANDS = `
ALB_ARN=$(aws elbv2 describe-load-balancers --query 'LoadBalancers[?contains(LoadBalancerName, \`k8s-ui-uinlb\`) == \`true\`].LoadBalancerArn' | jq -r '.[0]')
TARGET_GROUP_ARN=$(aws elbv2 describe-target-groups --load-balancer-arn $ALB_ARN | jq -r '.TargetGroups[0].TargetGroupArn')
aws elbv2 describe-target-health --target-group-arn $TARGET_GROUP_ARN
`;

/** The only change to the page's commands: each `aws elbv2 <command>` goes to the simulator. */
function pointedAt(commands: string): string {
  const pointed = commands.replace(/aws elbv2 ([a-z-]+)/g, 'aws elbv2 $1 --endpoint-url "$SIM_ENDPOINT"');
  expect(pointed.match(/--endpoint-url/g)).toHaveLength(3);
  return pointed;
}

/** Debian's AWS CLI v2 (the `awscli` package); other `aws` on the PATH (a pip AWS CLI v1, say) do not count. */
const DEBIAN_AWS = "/usr/bin/aws";
const required = process.env.TARGETWATCH_REQUIRE_AWS_CLI === "1";
const available = existsSync(DEBIAN_AWS) && existsSync("/usr/bin/jq");
const START = Date.parse("2026-11-27T09:00:00.000Z");
const run = promisify(execFile);

interface Description {
  Target: { Id: string; Port: number; AvailabilityZone?: string };
  HealthCheckPort: string;
  TargetHealth: { State: string; Reason?: string };
}

describe.skipIf(!available && !required)(
  "the EKS Workshop page's AWS CLI commands against npm run sim",
  () => {
    let sim: ChildProcess;
    let endpoint = "";
    let dir = "";
    let twin: World;

    beforeAll(async () => {
      expect(available, `${DEBIAN_AWS} and jq are needed (.ci/run installs awscli and jq)`).toBe(true);
      // The walkthrough with every target healthy 90 s after registration, so that the two pods
      // scaled out together also turn healthy together, as the page shows them.
      dir = await mkdtemp(join(tmpdir(), "tw-cli-"));
      const scenario = join(dir, "ip-mode-pinned.yaml");
      const shipped = await readFile("scenarios/ip-mode.yaml", "utf8");
      await writeFile(
        scenario,
        `${shipped}\nstart: "${new Date(START).toISOString()}"\ntiming: { registrationDelaySeconds: 60, healthCheckPhase: aligned }\n`,
      );
      // The same world in this process, to know ahead when anything changes.
      twin = buildWorld(await loadScenarioFile(scenario), START);
      // --speed 0: simulated time moves only when the test moves it, between CLI calls.
      sim = spawn("npm", ["run", "sim", "--", "--scenario", scenario, "--speed", "0", "--quiet"], {
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
      });
      for await (const line of createInterface({ input: sim.stdout as NodeJS.ReadableStream })) {
        const match = /ready at (http:\/\/\S+)/.exec(line);
        if (match?.[1]) {
          endpoint = match[1];
          break;
        }
      }
    }, 60_000);

    afterAll(async () => {
      // npm runs the simulator in a child: stop the whole group this test started.
      if (sim?.pid && sim.exitCode === null) {
        const exited = once(sim, "exit");
        process.kill(-sim.pid, "SIGINT");
        await exited;
      }
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** Moves the simulator's clock to `at` through its control API. */
    async function advanceTo(at: number): Promise<void> {
      const res = await fetch(`${endpoint}/_sim/clock/advance`, {
        method: "POST",
        body: JSON.stringify({ to: new Date(at).toISOString() }),
      });
      expect(res.status).toBe(200);
    }

    /** Moves the simulator's clock to `at`, then runs the page's commands and returns the health answer. */
    async function pageAt(at: number): Promise<Description[]> {
      await advanceTo(at);
      const { stdout } = await run("bash", ["-euo", "pipefail", "-c", pointedAt(PAGE_COMMANDS)], {
        env: {
          PATH: `/usr/bin:/bin:${process.env.PATH ?? ""}`,
          HOME: dir,
          SIM_ENDPOINT: endpoint,
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_DEFAULT_REGION: "us-west-2",
          AWS_CONFIG_FILE: join(dir, "no-config"),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-credentials"),
          AWS_PAGER: "",
          AWS_EC2_METADATA_DISABLED: "true",
        },
      });
      return (JSON.parse(stdout) as { TargetHealthDescriptions: Description[] }).TargetHealthDescriptions;
    }

    it("sees exactly the page's sequence through TargetGroups[0], and no other view in between", async () => {
      // Prepare: the page starts once the instance targets are healthy (adding-lb.md). A view can
      // only change when some target truly changes, so the commands run at the start and right
      // at every such instant of the truth, up to when all is healthy. The instants come from the
      // twin world; the simulator's own truth is checked against it afterwards.
      const from = START + 120_000;
      const until = START + 480_000;
      twin.advanceTo(until);
      const instants = changeInstants(twin.truth(), from).filter((at) => at <= until);
      // Act
      const views: { at: number; view: string[]; descriptions: Description[] }[] = [];
      for (const at of [from, ...instants]) {
        const descriptions = await pageAt(at);
        const view = descriptions
          .map((d) => `${d.Target.Id.startsWith("i-") ? "instance" : "ip"}:${d.TargetHealth.State}`)
          .sort();
        if (views.at(-1)?.view.join() !== view.join()) views.push({ at, view, descriptions });
      }
      // Assess: 3 instance targets healthy → 1 ip target initial → healthy → 3 ip targets, the new
      // ones initial → 3 healthy
      expect(views.map((v) => v.view)).toEqual([
        ["instance:healthy", "instance:healthy", "instance:healthy"],
        ["ip:initial"],
        ["ip:healthy"],
        ["ip:healthy", "ip:initial", "ip:initial"],
        ["ip:healthy", "ip:healthy", "ip:healthy"],
      ]);
      await advanceTo(until);
      const truth = await fetchTruth(endpoint);
      expect(truth).toEqual(
        twin.truth().map((t) => expect.objectContaining({ at: t.at, targetId: t.targetId, to: t.to })),
      );
      expect(views.map((v) => v.view)).toEqual(viewsFromTruth(truth, from));
      // …with the page's shapes: node targets on the NodePort without a zone, pods on 8080 with one
      const [nodes, firstPod] = views;
      for (const d of nodes?.descriptions ?? []) {
        expect(d.Target).toEqual({ Id: expect.stringMatching(/^i-[0-9a-f]{17}$/), Port: expect.any(Number) });
        expect(d.HealthCheckPort).toBe(String(d.Target.Port));
      }
      expect(firstPod?.descriptions).toEqual([
        {
          Target: {
            Id: expect.stringMatching(/^10\.42\.\d+\.\d+$/),
            Port: 8080,
            AvailabilityZone: expect.stringMatching(/^us-west-2[abc]$/),
          },
          HealthCheckPort: "8080",
          TargetHealth: {
            State: "initial",
            Reason: "Elb.RegistrationInProgress",
            Description: "Target registration is in progress",
          },
        },
      ]);
    }, 300_000);
  },
);
