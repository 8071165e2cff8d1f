/**
 * How many DescribeTargetHealth requests per second the simulator serves with no injected
 * latency. The simulator runs in its own process (one core); the load comes from this one over
 * loopback with keep-alive, as a collector's SDK client would send it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";

export interface ThroughputResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export async function startSimulatorProcess(
  scenario: string,
): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["packages/sim/src/cli.ts", "--scenario", scenario, "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const match = /ready at (http:\/\/[^\s]+)/.exec(line);
    if (match?.[1]) return { endpoint: match[1], child };
  }
  throw new Error("simulator exited before it was ready");
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}

/** Fetches the scenario's target group ARNs through the same awsQuery wire the SDK uses. */
async function targetGroupArns(endpoint: string, agent: Agent): Promise<string[]> {
  const body = await post(endpoint, agent, "Action=DescribeTargetGroups&Version=2015-12-01");
  return [...body.matchAll(/<TargetGroupArn>([^<]+)<\/TargetGroupArn>/g)].map((m) => m[1] as string);
}

function post(endpoint: string, agent: Agent, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}/`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString())
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export async function measureDescribeTargetHealth(
  endpoint: string,
  options: { seconds: number; concurrency: number },
): Promise<ThroughputResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const arns = await targetGroupArns(endpoint, agent);
  if (arns.length === 0) throw new Error("the scenario has no target groups");
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const arn = arns[next++ % arns.length] as string;
      const t0 = performance.now();
      try {
        await post(
          endpoint,
          agent,
          `Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=${encodeURIComponent(arn)}`,
        );
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    errors,
  };
}
