import * as z from "zod/mini";
import {
  GET_CALLER_IDENTITY_BODY,
  JOIN_REQUEST_MAX_AGE_SECONDS,
  JOIN_WORKSHOP_HEADER,
} from "../model/constants.ts";
import { note, time } from "./common.ts";
import { accountLabelSchema } from "./workshop.ts";

/** Participants adding their own account: the join code, the join request and their answers. */

const signedRequestSchema = z
  .strictObject({
    method: z.string().check(z.maxLength(16), note("POST: the request is signed in its headers")),
    headers: z
      .record(z.string().check(z.maxLength(256)), z.string().check(z.maxLength(8192)))
      .check(
        note(
          `Every header the signature lists (SignedHeaders), with Authorization: at least host (the STS endpoint's host targetwatch is configured with), x-amz-date (at most ${JOIN_REQUEST_MAX_AGE_SECONDS / 60} minutes old) and ${JOIN_WORKSHOP_HEADER} (this workshop's id), plus x-amz-security-token for temporary credentials`,
        ),
      ),
    body: z.string().check(z.maxLength(1024), note(`Exactly ${GET_CALLER_IDENTITY_BODY}`)),
  })
  .check(
    note(
      "An sts:GetCallerIdentity request SigV4-signed with the participant's credentials and not sent: targetwatch sends it to its own STS endpoint (never to a URL from the request) and adds the account STS names",
    ),
  );

/** The body of `POST /workshops/{id}/join`. */
export const joinInputSchema = z
  .strictObject({
    joinCode: z
      .string()
      .check(z.minLength(1), z.maxLength(200), note("The workshop's join code, from its facilitators")),
    label: z.optional(
      accountLabelSchema.check(note("The participant's name as the facilitators will see it; optional")),
    ),
    request: signedRequestSchema,
  })
  .check(
    z.meta({
      id: "JoinInput",
      example: {
        joinCode: "twj-3f9c2a7d41e8b6c05d1f2e3a4b5c6d7e",
        label: "Table 3 – Alice",
        request: {
          method: "POST",
          headers: {
            authorization:
              "AWS4-HMAC-SHA256 Credential=ASIA…/20261127/us-west-2/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-targetwatch-workshop, Signature=…",
            "content-type": "application/x-www-form-urlencoded; charset=utf-8",
            host: "sts.us-west-2.amazonaws.com",
            "x-amz-date": "20261127T090000Z",
            "x-amz-security-token": "…",
            [JOIN_WORKSHOP_HEADER]: "reinvent-2026-con301",
          },
          body: GET_CALLER_IDENTITY_BODY,
        },
      },
    }),
  );

/** What a join added. */
export const joinResultSchema = z
  .object({
    workshopId: z.string().check(note("The workshop joined")),
    accountId: z.string().check(note("The account STS named as the signer's: now one of the workshop's")),
    arn: z.string().check(note("The signer, as STS named it")),
    label: z.nullable(z.string()).check(note("The participant's label now (the new one, or the one kept)")),
    joinedAt: time.check(note("When the account first joined")),
  })
  .check(z.meta({ id: "JoinResult" }));

/** The answer of `POST /workshops/{id}/join-code/rotate`. */
export const joinCodeSchema = z
  .object({
    joinCode: z.string().check(note("The new code: every earlier one stops working")),
    createdAt: time.check(note("When it was made")),
    joinPath: z.string().check(note("Where participants send their join requests")),
    stsHost: z
      .string()
      .check(note("The STS host participants must sign their GetCallerIdentity for (targetwatch's own)")),
  })
  .check(z.meta({ id: "JoinCode" }));
