export { handler as collectorHandler } from "./collector/handler.ts";
