/** What the page's address configures. */
export interface PageConfig {
  workshop: string;
  refreshMs: number;
}

const DEFAULT_REFRESH_SECONDS = 5;

/** `?workshop=con301` (default `default`) and `?refresh=5` (seconds, at least 1). */
export function pageConfig(search: string): PageConfig {
  const params = new URLSearchParams(search);
  const refresh = Number(params.get("refresh") ?? DEFAULT_REFRESH_SECONDS);
  return {
    workshop: params.get("workshop") || "default",
    refreshMs: Math.max(1, Number.isFinite(refresh) ? refresh : DEFAULT_REFRESH_SECONDS) * 1000,
  };
}
