/**
 * docs/api.md, rendered from the OpenAPI document so the reference cannot drift from the code
 * (a test compares the committed file with this output; `npm run docs` rewrites it).
 */
export function renderApiReference(document: Record<string, unknown>): string {
  const doc = document as {
    info: { title: string; description: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Schema> };
  };
  const lines: string[] = [
    `# ${doc.info.title}`,
    "",
    "<!-- Generated from the OpenAPI document by `npm run docs`; do not edit by hand. -->",
    "",
    doc.info.description,
    "",
    "Every route except `/health` and `/openapi.json` needs `Authorization: Bearer <token>`.",
    'Errors are `{ "error": { "code", "message", "details"? } }`; `details` lists field-level problems; a `409 AmbiguousName` adds `accounts` to choose from.',
    "The machine-readable document is served at `GET /openapi.json` (OpenAPI 3.1).",
    "",
  ];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      lines.push(`## ${method.toUpperCase()} ${path}`, "", op.summary, "");
      if (op.description) lines.push(op.description, "");
      if (op.parameters?.length) {
        lines.push("| parameter | in | type | required | notes |", "| --- | --- | --- | --- | --- |");
        for (const p of op.parameters) {
          lines.push(
            `| \`${p.name}\` | ${p.in} | ${typeOf(p.schema)} | ${p.required ? "yes" : "no"} | ${notes(p.schema)} |`,
          );
        }
        lines.push("");
      }
      const body = op.requestBody?.content["application/json"]?.schema;
      if (body) lines.push(`Body: ${refName(body)} (JSON, at most 64 KB).`, "");
      lines.push("| status | meaning | body |", "| --- | --- | --- |");
      for (const [status, r] of Object.entries(op.responses)) {
        const schema = r.content?.["application/json"]?.schema;
        lines.push(`| ${status} | ${r.description} | ${schema ? refName(schema) : "—"} |`);
      }
      lines.push("");
    }
  }
  lines.push("## Schemas", "");
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    lines.push(`### ${name}`, "");
    if (schema.description) lines.push(schema.description, "");
    lines.push("| field | type | notes |", "| --- | --- | --- |");
    for (const [field, s] of Object.entries(schema.properties ?? {})) {
      lines.push(`| \`${field}\` | ${typeOf(s)} | ${notes(s)} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

interface Schema {
  type?: string | string[];
  $ref?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
}
interface Operation {
  summary: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}

function refName(schema: Schema): string {
  if (schema.$ref)
    return `[${schema.$ref.split("/").at(-1)}](#${schema.$ref.split("/").at(-1)?.toLowerCase()})`;
  return "JSON";
}

function typeOf(schema: Schema): string {
  if (schema.$ref) return refName(schema);
  if (schema.enum) return schema.enum.map((v) => `\`${String(v)}\``).join(" \\| ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type ?? "any");
  if (type === "array" && schema.items) return `array of ${typeOf(schema.items)}`;
  return schema.format ? `${type} (${schema.format})` : type;
}

/**
 * A number's range as a reader wants it: `30–86400`, `≥ 0`, or nothing for a bare integer,
 * whose schema carries JavaScript's safe-integer limits (±9007199254740991) as its bounds.
 */
function rangeOf(schema: Schema): string | undefined {
  const min =
    schema.minimum === undefined || schema.minimum <= Number.MIN_SAFE_INTEGER ? undefined : schema.minimum;
  const max =
    schema.maximum === undefined || schema.maximum >= Number.MAX_SAFE_INTEGER ? undefined : schema.maximum;
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return undefined;
}

function notes(schema: Schema): string {
  const parts: string[] = [];
  if (schema.description) parts.push(schema.description);
  const range = rangeOf(schema);
  if (range) parts.push(range);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.join("; ").replace(/\|/g, "\\|").replace(/\n/g, " ");
}
