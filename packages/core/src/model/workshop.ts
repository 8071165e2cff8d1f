import {
  CLUSTER_TAG,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_STUCK_THRESHOLD_SECONDS,
  DEFAULT_WORKSHOP_ID,
} from "./constants.ts";

/** A tag the NLB must carry; without `value`, any value matches. */
export interface TagFilter {
  key: string;
  value?: string;
}

/** Which NLBs belong to a workshop. All conditions must hold. */
export interface WorkshopSelector {
  tags: TagFilter[];
  /** NLB name prefix, e.g. `k8s-ui-`. */
  namePrefix?: string;
  /** Regions to watch; empty means the collector's configured regions. */
  regions: string[];
}

export interface Workshop {
  /** URL-safe slug. */
  id: string;
  name: string;
  selector: WorkshopSelector;
  /** A target not healthy for longer than this is stuck. */
  stuckThresholdSeconds: number;
  /** How long transitions are kept (DynamoDB TTL). */
  retentionDays: number;
}

/**
 * With no workshop configured, targetwatch watches every NLB the AWS Load Balancer Controller
 * created: they all carry the cluster tag.
 */
export const DEFAULT_WORKSHOP: Workshop = {
  id: DEFAULT_WORKSHOP_ID,
  name: "Every Load Balancer Controller NLB",
  selector: { tags: [{ key: CLUSTER_TAG }], regions: [] },
  stuckThresholdSeconds: DEFAULT_STUCK_THRESHOLD_SECONDS,
  retentionDays: DEFAULT_RETENTION_DAYS,
};
