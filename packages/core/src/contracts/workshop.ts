import * as z from "zod/mini";
import {
  ACCOUNT_ID_PATTERN,
  CLUSTER_TAG,
  DEFAULT_PARTICIPANT_ROLE_NAME,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_STUCK_THRESHOLD_SECONDS,
  MAX_WORKSHOP_ACCOUNTS,
  ROLE_NAME_PATTERN,
} from "../model/constants.ts";
import { accountIdsUnique } from "./checks.ts";
import { note, regionSchema, targetsByState, time } from "./common.ts";
import { plainText } from "./plain-text.ts";

export const workshopIdSchema = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
      "must be a slug: 1–63 lowercase letters, digits and '-', not starting or ending with '-'",
    ),
    z.meta({ description: "Workshop id (URL slug)", example: "reinvent-2026-con301" }),
  );

export const selectorSchema = z.strictObject({
  tags: z._default(
    z
      .array(
        z.strictObject({
          key: z.string().check(z.minLength(1), z.maxLength(128), plainText),
          value: z
            .optional(z.string().check(z.maxLength(256), plainText))
            .check(z.meta({ description: "Omit to match any value" })),
        }),
      )
      .check(z.maxLength(10)),
    [],
  ),
  namePrefix: z.optional(z.string().check(z.minLength(1), z.maxLength(32), plainText)),
  regions: z._default(z.array(regionSchema).check(z.maxLength(30)), []),
});

export const accountIdSchema = z
  .string()
  .check(
    z.regex(ACCOUNT_ID_PATTERN, "must be an AWS account id: 12 digits"),
    z.meta({ description: "AWS account id", example: "210000000001" }),
  );

/** A participant's name as facilitators see it: the same hygiene as a workshop's name. */
export const accountLabelSchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(200), plainText);

export const roleNameSchema = z
  .string()
  .check(
    z.regex(ROLE_NAME_PATTERN, "must be an IAM role name: 1–64 letters, digits and +=,.@_-"),
    z.meta({ description: "The role targetwatch assumes in each participant account" }),
  );

const accountsInputSchema = z
  .array(z.strictObject({ accountId: accountIdSchema, label: z.optional(accountLabelSchema) }))
  .check(
    z.maxLength(MAX_WORKSHOP_ACCOUNTS),
    z.refine(accountIdsUnique, { error: "must not name an account twice" }),
    z.meta({
      description: `Participant accounts to add to the workshop, or to relabel (a label given replaces the stored one): each read through the role roleName with the workshop's externalId; the workshop holds up to ${MAX_WORKSHOP_ACCOUNTS}. Accounts already in the workshop and not listed stay (only DELETE /workshops/{id}/accounts/{accountId} removes one), so a PUT never undoes a concurrent join. A workshop with none reads the deployment's own account`,
    }),
  );

/** The body of `PUT /workshops/{id}`. */
export const workshopInputSchema = z
  .strictObject({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200), plainText, note("Display name")),
    selector: z._default(selectorSchema, { tags: [{ key: CLUSTER_TAG }], regions: [] }),
    stuckThresholdSeconds: z._default(
      z.int().check(z.minimum(30), z.maximum(86_400)),
      DEFAULT_STUCK_THRESHOLD_SECONDS,
    ),
    retentionDays: z._default(z.int().check(z.minimum(1), z.maximum(365)), DEFAULT_RETENTION_DAYS),
    accounts: z._default(accountsInputSchema, []),
    roleName: z._default(roleNameSchema, DEFAULT_PARTICIPANT_ROLE_NAME),
  })
  .check(
    z.meta({
      id: "WorkshopInput",
      example: {
        name: "re:Invent 2026 CON301",
        selector: { tags: [{ key: CLUSTER_TAG }], namePrefix: "k8s-ui-", regions: ["us-west-2"] },
        stuckThresholdSeconds: DEFAULT_STUCK_THRESHOLD_SECONDS,
        retentionDays: DEFAULT_RETENTION_DAYS,
      },
    }),
  );

/** A workshop's join code as the facilitators see it. */
export const joinCodeStateSchema = z
  .object({
    enabled: z.boolean().check(note("Whether participants can join (a code exists)")),
    code: z.nullable(z.string()).check(note("The code to hand participants; null while joining is off")),
    createdAt: z.nullable(time).check(note("When the code was made; null while joining is off")),
  })
  .check(
    note(
      "Whether participants can add their own account (POST /workshops/{id}/join) and with which code (rotate or revoke it with /join-code)",
    ),
  );

/** A workshop with its configuration, its alarm and a summary of its last sweep. */
export const workshopSchema = z
  .object({
    id: z.string().check(note("Workshop id (URL slug)")),
    name: z.string().check(note("Display name")),
    selector: z
      .object({
        tags: z.array(z.object({ key: z.string(), value: z.optional(z.string()) })),
        namePrefix: z.optional(z.string()),
        regions: z.array(z.string()),
      })
      .check(
        note(
          "Which NLBs belong to the workshop: all tags must match, the name must start with namePrefix, in regions (empty: the collector's regions)",
        ),
      ),
    stuckThresholdSeconds: z.int().check(note("A target not healthy for longer than this is stuck")),
    retentionDays: z.int().check(note("How long transitions are kept, in days")),
    roleName: z.string().check(note("The role assumed in each participant account")),
    externalId: z
      .nullable(z.string())
      .check(
        note(
          "The sts:ExternalId the participant role must require: generated by targetwatch when the workshop is created, stable across updates (null for the implicit workshop)",
        ),
      ),
    accounts: z
      .array(z.object({ accountId: z.string(), label: z.nullable(z.string()) }))
      .check(note("Participant accounts; empty: the deployment's own account")),
    joinCode: joinCodeStateSchema,
    accountCount: z
      .int()
      .check(note("How many participant accounts the workshop reads (0: the deployment's own)")),
    participantRole: z
      .nullable(
        z.object({
          collectorRoleArn: z
            .string()
            .check(note("The collector's role, which the participant role must trust")),
          externalId: z.string().check(note("The sts:ExternalId the trust policy must require")),
          roleName: z.string().check(note("The name the participant role must have")),
          template: z
            .string()
            .check(note("The CloudFormation template that creates it, in the targetwatch repository")),
        }),
      )
      .check(
        note(
          "The parameters of the participant role's stack (CollectorRoleArn, ExternalId, RoleName of infra/participant-role.yaml); null where the deployment does not name its collector role, and for the implicit workshop",
        ),
      ),
    implicit: z
      .boolean()
      .check(z.meta({ description: "The `default` workshop that exists while none is configured" })),
    alarm: z
      .nullable(
        z.object({
          name: z.string(),
          state: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA", "MISSING", "UNKNOWN"]),
        }),
      )
      .check(
        z.meta({
          description:
            "The workshop's stuck-target alarm (UNKNOWN when CloudWatch could not be asked, MISSING when it does not exist); null where alarms are not configured",
        }),
      ),
    summary: z
      .object({
        loadBalancers: z.int(),
        targets: z.int(),
        targetsByState,
        stuck: z.int(),
        lastSweepAt: z.nullable(time),
        lastSweepAgeSeconds: z.nullable(z.number()),
        lastSweepDurationMs: z.nullable(z.number()),
        lastSweepErrors: z.array(z.string()),
        lastGap: z.nullable(z.object({ from: time, to: time })).check(
          z.meta({
            description:
              "The latest period without recorded data (no data from … to …: the store or the collector was down, sweeps were missed); changes across it are marked gap",
          }),
        ),
      })
      .check(note("Its NLBs, targets by state and stuck targets now, and how its last sweep went")),
  })
  .check(z.meta({ id: "Workshop" }));

export const workshopListSchema = z.object({ workshops: z.array(workshopSchema) });

/** The answer of `POST /workshops/{id}/external-id/rotate`. */
export const externalIdRotationSchema = z
  .object({
    externalId: z
      .string()
      .check(note("The workshop's new sts:ExternalId; the previous one is no longer stored")),
    roleName: z.string().check(note("The role assumed in each participant account")),
    accountsToUpdate: z
      .int()
      .check(
        note(
          "Participant accounts whose role stack must be updated with the new external id: until then their status turns roleNotAssumable",
        ),
      ),
  })
  .check(z.meta({ id: "ExternalIdRotation" }));
