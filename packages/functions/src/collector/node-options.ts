/**
 * Node.js flags for the collector Lambda (infra sets them as NODE_OPTIONS). A sweep of 1,000
 * NLBs holds well under 100 MB of live heap, but under the SDK's allocation churn V8 grows its
 * young generation and defers old-space GC until RSS is ~280 MB. Small semi-spaces and an
 * old-space ceiling keep RSS under 200 MB at the same speed (docs/benchmarks.md); 256 MB of old
 * space still leaves about 3× headroom over the live heap of a 1,000-NLB sweep.
 */
export const COLLECTOR_NODE_OPTIONS = ["--max-semi-space-size=2", "--max-old-space-size=256"];
