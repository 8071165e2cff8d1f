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
 * Half of the smallest published bucket refill (10/s) would be safest, but a class of 30 NLBs
 * needs ~70 calls per sweep; 20/s with the bucket's burst of ≥ 40 keeps a sweep under 4 s and
 * leaves room for the AWS Load Balancer Controller, which polls the same bucket.
 */
export const DEFAULT_MAX_REQUESTS_PER_SECOND = 20;
/** Half the smallest published bucket size (40): a sweep may start this many at once. */
export const DEFAULT_BURST = 20;
export const DEFAULT_MAX_CONCURRENCY = 8;

/** Attempts per call, retries included: the adaptive retry is the safety net behind the client-side limit. */
export const DEFAULT_MAX_ATTEMPTS = 6;
/** Describe* answers come back in well under a second; a hung socket must not eat a Lambda's budget. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
