import { describe, expect, it } from "vitest";
import { WorkshopJoin } from "../../../src/join/join-workshop.ts";
import type { Workshop } from "../../../src/model/workshop.ts";
import type { CallerIdentityAnswer, CallerIdentityPort } from "../../../src/ports/caller-identity.ts";
import { NotFoundError } from "../../../src/queries/query-errors.ts";
import type { StsForward } from "../../../src/rules/join-request.ts";

const NOW = Date.parse("2026-11-27T09:00:00Z");
const HOST = "sts.us-west-2.amazonaws.com";
const CODE = "twj-0123456789abcdef0123456789abcdef";
const workshop: Workshop = {
  id: "con301",
  name: "CON301",
  selector: { tags: [], regions: [] },
  stuckThresholdSeconds: 300,
  retentionDays: 1,
  joinCode: { code: CODE, createdAt: NOW },
};
const request = {
  method: "POST",
  body: "Action=GetCallerIdentity&Version=2011-06-15",
  headers: {
    host: HOST,
    "x-amz-date": "20261127T090000Z",
    "x-targetwatch-workshop": "con301",
    authorization: `AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEEXAMPLE12/20261127/us-west-2/sts/aws4_request, SignedHeaders=host;x-amz-date;x-targetwatch-workshop, Signature=${"a".repeat(64)}`,
  },
};

/** A store holding one workshop; `beforeWrite` changes it between the read and the conditional write. */
function storeOf(initial: Workshop | undefined, beforeWrite?: (w: Workshop) => Workshop | undefined) {
  let stored = initial;
  let writes = 0;
  return {
    get stored() {
      return stored;
    },
    get writes() {
      return writes;
    },
    getWorkshop: async (workshopId: string) => ({ workshopId, ...(stored ? { workshop: stored } : {}) }),
    updateWorkshop: async (workshopId: string, mutate: (w: Workshop) => Workshop) => {
      if (beforeWrite && stored) stored = beforeWrite(stored);
      if (!stored) throw new NotFoundError(`workshop "${workshopId}" does not exist`);
      stored = mutate(stored);
      writes++;
      return stored;
    },
  };
}

function sts(answer: CallerIdentityAnswer): CallerIdentityPort & { calls: StsForward[] } {
  const calls: StsForward[] = [];
  return {
    host: HOST,
    calls,
    getCallerIdentity: async (forward) => {
      calls.push(forward);
      return answer;
    },
  };
}

const ALICE: CallerIdentityAnswer = {
  kind: "identity",
  accountId: "210000000001",
  arn: "arn:aws:sts::210000000001:assumed-role/WSParticipantRole/i-1",
};

describe("a participant joining a workshop", () => {
  it("adds the account STS names, after checking the code and the request", async () => {
    const store = storeOf(workshop);
    const identity = sts(ALICE);
    const joins = new WorkshopJoin({ store, sts: identity, now: () => NOW + 60_000 });
    const joined = await joins.join("con301", { joinCode: CODE, label: "Alice", request });
    expect(joined).toEqual({
      workshopId: "con301",
      accountId: "210000000001",
      arn: ALICE.kind === "identity" ? ALICE.arn : "",
      label: "Alice",
      joinedAt: NOW + 60_000,
      created: true,
    });
    expect(store.stored?.accounts).toEqual([
      { accountId: "210000000001", label: "Alice", joinedAt: NOW + 60_000 },
    ]);
    expect(identity.calls).toHaveLength(1);
  });

  it("sends nothing to STS without the right code, and says the same of an unknown workshop", async () => {
    const identity = sts(ALICE);
    const refusals: unknown[] = [];
    for (const [stored, code] of [
      [workshop, "twj-wrong"],
      [{ ...workshop, joinCode: undefined }, CODE],
      [undefined, CODE],
    ] as const) {
      const joins = new WorkshopJoin({
        store: storeOf(stored as Workshop | undefined),
        sts: identity,
        now: () => NOW,
      });
      refusals.push(await joins.join("con301", { joinCode: code, request }).catch((e: unknown) => e));
    }
    expect(refusals.map((e) => (e as { code: string }).code)).toEqual(Array(3).fill("InvalidJoinCode"));
    expect(new Set(refusals.map((e) => (e as Error).message)).size).toBe(1);
    expect(identity.calls).toEqual([]);
  });

  it("stores nothing when STS refuses, and says what STS said", async () => {
    const store = storeOf(workshop);
    const joins = new WorkshopJoin({
      store,
      sts: sts({ kind: "refused", code: "SignatureDoesNotMatch", message: "no" }),
      now: () => NOW,
    });
    await expect(joins.join("con301", { joinCode: CODE, request })).rejects.toMatchObject({
      status: 403,
      code: "SignatureDoesNotMatch",
    });
    expect(store.writes).toBe(0);
  });

  it("adds nothing when the code is revoked, or the workshop deleted, while STS is asked", async () => {
    for (const change of [({ joinCode: _, ...rest }: Workshop) => rest, () => undefined]) {
      const store = storeOf(workshop, change);
      const joins = new WorkshopJoin({ store, sts: sts(ALICE), now: () => NOW });
      await expect(joins.join("con301", { joinCode: CODE, request })).rejects.toMatchObject({
        status: 403,
        code: "InvalidJoinCode",
      });
      expect(store.stored?.accounts).toBeUndefined();
    }
  });
});
