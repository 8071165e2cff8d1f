import { describe, expect, it } from "vitest";
import {
  interpretCancellation,
  MAX_TRANSACTION_ATTEMPTS,
} from "../../../../src/adapters/dynamodb/transaction-cancellation.ts";

const withState = { hasStateAction: true, expectedVersion: 3, attempt: 1 };
const transitionsOnly = { hasStateAction: false, expectedVersion: undefined, attempt: 1 };

describe("interpretCancellation", () => {
  it("reads a failed condition on the NLB item as a concurrent update", () => {
    expect(interpretCancellation({ ...withState, codes: ["ConditionalCheckFailed", "None"] })).toEqual({
      kind: "concurrentUpdate",
      reason: "stored version is no longer 3",
    });
    expect(
      interpretCancellation({ ...withState, expectedVersion: undefined, codes: ["ConditionalCheckFailed"] }),
    ).toEqual({ kind: "concurrentUpdate", reason: "stored version is no longer absent" });
  });

  it("names the transition puts whose transition is stored already, to retry without them", () => {
    expect(
      interpretCancellation({
        ...withState,
        codes: ["None", "ConditionalCheckFailed", "None", "ConditionalCheckFailed"],
      }),
    ).toEqual({ kind: "alreadyStored", actions: [1, 3] });
  });

  it("counts the first action as a transition put when there is no state action", () => {
    expect(interpretCancellation({ ...transitionsOnly, codes: ["ConditionalCheckFailed", "None"] })).toEqual({
      kind: "alreadyStored",
      actions: [0],
    });
  });

  it("backs off on a conflict or throttling, leaving out transitions stored already", () => {
    for (const code of ["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"]) {
      expect(interpretCancellation({ ...withState, codes: [code, "None"] })).toEqual({
        kind: "transient",
        alreadyStored: [],
      });
    }
    expect(
      interpretCancellation({
        ...withState,
        codes: ["None", "ConditionalCheckFailed", "TransactionConflict"],
      }),
    ).toEqual({ kind: "transient", alreadyStored: [1] });
  });

  it("gives up on a cancellation no retry could fix", () => {
    expect(interpretCancellation({ ...withState, codes: ["ValidationError", "None"] })).toEqual({
      kind: "fatal",
    });
    expect(interpretCancellation({ ...withState, codes: [] })).toEqual({ kind: "fatal" });
  });

  it("reports an NLB item still contended at the last attempt as a concurrent update", () => {
    expect(
      interpretCancellation({
        ...withState,
        attempt: MAX_TRANSACTION_ATTEMPTS,
        codes: ["TransactionConflict", "None"],
      }),
    ).toEqual({ kind: "concurrentUpdate", reason: "conflicting transactions (TransactionConflict, None)" });
  });

  it("gives up at the last attempt when the NLB item was not the one contended", () => {
    const last = { ...withState, attempt: MAX_TRANSACTION_ATTEMPTS };
    expect(interpretCancellation({ ...last, codes: ["None", "ThrottlingError"] })).toEqual({ kind: "fatal" });
    expect(interpretCancellation({ ...last, codes: ["None", "ConditionalCheckFailed"] })).toEqual({
      kind: "fatal",
    });
    expect(
      interpretCancellation({
        ...transitionsOnly,
        attempt: MAX_TRANSACTION_ATTEMPTS,
        codes: ["TransactionConflict"],
      }),
    ).toEqual({ kind: "fatal" });
  });
});
