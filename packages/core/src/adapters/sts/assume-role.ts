// The SDK's AssumeRole provider, in a module of its own so that the collector loads it (and the
// STS client it brings) only when a workshop has participant accounts: see assumed-role-credentials.ts.
export { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
