import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";

/** PutMetricData and the alarm calls answer within a second; a stalled one must not eat a sweep. */
export const CLOUDWATCH_REQUEST_TIMEOUT_MS = 5_000;
export const CLOUDWATCH_CONNECTION_TIMEOUT_MS = 2_000;
export const CLOUDWATCH_MAX_ATTEMPTS = 3;

/**
 * A CloudWatch client with request and connection timeouts that throw, and a few attempts; the
 * endpoint follows `AWS_ENDPOINT_URL_CLOUDWATCH`, and `config` overrides any setting.
 */
export function createCloudWatchClient(config: CloudWatchClientConfig = {}): CloudWatchClient {
  return new CloudWatchClient({
    maxAttempts: CLOUDWATCH_MAX_ATTEMPTS,
    requestHandler: {
      requestTimeout: CLOUDWATCH_REQUEST_TIMEOUT_MS,
      connectionTimeout: CLOUDWATCH_CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...config,
  });
}
