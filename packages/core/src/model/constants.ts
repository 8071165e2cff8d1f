/** Tags the AWS Load Balancer Controller writes on every NLB it creates. */
export const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
/** `<namespace>/<service>` of the Kubernetes Service behind the NLB. */
export const STACK_TAG = "service.k8s.aws/stack";

export const DEFAULT_WORKSHOP_ID = "default";
export const DEFAULT_STUCK_THRESHOLD_SECONDS = 300;
export const DEFAULT_RETENTION_DAYS = 30;
/** Burst re-sampling period while targets are transitional; NLB health checks run every 10 s by default. */
export const DEFAULT_BURST_INTERVAL_SECONDS = 5;
