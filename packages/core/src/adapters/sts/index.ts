// Reading participant accounts: credentials of the role assumed in each, and their ELBv2 sources.

export {
  AssumedRoleCredentials,
  type AssumedRoleCredentialsOptions,
  type CredentialsProvider,
  ROLE_SESSION_NAME,
  ROLE_SESSION_SECONDS,
} from "./assumed-role-credentials.ts";
export {
  DEFAULT_MAX_CALLS_IN_FLIGHT,
  Elbv2AccountSources,
  type Elbv2AccountSourcesOptions,
} from "./elbv2-account-sources.ts";
