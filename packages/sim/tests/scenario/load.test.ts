import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDurationSeconds } from "../../src/scenario/duration.ts";
import { loadScenarioFile, parseScenario, ScenarioError } from "../../src/scenario/load.ts";

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tw-scenario-"));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("scenario files", () => {
  it.each([
    "scenarios/ip-mode.yaml",
    "scenarios/class.yaml",
    "scenarios/class-one-account.yaml",
    "scenarios/stuck-pod.yaml",
  ])("ships a valid %s", async (path) => {
    const scenario = await loadScenarioFile(path);
    expect(scenario.clusters.length).toBeGreaterThan(0);
  });

  it("fills in the controller's defaults", () => {
    const scenario = parseScenario("name: x\n");
    expect(scenario.healthCheck).toEqual({
      intervalSeconds: 10,
      timeoutSeconds: 10,
      healthyThreshold: 3,
      unhealthyThreshold: 3,
    });
    expect(scenario.timing.deregistrationDelaySeconds).toBe(300);
    expect(scenario.region).toBe("us-west-2");
  });

  it("reads JSON as well as YAML", async () => {
    const path = await tempFile("s.json", JSON.stringify({ name: "json", steps: [] }));
    expect((await loadScenarioFile(path)).name).toBe("json");
  });

  it("names the file, line, field and problem for a bad value", async () => {
    // Prepare
    const path = await tempFile(
      "bad.yaml",
      "name: bad\nclusters:\n  - name: c1\n    services:\n      - namespace: ui\n        name: ui-nlb\n        deployment: ui/ui\n        targetType: alb\n",
    );
    // Act
    const error = await loadScenarioFile(path).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toContain(`${path}:8:21: clusters[0].services[0].targetType:`);
    expect((error as Error).message).toMatch(/instance.*ip/);
  });

  it("rejects unknown fields by name", () => {
    expect(() => parseScenario("name: x\nclusterz: []\n", "f.yaml")).toThrow(
      /f\.yaml:2:1: \(top level\): unknown field "clusterz"/,
    );
  });

  it("rejects a step aimed at a cluster that does not exist", () => {
    expect(() =>
      parseScenario(
        "name: x\nclusters: [{name: c1, deployments: [{namespace: ui, name: ui}]}]\nsteps:\n  - {at: 10, action: scale, cluster: c2, deployment: ui/ui, replicas: 2}\n",
        "f.yaml",
      ),
    ).toThrow('f.yaml:4:38: steps[0].cluster: no cluster named "c2" (clusters: c1)');
  });

  it("rejects a service switched before it is created", () => {
    expect(() =>
      parseScenario(
        `name: x
clusters: [{name: c1, deployments: [{namespace: ui, name: ui}]}]
steps:
  - {at: 10, action: setTargetType, cluster: c1, service: ui/nlb, targetType: ip}
  - {at: 20, action: createService, cluster: c1, service: {namespace: ui, name: nlb, deployment: ui/ui}}
`,
        "f.yaml",
      ),
    ).toThrow('f.yaml:4:59: steps[0].service: no service ui/nlb in cluster "c1" at 10s');
  });

  describe("refuses at load every step aimed at a pod that does not exist then, with its line", () => {
    const withSteps = (...steps: string[]) =>
      `name: x\nclusters:\n  - name: c1\n    deployments: [{ namespace: ui, name: ui, replicas: 1 }]\nsteps:\n${steps.map((step) => `  - ${step}\n`).join("")}`;

    it.each([
      [
        "failing pod 4 of a 1-replica deployment",
        ["{ at: 1m, action: failPod, cluster: c1, deployment: ui/ui, pod: 4 }"],
        "f.yaml:6:69: steps[0].pod: deployment ui/ui has no pod number 4 at 60s (its pods then are number 0, counted from 0 in creation order)",
      ],
      [
        "a pod scaled away before the step",
        [
          "{ at: 1m, action: scale, cluster: c1, deployment: ui/ui, replicas: 3 }",
          "{ at: 2m, action: scale, cluster: c1, deployment: ui/ui, replicas: 2 }",
          "{ at: 3m, action: failHealthCheck, cluster: c1, deployment: ui/ui, pod: 2 }",
        ],
        "f.yaml:8:77: steps[2].pod: deployment ui/ui has no pod number 2 at 180s (its pods then are number 0, 1, counted from 0 in creation order)",
      ],
      [
        "a pod step listed before the scale that creates it, in time order",
        [
          "{ at: 2m, action: recoverPod, cluster: c1, deployment: ui/ui, pod: 1 }",
          "{ at: 1m, action: scale, cluster: c1, deployment: ui/ui, replicas: 0 }",
        ],
        "f.yaml:6:72: steps[0].pod: deployment ui/ui has no pod number 1 at 120s (it has no pods then)",
      ],
    ])("%s", (_, steps, message) => {
      expect(() => parseScenario(withSteps(...steps), "f.yaml")).toThrow(message);
    });

    it("accepts a pod created by an earlier scale, whatever the order the steps are listed in", () => {
      const text = withSteps(
        "{ at: 2m, action: failPod, cluster: c1, deployment: ui/ui, pod: 2 }",
        "{ at: 1m, action: scale, cluster: c1, deployment: ui/ui, replicas: 3 }",
      );
      expect(parseScenario(text, "f.yaml").steps).toHaveLength(2);
    });
  });

  it("rejects text that is not YAML, with its position", () => {
    expect(() => parseScenario("name: [unclosed\n", "f.yaml")).toThrow(
      /^f\.yaml:\d+:\d+: not valid YAML or JSON/,
    );
  });

  it("says so when the file cannot be read", async () => {
    await expect(loadScenarioFile("/nonexistent/s.yaml")).rejects.toThrow(
      "/nonexistent/s.yaml: cannot read scenario file (no such file)",
    );
  });

  it("rejects a bad duration", () => {
    expect(() =>
      parseScenario(
        "name: x\nsteps:\n  - {at: soon, action: scale, cluster: c, deployment: a/b, replicas: 1}\n",
        "f.yaml",
      ),
    ).toThrow(/steps\[0\]\.at: "soon" is not a duration/);
  });
});

describe("durations", () => {
  it.each([
    ["90s", 90],
    ["4m", 240],
    ["1m30s", 90],
    ["1h", 3600],
    ["2.5s", 2.5],
  ])("reads %s as %d seconds", (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  it.each(["", "m", "5 minutes", "-3s"])("rejects %j", (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
  });
});

describe("scenario accounts", () => {
  const cluster = "deployments: [{ namespace: ui, name: ui }]";

  it("makes the first listed account the monitor when accountId is absent, and reads unquoted ids", () => {
    // Act
    const scenario = parseScenario(
      "name: x\naccounts:\n  - { id: 111111111111, label: targetwatch }\n  - { id: '222222222222', role: missing }\n",
    );
    // Assess
    expect(scenario.accountId).toBe("111111111111");
    expect(scenario.accounts).toEqual([
      { id: "111111111111", label: "targetwatch", role: "present" },
      { id: "222222222222", role: "missing" },
    ]);
  });

  it("keeps 123456789012 as the monitor of a scenario that names no account", () => {
    expect(parseScenario("name: x\n").accountId).toBe("123456789012");
  });

  it("refuses an id that is not 12 digits, with the place and a hint about YAML", () => {
    expect(() => parseScenario("name: x\naccounts:\n  - id: 012345678901\n", "f.yaml")).toThrow(
      /f\.yaml:3:9: accounts\[0\]\.id: must be 12 digits \(quote it in YAML/,
    );
    expect(() => parseScenario("name: x\naccounts:\n  - { id: '1', role: gone }\n", "f.yaml")).toThrow(
      /accounts\[0\]\.role: Invalid option/,
    );
  });

  it("refuses an account listed twice", () => {
    expect(() =>
      parseScenario("name: x\naccounts:\n  - id: '222222222222'\n  - id: '222222222222'\n", "f.yaml"),
    ).toThrow("f.yaml:4:9: accounts[1].id: account 222222222222 is listed twice");
  });

  it("refuses a class given both one account and an account per copy", () => {
    expect(() =>
      parseScenario(
        `name: x\nclusters:\n  - name: c\n    account: '222222222222'\n    replicate: { count: 2, firstAccountId: '300000000001' }\n    ${cluster}\n`,
        "f.yaml",
      ),
    ).toThrow(/f\.yaml:3:5: clusters\[0\]: give either account .* or replicate\.firstAccountId/);
  });

  it("refuses a class whose accounts would run past the last 12-digit id", () => {
    expect(() =>
      parseScenario(
        `name: x\nclusters:\n  - name: c\n    replicate: { count: 3, firstAccountId: '999999999998' }\n    ${cluster}\n`,
        "f.yaml",
      ),
    ).toThrow(
      "f.yaml:4:44: clusters[0].replicate.firstAccountId: 3 accounts from 999999999998 run past 999999999999",
    );
  });
});
