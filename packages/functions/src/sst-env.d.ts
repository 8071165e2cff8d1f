/* Links this package's handlers use; `sst` regenerates an equivalent file when it runs. */
import "sst";

declare module "sst" {
  export interface Resource {
    Table: { name: string; type: "sst.aws.Dynamo" };
    ApiToken: { value: string; type: "sst.sst.Secret" };
    Alarms: { arn: string; type: "sst.aws.SnsTopic" };
  }
}
