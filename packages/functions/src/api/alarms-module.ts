// What LazyAlarms loads on first use, named export by export: an `import()` of a package's index
// would bring every export of it (the whole CloudWatch client with its waiters and paginators),
// where a static import here lets the bundler keep only these two.
export { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
export { WorkshopAlarms } from "@targetwatch/core/adapters/cloudwatch";
