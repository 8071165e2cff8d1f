import type { CallerIdentityAnswer, CallerIdentityPort } from "../../ports/caller-identity.ts";
import type { StsForward } from "../../rules/join-request.ts";

export interface StsCallerIdentityOptions {
  /** The STS endpoint, e.g. `https://sts.us-west-2.amazonaws.com` ({@link stsEndpointOf}). */
  endpoint: string;
  /** How long STS may take to answer; default 5 s. */
  timeoutMs?: number;
  /** The HTTP client; the global `fetch` by default. */
  fetch?: typeof fetch;
}

/**
 * The STS endpoint targetwatch uses, as the SDK picks it: `AWS_ENDPOINT_URL_STS` (the local
 * stack's simulator), else the regional `https://sts.<AWS_REGION>.amazonaws.com`.
 */
export function stsEndpointOf(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env.AWS_ENDPOINT_URL_STS?.trim();
  if (configured) return configured;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error("neither AWS_ENDPOINT_URL_STS nor AWS_REGION is set: no STS endpoint");
  return `https://sts.${region}.amazonaws.com`;
}

/**
 * Executes participants' signed GetCallerIdentity requests at the configured endpoint and
 * nowhere else (the request brings headers and a body, never a URL), not following redirects,
 * as HashiCorp Vault's AWS IAM login does.
 *
 * STS's XML answer is read for two fields with patterns rather than an XML parser: the answer
 * comes only from that endpoint, its shape is fixed, and the account must be exactly 12 digits
 * or nothing is taken from it. The SDK's parser (fast-xml-parser, inside @aws-sdk/core) is no
 * dependency of core's and would weigh more than this whole route.
 */
export class StsCallerIdentity implements CallerIdentityPort {
  readonly host: string;
  readonly #endpoint: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: StsCallerIdentityOptions) {
    const url = new URL(options.endpoint);
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new Error(`the STS endpoint must be http(s): ${options.endpoint}`);
    }
    this.host = url.host;
    this.#endpoint = url.href;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#fetch = options.fetch ?? fetch;
  }

  async getCallerIdentity(request: StsForward): Promise<CallerIdentityAnswer> {
    let status: number;
    let text: string;
    try {
      const response = await this.#fetch(this.#endpoint, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      return { kind: "unavailable", message: `STS could not be reached: ${(error as Error).message}` };
    }
    return answerOf(status, text);
  }
}

/** STS's answer (awsQuery XML) to a GetCallerIdentity. */
export function answerOf(status: number, xml: string): CallerIdentityAnswer {
  if (status === 200) {
    const result = inner(xml, "GetCallerIdentityResult") ?? "";
    const accountId = textOf(result, "Account");
    if (accountId === undefined || !/^\d{12}$/.test(accountId)) {
      return { kind: "unavailable", message: "STS answered without an account id" };
    }
    return { kind: "identity", accountId, arn: textOf(result, "Arn") ?? "" };
  }
  if (status >= 400 && status < 500) {
    const error = inner(xml, "Error") ?? "";
    return {
      kind: "refused",
      code: textOf(error, "Code") ?? "StsRefused",
      message: textOf(error, "Message") ?? `STS answered ${status}`,
    };
  }
  return { kind: "unavailable", message: `STS answered ${status}` };
}

/** What is inside the first `<name>…</name>` (no attributes, as STS writes its members). */
function inner(xml: string, name: string): string | undefined {
  const start = xml.indexOf(`<${name}>`);
  if (start < 0) return undefined;
  const end = xml.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : xml.slice(start + name.length + 2, end);
}

/** A member's text, its entities decoded. */
function textOf(xml: string, name: string): string | undefined {
  const raw = inner(xml, name);
  return raw === undefined ? undefined : decodeEntities(raw);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]+);/g, (whole, entity: string) => {
    const code = entity.startsWith("#x")
      ? Number.parseInt(entity.slice(2), 16)
      : entity.startsWith("#")
        ? Number(entity.slice(1))
        : undefined;
    if (code === undefined) return ENTITIES[entity] ?? whole;
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
