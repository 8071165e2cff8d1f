import * as z from "zod/mini";
import { ACCOUNT_STATUSES } from "../model/scope.ts";
import { time } from "./common.ts";

/** One participant account of a workshop and how reading it went in the latest sweeps. */
export const accountStatusSchema = z
  .object({
    accountId: z.string(),
    label: z.nullable(z.string()),
    status: z.enum(ACCOUNT_STATUSES).check(
      z.meta({
        description:
          "pending: not swept yet; ok: read in every region; roleNotAssumable: STS refused AssumeRole (AccessDenied; see hint); error: another failure (see message)",
      }),
    ),
    message: z.nullable(z.string()).check(z.meta({ description: "What failed, as AWS said it" })),
    hint: z.nullable(z.string()).check(
      z.meta({
        description:
          "With roleNotAssumable: which cause is likely (never assumable: the participant template is not deployed yet or used another role name; assumable before: the external id was rotated or the role deleted), and the three possible causes",
      }),
    ),
    lastSweptAt: z
      .nullable(time)
      .check(z.meta({ description: "The latest sweep that read it in every region" })),
    loadBalancers: z
      .int()
      .check(z.meta({ description: "Its NLBs in the workshop (last known while it fails)" })),
  })
  .check(z.meta({ id: "AccountStatus" }));

export const accountListSchema = z.object({
  roleName: z.string(),
  externalId: z.nullable(z.string()),
  accounts: z.array(accountStatusSchema),
});
