import { integerParam, validationError } from "./query.ts";

/** AWS's limits for every paginated ELBv2 Describe* call. */
export const MAX_PAGE_SIZE = 400;

export interface PageRequest {
  marker: string | undefined;
  pageSize: number;
}

export interface Page<T> {
  items: readonly T[];
  nextMarker: string | undefined;
}

/** Reads `Marker` and `PageSize`, validated before anything is looked up, as AWS does. */
export function pageRequest(params: URLSearchParams): PageRequest {
  const pageSize = integerParam(params.get("PageSize"), "pageSize", 1, MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
  return { marker: params.get("Marker") ?? undefined, pageSize };
}

/**
 * One page of `items` (already filtered, in the model's stable order). The marker is opaque to
 * callers: base64 of the offset, the key of the last item served and a checksum bound to the
 * action, so a marker edited by hand, or taken from another action, is refused instead of
 * silently restarting the listing.
 */
export function paginate<T>(
  action: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  request: PageRequest,
): Page<T> {
  const start = request.marker === undefined ? 0 : resumeIndex(action, items, keyOf, request.marker);
  const end = Math.min(start + request.pageSize, items.length);
  const last = items[end - 1];
  const nextMarker =
    end < items.length && last !== undefined ? encodeMarker(action, end, keyOf(last)) : undefined;
  return { items: start === 0 && end === items.length ? items : items.slice(start, end), nextMarker };
}

/**
 * Where the next page starts. Resuming after the last key served (not only at the offset) keeps a
 * paginated walk from skipping or repeating items when the world deletes one mid-walk.
 */
function resumeIndex<T>(
  action: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  marker: string,
): number {
  const { offset, lastKey } = decodeMarker(action, marker);
  const atOffset = items[offset - 1];
  if (atOffset !== undefined && keyOf(atOffset) === lastKey) return offset;
  const found = items.findIndex((item) => keyOf(item) === lastKey);
  return found >= 0 ? found + 1 : Math.min(offset, items.length);
}

const MARKER_VERSION = "1";

function encodeMarker(action: string, offset: number, lastKey: string): string {
  const payload = `${MARKER_VERSION}|${offset}|${lastKey}`;
  return Buffer.from(`${payload}|${checksum(action, payload)}`, "utf8").toString("base64");
}

function decodeMarker(action: string, marker: string): { offset: number; lastKey: string } {
  const decoded = Buffer.from(marker, "base64").toString("utf8");
  const parts = decoded.split("|");
  if (parts.length === 4) {
    const [version, offsetText, lastKey, sum] = parts as [string, string, string, string];
    const payload = `${version}|${offsetText}|${lastKey}`;
    const offset = Number(offsetText);
    if (
      version === MARKER_VERSION &&
      /^\d{1,9}$/.test(offsetText) &&
      offset > 0 &&
      sum === checksum(action, payload)
    ) {
      return { offset, lastKey };
    }
  }
  throw validationError("Invalid marker");
}

/** FNV-1a: not a secret, only enough to tell a marker this simulator issued from anything else. */
function checksum(action: string, payload: string): string {
  const text = `${action}|${payload}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
