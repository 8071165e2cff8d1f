// Owns a DynamoDB Local as a separate process, so that a test can SIGKILL the owner and check
// that Java does not survive it. Prints the handle as one JSON line, then waits to be killed.
import { startDynamoDbLocal } from "../src/index.ts";

const dynamodb = await startDynamoDbLocal();
process.stdout.write(`${JSON.stringify({ pid: dynamodb.pid, endpoint: dynamodb.endpoint })}\n`);
// The handle does not keep the process alive by itself.
setInterval(() => {}, 60_000);
