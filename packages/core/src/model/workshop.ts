import {
  CLUSTER_TAG,
  DEFAULT_PARTICIPANT_ROLE_NAME,
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

/**
 * A participant's AWS account, which targetwatch reads through the role the participant
 * template creates there. The label is the participant's name as the facilitators see it; it is
 * resolved at read time (it may change during the event), never copied onto NLBs or transitions.
 */
export interface WorkshopAccount {
  /** 12 digits. */
  accountId: string;
  label?: string;
  /** When the account joined by itself (`POST /workshops/{id}/join`), epoch ms. */
  joinedAt?: number;
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
  /**
   * Participant accounts to read, each through its role. None (or empty): the deployment's own
   * account with the collector's own credentials, as before accounts existed.
   */
  accounts?: WorkshopAccount[];
  /** The role assumed in each participant account; default {@link DEFAULT_PARTICIPANT_ROLE_NAME}. */
  roleName?: string;
  /**
   * The `sts:ExternalId` the participant role requires (against the confused deputy): generated
   * by targetwatch when the workshop is created, stable across updates, never set by a client.
   * Absent only in workshops stored before accounts existed, until their next update.
   */
  externalId?: string;
}

/** The role name a workshop's participant accounts are read through. */
export function participantRoleName(workshop: Workshop): string {
  return workshop.roleName ?? DEFAULT_PARTICIPANT_ROLE_NAME;
}

/** Whether the workshop reads participant accounts (else the deployment's own account). */
export function hasParticipantAccounts(workshop: Pick<Workshop, "accounts">): boolean {
  return (workshop.accounts?.length ?? 0) > 0;
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
