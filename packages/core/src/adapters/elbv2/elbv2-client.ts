import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { DEFAULT_CONNECTION_TIMEOUT_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_REQUEST_TIMEOUT_MS } from "./limits.ts";

export interface Elbv2ClientOptions extends Omit<ElasticLoadBalancingV2ClientConfig, "region"> {
  /** Whole request, connection to last byte; default 10 s. Ignored when `requestHandler` is given. */
  requestTimeoutMs?: number;
  /** TCP/TLS connection set-up; default 3 s. Ignored when `requestHandler` is given. */
  connectionTimeoutMs?: number;
}

/**
 * The ELBv2 client as production wants it: adaptive retry (it slows the client down when AWS
 * throttles, on top of the adapter's own rate limit), a few attempts, and timeouts so a stuck
 * connection fails over to a retry instead of eating the Lambda's time budget.
 *
 * The endpoint is deliberately not set here: the SDK reads `AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2`
 * (then `AWS_ENDPOINT_URL`, then `endpoint_url` in the shared config file) by itself, which is
 * how the local stack points it at the simulator. Any client option can still be overridden.
 *
 * @example
 * const source = new Elbv2TargetHealthSource({ clientFor: elbv2ClientProvider() });
 */
export function createElbv2Client(
  region: string,
  options: Elbv2ClientOptions = {},
): ElasticLoadBalancingV2Client {
  const {
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    connectionTimeoutMs = DEFAULT_CONNECTION_TIMEOUT_MS,
    ...config
  } = options;
  return new ElasticLoadBalancingV2Client({
    retryMode: "adaptive",
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    // Handler options (not a NodeHttpHandler instance): the SDK builds its own handler from
    // them, so core needs no direct dependency on @smithy/node-http-handler. Without
    // throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
    requestHandler: {
      requestTimeout: requestTimeoutMs,
      connectionTimeout: connectionTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...config,
    region,
  });
}

/** One client per region, created on first use: what {@link Elbv2TargetHealthSource} wants as `clientFor`. */
export function elbv2ClientProvider(
  options: Elbv2ClientOptions = {},
): (region: string) => ElasticLoadBalancingV2Client {
  const clients = new Map<string, ElasticLoadBalancingV2Client>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = createElbv2Client(region, options);
      clients.set(region, client);
    }
    return client;
  };
}
