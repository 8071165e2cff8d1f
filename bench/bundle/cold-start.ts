/**
 * One cold start, in a fresh Node.js process that the bundle benchmark forks per measurement:
 * `import()` of a built bundle, then one invocation of its handler. Times from just before the
 * import, so Node's own start-up (the same for every bundle) is not counted. Loaded first is
 * only what Lambda's Node.js runtime has loaded before it imports a handler: its runtime API
 * client (aws-lambda-nodejs-runtime-interface-client's RAPIDClient) requires `node:http` and
 * makes an Agent before `UserFunction.load`. Loading `node:http` costs tens of milliseconds
 * here, which a deployed handler never pays.
 *
 * argv: the bundle's entry file. env: the function's environment plus BENCH_EVENT (JSON).
 * Answers `{ importMs, firstRequestMs, importCpuMs, firstRequestCpuMs, result }` on the IPC
 * channel: wall-clock times, and the CPU time the process spent over the same spans (which a
 * busy machine's other processes do not inflate).
 */
const bundle = process.argv[2] as string;
const event: unknown = JSON.parse(process.env.BENCH_EVENT ?? "{}");
const context = {
  awsRequestId: "bench-request",
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? "bench",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-west-2:123456789012:function:bench",
  memoryLimitInMB: "256",
  logGroupName: "/aws/lambda/bench",
  logStreamName: "bench",
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
};

const http = await import("node:http");
new http.Agent({ keepAlive: true, maxSockets: 1 });

const cpu = process.cpuUsage();
const started = performance.now();
const loaded = (await import(bundle)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
const imported = performance.now();
const importCpu = process.cpuUsage(cpu);
const result = await loaded.handler(event, context);
const answered = performance.now();
const requestCpu = process.cpuUsage(cpu);
const ms = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
process.send?.(
  {
    importMs: imported - started,
    firstRequestMs: answered - started,
    importCpuMs: ms(importCpu),
    firstRequestCpuMs: ms(requestCpu),
    result,
  },
  () => process.exit(0),
);
