export { Elbv2CallError, type Elbv2Operation } from "./elbv2-call-error.ts";
export { createElbv2Client, type Elbv2ClientOptions, elbv2ClientProvider } from "./elbv2-client.ts";
export {
  Elbv2TargetHealthSource,
  type Elbv2TargetHealthSourceOptions,
} from "./elbv2-target-health-source.ts";
export {
  DEFAULT_BURST,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_REQUESTS_PER_SECOND,
  ELBV2_MAX_PAGE_SIZE,
  ELBV2_MAX_TAG_RESOURCES,
} from "./limits.ts";
