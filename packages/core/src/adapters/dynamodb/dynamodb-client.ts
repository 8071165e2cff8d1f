import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";

/** DynamoDB answers in milliseconds; a request still open after this is stalled, not slow. */
export const DYNAMODB_REQUEST_TIMEOUT_MS = 3_000;
export const DYNAMODB_CONNECTION_TIMEOUT_MS = 1_000;
/** Attempts per request, retries included: enough for a throttled moment, too few to outlast a sweep. */
export const DYNAMODB_MAX_ATTEMPTS = 3;

/**
 * A DynamoDB client that cannot hang a sweep: request and connection timeouts that throw (the
 * SDK's handler only logs a warning without `throwOnRequestTimeout`) and a few attempts. The
 * endpoint follows the SDK's own variables (`AWS_ENDPOINT_URL_DYNAMODB`); `config` overrides any
 * setting, e.g. the endpoint and credentials of DynamoDB Local.
 *
 * @example
 * const store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(createDynamoDbClient()), tableName });
 */
export function createDynamoDbClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: DYNAMODB_MAX_ATTEMPTS,
    requestHandler: {
      requestTimeout: DYNAMODB_REQUEST_TIMEOUT_MS,
      connectionTimeout: DYNAMODB_CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...config,
  });
}
