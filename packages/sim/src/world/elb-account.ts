import { ElbModel, type ElbModelOptions } from "./elb-model.ts";
import type {
  ElbReadModel,
  ListenerView,
  LoadBalancerView,
  Tag,
  TargetGroupView,
  TargetHealthDescriptionView,
} from "./elb-view.ts";

/**
 * One AWS account's ELBv2: an {@link ElbModel} per region, created when the account first uses
 * the region. Serves the protocol layer's {@link ElbReadModel}: a region never used reads empty.
 */
export class ElbAccount implements ElbReadModel {
  readonly #options: Omit<ElbModelOptions, "region">;
  readonly #regions = new Map<string, ElbModel>();

  constructor(options: Omit<ElbModelOptions, "region">) {
    this.#options = options;
  }

  /** The account's model of `region`, created on first use. */
  region(region: string): ElbModel {
    let model = this.#regions.get(region);
    if (!model) {
      model = new ElbModel({ ...this.#options, region });
      this.#regions.set(region, model);
    }
    return model;
  }

  /** Brings every target in every region up to now (see {@link ElbModel.settle}). */
  settle(): void {
    for (const model of this.#regions.values()) model.settle();
  }

  loadBalancers(region: string): readonly LoadBalancerView[] {
    return this.#regions.get(region)?.loadBalancers() ?? [];
  }

  targetGroups(region: string): readonly TargetGroupView[] {
    return this.#regions.get(region)?.targetGroups() ?? [];
  }

  targetHealth(region: string, arn: string): readonly TargetHealthDescriptionView[] | undefined {
    return this.#regions.get(region)?.describeTargetHealth(arn);
  }

  listeners(region: string, arn: string): readonly ListenerView[] | undefined {
    return this.#regions.get(region)?.listeners(arn);
  }

  tags(region: string, arn: string): readonly Tag[] | undefined {
    return this.#regions.get(region)?.tags(arn);
  }
}
