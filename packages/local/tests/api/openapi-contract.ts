import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Reply } from "./http-client.ts";

/**
 * Checks of the API's answers for the contract, error and fuzz suites: the error shape every
 * failure must have, no stack traces, and a validator of responses against the OpenAPI document
 * the API serves.
 */

/** A stack frame (`\n    at f (/srv/x.ts:1:2)`) or an internal module: never for a client's eyes. */
const STACK_TRACE = /\n\s*at\s+\S|\((?:file:\/\/|node:|\/)[^()\s]*:\d+:\d+\)|node:internal/;

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Whether the response shows a stack trace, in its raw text or in any string of its JSON. */
export function hasStackTrace(reply: Reply): boolean {
  return [reply.text, ...stringsIn(reply.body)].some((s) => STACK_TRACE.test(s));
}

/** Why `body` is not `{ "error": { "code", "message", "details"? } }` (nothing else); empty when it is. */
export function errorShapeProblems(body: unknown): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(body)) return [`body is not a JSON object: ${JSON.stringify(body)}`];
  const problems: string[] = [];
  const extra = Object.keys(body).filter((k) => k !== "error");
  if (extra.length > 0) problems.push(`unexpected top-level keys ${extra.join(", ")}`);
  const error = body.error;
  if (!isObject(error)) return [...problems, "error is not an object"];
  const extraInError = Object.keys(error).filter((k) => !["code", "message", "details"].includes(k));
  if (extraInError.length > 0) problems.push(`unexpected keys in error: ${extraInError.join(", ")}`);
  if (typeof error.code !== "string" || error.code === "") problems.push("error.code is not a string");
  if (typeof error.message !== "string" || error.message === "")
    problems.push("error.message is not a string");
  if ("details" in error) {
    const ok =
      Array.isArray(error.details) &&
      error.details.every(
        (d) =>
          isObject(d) &&
          typeof d.field === "string" &&
          typeof d.message === "string" &&
          Object.keys(d).length === 2,
      );
    if (!ok)
      problems.push(`error.details is not a list of { field, message }: ${JSON.stringify(error.details)}`);
  }
  return problems;
}

// ---- the OpenAPI document ----

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const COMPONENTS_ID = "https://targetwatch.test/openapi/components";
const LOCAL_REF = "#/components/schemas/";
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every `$ref` in `value`, with the JSON pointer of where it sits. */
export function refsIn(value: unknown, at = ""): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) =>
      k === "$ref" && typeof v === "string"
        ? [{ at, ref: v }]
        : refsIn(v, `${at}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`),
    );
  }
  return [];
}

/** The value a local JSON pointer (`#/a/b`) designates in `doc`; `undefined` when there is none. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!node || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function withAbsoluteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(withAbsoluteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith(LOCAL_REF)
          ? `${COMPONENTS_ID}#/$defs/${v.slice(LOCAL_REF.length)}`
          : withAbsoluteRefs(v),
      ]),
    );
  }
  return value;
}

/**
 * Validates responses against the OpenAPI 3.1 document, with Ajv for JSON Schema 2020-12: the
 * components are added as one schema of their own (`$defs`), and the document's
 * `#/components/schemas/X` references point into it.
 */
export class OpenApiContract {
  readonly doc: JsonObject;
  readonly ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(doc: unknown) {
    this.doc = doc as JsonObject;
    this.ajv = new Ajv2020({ allErrors: true, strict: true });
    this.ajv.addKeyword("example"); // OpenAPI's own annotation
    addFormats.default(this.ajv);
    const components = ((this.doc.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
    this.ajv.addSchema({ $id: COMPONENTS_ID, $defs: withAbsoluteRefs(components) as JsonObject });
  }

  /** A validator of the schema at `pointer` in the document (compiled once). */
  validator(pointer: string): ValidateFunction {
    let validate = this.#validators.get(pointer);
    if (!validate) {
      const schema = resolvePointer(this.doc, pointer);
      if (schema === undefined) throw new Error(`the document has no schema at ${pointer}`);
      validate = this.ajv.compile(withAbsoluteRefs(schema as Json) as JsonObject);
      this.#validators.set(pointer, validate);
    }
    return validate;
  }

  operation(method: string, template: string): JsonObject | undefined {
    const path = (this.doc.paths as JsonObject | undefined)?.[template] as JsonObject | undefined;
    return path?.[method.toLowerCase()] as JsonObject | undefined;
  }

  /** Methods the document gives `template`, upper-case. */
  methodsOf(template: string): string[] {
    const path = (this.doc.paths as JsonObject | undefined)?.[template] as JsonObject | undefined;
    return Object.keys(path ?? {})
      .filter((k) => HTTP_METHODS.includes(k))
      .map((k) => k.toUpperCase());
  }

  /** Why `reply` is not a response the document allows for `METHOD template`; empty when it is. */
  check(method: string, template: string, reply: Reply): string[] {
    const label = `${method} ${template} → ${reply.status}`;
    const problems = this.#common(label, reply);
    const op = this.operation(method, template);
    if (!op) return [...problems, `${label}: ${method} ${template} is not an operation of the document`];
    const responses = (op.responses ?? {}) as JsonObject;
    const documented = responses[String(reply.status)] as JsonObject | undefined;
    if (!documented) {
      return [...problems, `${label}: status not documented (only ${Object.keys(responses).join(", ")})`];
    }
    const media = (documented.content as JsonObject | undefined)?.["application/json"] as
      | JsonObject
      | undefined;
    if (!media) {
      if (reply.status === 204 && reply.text !== "") problems.push(`${label}: a 204 with a body`);
      return problems;
    }
    if (!String(reply.headers["content-type"] ?? "").startsWith("application/json")) {
      problems.push(`${label}: content-type ${reply.headers["content-type"]}, documented application/json`);
    }
    if (media.schema === undefined) return problems;
    const pointer = `#/paths/${template.replaceAll("~", "~0").replaceAll("/", "~1")}/${method.toLowerCase()}/responses/${reply.status}/content/application~1json/schema`;
    const validate = this.validator(pointer);
    if (!validate(reply.body)) {
      problems.push(
        `${label}: body does not match the documented schema: ${this.ajv.errorsText(validate.errors, { separator: "; " })} — body ${reply.text.slice(0, 300)}`,
      );
    }
    return problems;
  }

  /**
   * A request the document has no operation for (unknown route, method not allowed): an error
   * body as the `Error` component says, 404 or 405, and for a 405 an `allow` header naming the
   * methods the document gives that path.
   */
  checkUndocumented(method: string, template: string | undefined, reply: Reply): string[] {
    const label = `${method} ${template ?? "(no route)"} → ${reply.status}`;
    const problems = this.#common(label, reply);
    const validate = this.validator("#/components/schemas/Error");
    if (!validate(reply.body)) {
      problems.push(`${label}: not an Error: ${this.ajv.errorsText(validate.errors)} — ${reply.text}`);
    }
    if (template === undefined) {
      if (reply.status !== 404) problems.push(`${label}: expected 404 for a path the document lacks`);
    } else {
      const allowed = this.methodsOf(template);
      if (allowed.length === 0) problems.push(`${label}: the document has no path ${template}`);
      if (reply.status !== 405) problems.push(`${label}: expected 405 for a method the document lacks`);
      const allow = String(reply.headers.allow ?? "")
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean);
      if ([...allow].sort().join() !== [...allowed].sort().join()) {
        problems.push(`${label}: allow "${reply.headers.allow}", the document has ${allowed.join(", ")}`);
      }
    }
    return problems;
  }

  #common(label: string, reply: Reply): string[] {
    const problems: string[] = [];
    if (reply.status >= 500) problems.push(`${label}: a server error: ${reply.text}`);
    if (hasStackTrace(reply)) problems.push(`${label}: a stack trace in the body`);
    if (reply.text !== "" && reply.body === undefined) problems.push(`${label}: a body that is not JSON`);
    return problems;
  }
}
