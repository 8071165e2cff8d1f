import * as z from "zod/mini";
import { ACCOUNT_STATUSES } from "../model/scope.ts";
import { note, time } from "./common.ts";

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
