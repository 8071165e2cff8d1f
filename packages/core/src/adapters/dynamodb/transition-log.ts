import type { QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Transition } from "../../model/transition.ts";
import type { TransitionPage, TransitionPageOptions } from "../../ports/index.ts";
import { withAccountFilter } from "./account-filter.ts";
import {
  assertPageLimit,
  type Cursor,
  decodeCursor,
  encodeCursor,
  GSI1_CURSOR_ATTRIBUTES,
  MAX_PAGE_LIMIT,
  TABLE_CURSOR_ATTRIBUTES,
} from "./cursor.ts";
import type { DynamoTable } from "./dynamo-table.ts";
import { fromItem } from "./item-codec.ts";
import { assertKeyPart, isoTime, nlbTransitionsGsiPk, transitionsPk } from "./keys.ts";
import { GSI1_NAME, GSI1_PARTITION_KEY, GSI1_SORT_KEY, PARTITION_KEY, SORT_KEY } from "./table-definition.ts";

/**
 * The transition log: each workshop's transitions newest first, and each NLB's through `gsi1`.
 * Transitions are written with their NLB's state (see `NlbStateRepository.applyUpdate`) and
 * expire through TTL.
 */
export class TransitionLog {
  readonly #table: DynamoTable;

  constructor(table: DynamoTable) {
    this.#table = table;
  }

  /** Up to `limit` transitions of a workshop (all of them by default), newest first, optionally of one NLB. */
  async list(
    workshopId: string,
    options: { loadBalancerName?: string; limit?: number } = {},
  ): Promise<Transition[]> {
    const wanted = options.limit ?? Number.POSITIVE_INFINITY;
    const items: Transition[] = [];
    let cursor: string | undefined;
    while (items.length < wanted) {
      const page = await this.page(workshopId, {
        ...(options.loadBalancerName === undefined ? {} : { loadBalancerName: options.loadBalancerName }),
        limit: Math.min(wanted - items.length, MAX_PAGE_LIMIT),
        ...(cursor === undefined ? {} : { exclusiveStartKey: cursor }),
      });
      items.push(...page.items);
      cursor = page.lastEvaluatedKey;
      if (cursor === undefined) break;
    }
    return items;
  }

  /** Every transition of one NLB of a workshop at or after `since` (epoch ms), newest first. */
  async ofNlbSince(
    workshopId: string,
    loadBalancerName: string,
    since: number,
    signal?: AbortSignal,
  ): Promise<Transition[]> {
    const query = transitionQuery(workshopId, { loadBalancerName, since, limit: MAX_PAGE_LIMIT });
    if (!query) return [];
    const { Limit: _pageSize, ...all } = query;
    return (await this.#table.queryAll(all, signal)).map((item) => fromItem<Transition>(item));
  }

  /** One page of transitions, newest first: one Query on the workshop's history (or the NLB's GSI partition). */
  async page(workshopId: string, options: TransitionPageOptions): Promise<TransitionPage> {
    const query = transitionQuery(workshopId, options);
    if (!query) return { items: [] };
    const page = await this.#table.queryPage(query);
    const items = page.items.map((item) => fromItem<Transition>(item));
    return page.lastEvaluatedKey
      ? { items, lastEvaluatedKey: encodeCursor(page.lastEvaluatedKey) }
      : { items };
  }
}

/**
 * The Query for one page of transitions, or `undefined` when the time range is empty.
 *
 * @throws RangeError for a malformed workshop id, NLB name or limit; InvalidCursorError for a
 * cursor of another query.
 */
export function transitionQuery(
  workshopId: string,
  options: TransitionPageOptions,
): Omit<QueryCommandInput, "TableName"> | undefined {
  assertKeyPart(workshopId, "Workshop id");
  const { loadBalancerName, region, limit, since, until } = options;
  assertPageLimit(limit);
  if (since !== undefined && until !== undefined && since > until) return undefined;

  const byNlb = loadBalancerName !== undefined;
  if (byNlb) assertKeyPart(loadBalancerName, "Load balancer name");
  const pkName = byNlb ? GSI1_PARTITION_KEY : PARTITION_KEY;
  const pkValue = byNlb ? nlbTransitionsGsiPk(workshopId, loadBalancerName) : transitionsPk(workshopId);
  const names: Record<string, string> = { "#pk": pkName };
  const values: Record<string, unknown> = { ":pk": pkValue };
  let condition = "#pk = :pk";
  // Sort keys are `<ISO at>#<id>`: a bare ISO time sorts just before every key of that
  // millisecond, and `<ISO>#~` just after (`~` sorts after every hex digit).
  if (since !== undefined || until !== undefined) {
    names["#sk"] = byNlb ? GSI1_SORT_KEY : SORT_KEY;
    if (since !== undefined) values[":since"] = isoTime(since);
    if (until !== undefined) values[":until"] = `${isoTime(until)}#~`;
    condition +=
      since === undefined
        ? " AND #sk <= :until"
        : until === undefined
          ? " AND #sk >= :since"
          : " AND #sk BETWEEN :since AND :until";
  }
  let filter: string | undefined;
  if (region !== undefined) {
    names["#region"] = "region";
    values[":region"] = region;
    filter = "#region = :region";
  }
  const expected: Cursor = { [pkName]: pkValue };
  const attributes = byNlb ? GSI1_CURSOR_ATTRIBUTES : TABLE_CURSOR_ATTRIBUTES;
  const filtered = withAccountFilter(
    {
      ...(filter ? { FilterExpression: filter } : {}),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    "loadBalancerArn",
    options.accountId,
  );
  return {
    ...(byNlb ? { IndexName: GSI1_NAME } : {}),
    KeyConditionExpression: condition,
    ...filtered,
    ScanIndexForward: false,
    Limit: limit,
    ...(options.exclusiveStartKey === undefined
      ? {}
      : { ExclusiveStartKey: decodeCursor(options.exclusiveStartKey, attributes, expected) }),
  };
}
