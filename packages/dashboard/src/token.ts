// The API token: asked for, or taken from the link's fragment (`#token=…`, which browsers never
// send to a server), and kept in session storage only, so it ends with the tab.

export const TOKEN_KEY = "targetwatch.token";

/** The parts of a window the token handling touches (a test passes its own). */
export interface TokenHost {
  location: { hash: string; pathname: string; search: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
}

const browser = (): TokenHost => globalThis as unknown as TokenHost;

/** The token in a fragment such as `#token=abc`, and the fragment without it. */
export function tokenFromFragment(hash: string): { token?: string; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const token = params.get("token") ?? undefined;
  params.delete("token");
  const rest = params.toString();
  return { token: token || undefined, rest: rest ? `#${rest}` : "" };
}

/**
 * The token to use: from the address bar's fragment (stored, then removed from the address bar
 * and its history entry, so it does not linger on screen or in screenshots) or from session
 * storage.
 */
export function takeToken(host: TokenHost = browser()): string | undefined {
  const { token, rest } = tokenFromFragment(host.location.hash);
  if (token) {
    host.sessionStorage.setItem(TOKEN_KEY, token);
    host.history.replaceState(
      host.history.state,
      "",
      `${host.location.pathname}${host.location.search}${rest}`,
    );
    return token;
  }
  return host.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeToken(token: string, host: TokenHost = browser()): void {
  host.sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(host: TokenHost = browser()): void {
  host.sessionStorage.removeItem(TOKEN_KEY);
}
