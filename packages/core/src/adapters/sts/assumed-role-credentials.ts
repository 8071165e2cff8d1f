import type { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from "@smithy/core";
import type { AccountAccess } from "../../model/scope.ts";

/** A credentials provider, as the SDK's clients take it. */
export type CredentialsProvider = ReturnType<typeof fromTemporaryCredentials>;
type MasterCredentials = Parameters<typeof fromTemporaryCredentials>[0]["masterCredentials"];

/** Role chaining (the collector is itself a role session) caps a session at one hour. */
export const ROLE_SESSION_SECONDS = 3_600;
export const ROLE_SESSION_NAME = "targetwatch-collector";

export interface AssumedRoleCredentialsOptions {
  /** Region of the STS client (its regional endpoint); the collector's own. */
  region: string;
  /**
   * The STS endpoint; by default the SDK's: `AWS_ENDPOINT_URL_STS` (the local stack's
   * simulator), else the regional `https://sts.<region>.amazonaws.com`.
   */
  endpoint?: string;
  /** Who assumes the roles; by default the SDK's credential chain (the collector Lambda's role). */
  masterCredentials?: MasterCredentials;
}

/**
 * Credentials of participant roles, one provider per (account, role, external id), each
 * refreshed five minutes before it expires (the SDK's own rule, `isIdentityExpired`), so a warm
 * collector calls AssumeRole about once an hour per account. `fromTemporaryCredentials` makes
 * the AssumeRole call; it does not cache, and the ELBv2 clients' own memo would call it once per
 * client (one per region), hence the shared memo here. A failed AssumeRole is not remembered:
 * the next sweep asks again, so a template deployed mid-event is picked up at once.
 *
 * The SDK's provider (with its STS client) is loaded by the first AssumeRole: a workshop without
 * participant accounts never needs it, and a cold start does not read it.
 */
export class AssumedRoleCredentials {
  readonly #options: AssumedRoleCredentialsOptions;
  readonly #providers = new Map<string, CredentialsProvider>();
  #calls = 0;

  constructor(options: AssumedRoleCredentialsOptions) {
    this.#options = options;
  }

  /** The (cached) credentials provider of one access. */
  for(access: AccountAccess): CredentialsProvider {
    const key = `${access.accountId} ${access.roleName} ${access.externalId}`;
    let provider = this.#providers.get(key);
    if (!provider) {
      const assume = this.#assumeRole(access);
      const counted: CredentialsProvider = (properties) => {
        this.#calls++;
        return assume(properties);
      };
      provider = memoizeIdentityProvider(
        counted,
        isIdentityExpired,
        doesIdentityRequireRefresh,
      ) as CredentialsProvider;
      this.#providers.set(key, provider);
    }
    return provider;
  }

  /** AssumeRole calls made so far. */
  assumeRoleCalls(): number {
    return this.#calls;
  }

  #assumeRole(access: AccountAccess): CredentialsProvider {
    const { region, endpoint, masterCredentials } = this.#options;
    let provider: Promise<CredentialsProvider> | undefined;
    return async (properties) => {
      provider ??= import("./assume-role.ts").then((sts) =>
        sts.fromTemporaryCredentials({
          params: {
            RoleArn: `arn:aws:iam::${access.accountId}:role/${access.roleName}`,
            RoleSessionName: ROLE_SESSION_NAME,
            ExternalId: access.externalId,
            DurationSeconds: ROLE_SESSION_SECONDS,
          },
          ...(masterCredentials ? { masterCredentials } : {}),
          clientConfig: {
            region,
            ...(endpoint ? { endpoint } : {}),
            // A refusal is final (AccessDenied is not retried); a slow STS must not eat the sweep.
            maxAttempts: 3,
            requestHandler: { requestTimeout: 5_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
          },
        }),
      );
      return (await provider)(properties);
    };
  }
}
