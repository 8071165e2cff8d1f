import { XMLParser } from "fast-xml-parser";

/**
 * Checks awsQuery XML against the AWS SDK's own service model: the schemas
 * `@aws-sdk/client-elastic-load-balancing-v2` ships (`DescribeTargetHealthOutput$`, …), as
 * `[3, namespace, name, traits, memberNames, memberSchemas]` for structures, `[1, …, member]`
 * for lists, a number for a simple type (0 string, 1 number, 2 boolean, 4 timestamp; with the
 * 64 bit, a list of it), and a function where a schema refers to another.
 */
type Schema = number | (() => Schema) | readonly unknown[];

/** A value the SDK models as a plain string but whose allowed values its enums list. */
export type EnumChecks = Record<string, readonly string[]>;

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
});

/** The `<…Result>` element of an awsQuery response body, as ordered nodes. */
export function resultOf(xml: string, action: string): XmlNode[] {
  const root = parser.parse(xml) as XmlNode[];
  const response = children(root, `${action}Response`);
  return children(response, `${action}Result`);
}

/**
 * Every way `nodes` departs from `schema`: an element the model does not have, members out of
 * the model's order, a list item not called `member`, a value of the wrong simple type, or a
 * value outside the enum named in `enums` (as `Structure.Member`). Empty when it conforms.
 */
export function shapeProblems(nodes: XmlNode[], schema: Schema, enums: EnumChecks = {}, path = ""): string[] {
  const resolved = resolve(schema);
  if (typeof resolved === "number") return simpleProblems(nodes, resolved, path);
  const [kind] = resolved as [number];
  if (kind === 1) return listProblems(nodes, resolved[4] as Schema, enums, path);
  if (kind !== 3) return [`${path}: unexpected schema kind ${kind}`];
  const name = resolved[2] as string;
  const members = resolved[4] as string[];
  const schemas = resolved[5] as Schema[];
  const problems: string[] = [];
  let last = -1;
  for (const node of elements(nodes)) {
    const [tag, value] = Object.entries(node)[0] as [string, XmlNode[]];
    const index = members.indexOf(tag);
    const where = `${path}/${tag}`;
    if (index < 0) {
      problems.push(`${where}: ${name} has no member ${tag}`);
      continue;
    }
    if (index <= last) problems.push(`${where}: out of the model's order in ${name}`);
    last = index;
    problems.push(...shapeProblems(value, schemas[index] as Schema, enums, where));
    const allowed = enums[`${name}.${tag}`];
    const text = textOf(value);
    if (allowed && !allowed.includes(text))
      problems.push(`${where}: "${text}" is not one of ${allowed.join(", ")}`);
  }
  return problems;
}

function listProblems(nodes: XmlNode[], member: Schema, enums: EnumChecks, path: string): string[] {
  return elements(nodes).flatMap((node, i) => {
    const [tag, value] = Object.entries(node)[0] as [string, XmlNode[]];
    if (tag !== "member") return [`${path}[${i}]: list item <${tag}>, not <member>`];
    return shapeProblems(value, member, enums, `${path}[${i}]`);
  });
}

function simpleProblems(nodes: XmlNode[], type: number, path: string): string[] {
  if (type & 64) return listProblems(nodes, type & ~64, {}, path);
  if (elements(nodes).length > 0) return [`${path}: a simple value with child elements`];
  const text = textOf(nodes);
  const ok =
    type === 1
      ? /^-?\d+(\.\d+)?$/.test(text)
      : type === 2
        ? text === "true" || text === "false"
        : type === 4
          ? !Number.isNaN(Date.parse(text))
          : true;
  return ok ? [] : [`${path}: "${text}" is not a value of simple type ${type}`];
}

function resolve(schema: Schema): number | readonly unknown[] {
  return typeof schema === "function" ? resolve(schema()) : schema;
}

function elements(nodes: XmlNode[]): XmlNode[] {
  return nodes.filter((node) => !("#text" in node));
}

function children(nodes: XmlNode[], tag: string): XmlNode[] {
  const found = nodes.find((node) => tag in node);
  if (!found) throw new Error(`no <${tag}> in the response`);
  return found[tag] as XmlNode[];
}

function textOf(nodes: XmlNode[]): string {
  return nodes.map((node) => (node["#text"] === undefined ? "" : String(node["#text"]))).join("");
}
