/**
 * `query` with only the items whose ELBv2 ARN (in `attribute`) is in `accountId`, as a
 * FilterExpression: still one request a page, and only the account's items travel back. ARNs
 * read `arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/…`, and names hold
 * no `:`, so `:<account>:loadbalancer/` occurs in the ARNs of that account's NLBs only.
 */
export function withAccountFilter<
  Q extends {
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
    FilterExpression?: string;
  },
>(query: Q, attribute: string, accountId: string | undefined): Q {
  if (accountId === undefined) return query;
  const condition = "contains(#accountArn, :accountArn)";
  return {
    ...query,
    FilterExpression: query.FilterExpression ? `${query.FilterExpression} AND ${condition}` : condition,
    ExpressionAttributeNames: { ...query.ExpressionAttributeNames, "#accountArn": attribute },
    ExpressionAttributeValues: {
      ...query.ExpressionAttributeValues,
      ":accountArn": `:${accountId}:loadbalancer/`,
    },
  };
}
