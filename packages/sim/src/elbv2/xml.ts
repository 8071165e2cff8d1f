export const ELBV2_NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const NEEDS_ESCAPE = /[&<>"']/;

export function escapeXml(text: string): string {
  // Almost every string served (ARNs, names, states) has nothing to escape; skipping the
  // replace keeps DescribeTargetHealth cheap at thousands of requests per second.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** `<name>value</name>` with the value escaped. */
export function xmlText(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

/** Like {@link xmlText}, but nothing at all when the value is absent, as AWS omits unset members. */
export function xmlOptional(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? "" : xmlText(name, String(value));
}

/** An awsQuery list: `<name><member>…</member>…</name>`, or `<name/>` when empty (as AWS sends it). */
export function xmlList<T>(name: string, items: readonly T[], member: (item: T) => string): string {
  if (items.length === 0) return `<${name}/>`;
  let body = "";
  for (const item of items) body += `<member>${member(item)}</member>`;
  return `<${name}>${body}</${name}>`;
}

export function xmlStringList(name: string, items: readonly string[]): string {
  return xmlList(name, items, escapeXml);
}
