import type { Page } from "@targetwatch/core/queries";

/** A page as the API answers it: the items under their list's name, and the next token when there is more. */
export function pageBody<K extends string, T>(
  name: K,
  page: Page<T>,
): Record<K, T[]> & { nextToken?: string } {
  return {
    [name]: page.items,
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  } as Record<K, T[]> & { nextToken?: string };
}
