import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readApiSettings } from "../../src/api/config.ts";
import { ConfigurationError } from "../../src/configuration-error.ts";

describe("the API's participant-role settings from its environment", () => {
  // The table and token come through their SST links, which `Resource` reads from the environment.
  beforeAll(() => {
    vi.stubEnv("SST_RESOURCE_Table", JSON.stringify({ name: "t" }));
    vi.stubEnv("SST_RESOURCE_ApiToken", JSON.stringify({ value: "a-token-of-16-chars-or-more" }));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  const read = (env: Record<string, string>) =>
    readApiSettings({ AWS_REGION: "us-west-2", ...env }).participantRoles;

  it("allows TargetWatchReader and knows no collector role when nothing is set", () => {
    expect(read({})).toEqual({ allowedRoleNames: ["TargetWatchReader"] });
  });

  it("reads the role names as a comma-separated list and the collector role's ARN", () => {
    expect(
      read({
        TARGETWATCH_PARTICIPANT_ROLE_NAMES: " TargetWatchReader, WorkshopReader ,",
        TARGETWATCH_COLLECTOR_ROLE_ARN: "arn:aws:iam::123456789012:role/targetwatch-collector",
      }),
    ).toEqual({
      allowedRoleNames: ["TargetWatchReader", "WorkshopReader"],
      collectorRoleArn: "arn:aws:iam::123456789012:role/targetwatch-collector",
    });
  });

  it("refuses a role name IAM would refuse", () => {
    expect(() => read({ TARGETWATCH_PARTICIPANT_ROLE_NAMES: "Reader,path/Reader" })).toThrow(
      ConfigurationError,
    );
  });
});
