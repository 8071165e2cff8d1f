import * as z from "zod/mini";
import { ACCOUNT_STATUSES } from "../model/scope.ts";
import { note, time } from "./common.ts";
import { accountLabelSchema } from "./workshop.ts";

/** One participant account of a workshop and how reading it went in the latest sweeps. */
export const accountStatusSchema = z
  .object({
    accountId: z.string().check(note("The participant's AWS account id")),
    label: z
      .nullable(z.string())
      .check(note("The participant's name as the workshop gives it; null if none")),
    status: z
      .enum(ACCOUNT_STATUSES)
      .check(
        note(
          "pending: not swept yet; ok: read in every region; roleNotAssumable: STS refused AssumeRole (AccessDenied; see hint); error: another failure (see message)",
        ),
      ),
    message: z.nullable(z.string()).check(note("What failed, as AWS said it")),
    hint: z
      .nullable(z.string())
      .check(
        note(
          "With roleNotAssumable: which cause is likely (never assumable: the participant template is not deployed yet or used another role name; assumable before: the external id was rotated or the role deleted), and the three possible causes",
        ),
      ),
    lastSweptAt: z.nullable(time).check(note("The latest sweep that read it in every region")),
    loadBalancers: z.int().check(note("Its NLBs in the workshop (last known while it fails)")),
  })
  .check(z.meta({ id: "AccountStatus" }));

export const accountListSchema = z.object({
  roleName: z.string().check(note("The role assumed in each participant account")),
  externalId: z
    .nullable(z.string())
    .check(note("The sts:ExternalId the participant role must require (null for the implicit workshop)")),
  accounts: z
    .array(accountStatusSchema)
    .check(note("Each participant account in the workshop's order; empty: the deployment's own account")),
});

/** The body of `PUT /workshops/{id}/accounts/{accountId}`. */
export const accountInputSchema = z
  .strictObject({
    label: z
      .optional(accountLabelSchema)
      .check(
        note(
          "The participant's name as facilitators see it (plain text, up to 200 characters); omitted: the account keeps the label it has (none when new)",
        ),
      ),
  })
  .check(z.meta({ id: "AccountInput", example: { label: "Table 3 – Alice" } }));

/** One participant account of a workshop, as stored. */
export const workshopAccountSchema = z
  .object({
    accountId: z.string().check(note("The participant's AWS account id")),
    label: z
      .nullable(z.string())
      .check(note("The participant's name as the workshop gives it; null if none")),
    joinedAt: z
      .nullable(time)
      .check(
        note("When the account joined by itself (POST /workshops/{id}/join); null if a facilitator added it"),
      ),
  })
  .check(z.meta({ id: "WorkshopAccount" }));
