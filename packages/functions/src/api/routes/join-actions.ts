import { StsCallerIdentity, stsEndpointOf } from "@targetwatch/core/adapters/sts-caller-identity";
import {
  type JoinInput,
  JoinRefusedError,
  type JoinResult,
  type JoinStore,
  revokeJoinCode,
  rotateJoinCode,
  WorkshopJoin,
} from "@targetwatch/core/join";
import type { WorkshopJoinCode } from "@targetwatch/core/model";
import { ApiError } from "../errors.ts";
import type { JoinRouteDependencies } from "./join-routes.ts";

/**
 * What the join routes do, loaded by the first of them a function instance serves: joins are a
 * few requests at the start of an event, so no other request loads this or the STS adapter.
 */
export class JoinActions {
  readonly #joins: WorkshopJoin;
  readonly #store: JoinStore;
  readonly #now: () => number;
  /** The host participants sign their requests for: targetwatch's STS endpoint's. */
  readonly stsHost: string;

  constructor(deps: JoinRouteDependencies) {
    const sts = new StsCallerIdentity({ endpoint: deps.stsEndpoint ?? stsEndpointOf(process.env) });
    this.stsHost = sts.host;
    this.#store = deps.store;
    this.#now = deps.now ?? Date.now;
    this.#joins = new WorkshopJoin({ store: deps.store, sts, now: this.#now });
  }

  rotate(workshopId: string): Promise<WorkshopJoinCode> {
    return rotateJoinCode(this.#store, workshopId, this.#now());
  }

  revoke(workshopId: string): Promise<void> {
    return revokeJoinCode(this.#store, workshopId);
  }

  async join(workshopId: string, input: JoinInput): Promise<JoinResult> {
    try {
      return await this.#joins.join(workshopId, input);
    } catch (error) {
      if (error instanceof JoinRefusedError) throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
  }
}
