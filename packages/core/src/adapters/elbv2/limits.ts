/**
 * ELBv2 limits and the defaults the adapter derives from them, in one place. See AWS-FACTS.md:
 * `Describe*` calls share a per-account, per-region token bucket of 10/s (burst 40) to 50/s
 * (burst 200), depending on the account.
 */

/** Largest `PageSize` DescribeLoadBalancers and DescribeTargetGroups accept. */
export const ELBV2_MAX_PAGE_SIZE = 400;
/** Most ARNs one DescribeTags call accepts. */
export const ELBV2_MAX_TAG_RESOURCES = 20;

/**
 * Half of the default bucket's refill (10/s): the other half is left to the participants' AWS
 * Load Balancer Controllers, which poll and reconcile through the same bucket, and to anyone
 * else in the account. A class of 100 NLBs in one account (~110 calls a sweep) is read in about
 * 20 s, well inside a sweep's budget. Accounts with a raised quota can go higher
 * (docs/collector.md).
 */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 5;
/**
 * Calls a sweep may start at once: an eighth of the default bucket (40), leaving most of it for
 * the controllers' reconciles, which read several resources at once.
 */
export const DEFAULT_BURST = 5;
export const DEFAULT_MAX_CONCURRENCY = 8;

/** Attempts per call, retries included: the adaptive retry is the safety net behind the client-side limit. */
export const DEFAULT_MAX_ATTEMPTS = 6;
/** Describe* answers come back in well under a second; a hung socket must not eat a Lambda's budget. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
