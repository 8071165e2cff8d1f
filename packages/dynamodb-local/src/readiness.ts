import { request } from "node:http";

/**
 * Resolves once the DynamoDB API at `endpoint` answers a ListTables call.
 *
 * @throws {Error} when it has not answered within `timeoutMs`, or when `signal` aborts.
 */
export async function waitForDynamoDb(
  endpoint: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  for (;;) {
    signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new Error(`DynamoDB at ${endpoint} did not answer within ${timeoutMs} ms (${lastProblem})`);
    }
    const attemptSignal = AbortSignal.timeout(Math.min(remaining, 2_000));
    const problem = await probeListTables(
      endpoint,
      signal ? AbortSignal.any([signal, attemptSignal]) : attemptSignal,
    );
    if (problem === undefined) return;
    lastProblem = problem;
    await new Promise((done) => setTimeout(done, Math.min(100, Math.max(0, deadline - Date.now()))));
  }
}

/** Returns undefined when ListTables succeeded, else what went wrong. */
function probeListTables(endpoint: string, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((settle) => {
    const req = request(
      endpoint,
      {
        method: "POST",
        // A fresh connection per probe: a pooled one could outlive the server or this helper.
        agent: false,
        signal,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.ListTables",
          // DynamoDB Local wants credentials to be present but does not verify the signature.
          authorization:
            "AWS4-HMAC-SHA256 Credential=local/20000101/us-east-1/dynamodb/aws4_request, " +
            "SignedHeaders=host, Signature=0",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => settle(res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`));
        res.on("error", (error) => settle(error.message));
      },
    );
    req.on("error", (error) => settle(error.message));
    req.end("{}");
  });
}
