import * as z from "zod/mini";

/**
 * Control characters (NUL, escape, newline, …) and the invisible marks that reorder text on
 * screen: the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * the left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C). None of
 * them belongs in a name a facilitator types, and echoed back they can hide or disguise text in
 * a terminal or a page ("Trojan Source").
 */
const HIDDEN_OR_CONTROL = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** The whole text free of them, as a pattern the OpenAPI document shows (JSON Schema patterns are Unicode-aware). */
const PLAIN_TEXT = /^[^\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]*$/u;

/** The first forbidden character of `text` as `U+XXXX at position N` (code-point positions from 1), if any. */
export function forbiddenCharacter(text: string): string | undefined {
  const match = HIDDEN_OR_CONTROL.exec(text);
  if (!match) return undefined;
  const codePoint = (match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
  const position = [...text.slice(0, match.index)].length + 1;
  return `U+${codePoint} at position ${position}`;
}

/**
 * A check for text a person typed and the API shows again (workshop names, tag keys and values,
 * name prefixes): no control or bidirectional-formatting characters. A pattern, so the OpenAPI
 * document says it; the 400 names the field and the character.
 */
export const plainText = z.regex(PLAIN_TEXT, {
  error: (issue) => {
    const found = typeof issue.input === "string" ? forbiddenCharacter(issue.input) : undefined;
    return `must not contain control or bidirectional-formatting characters${found ? ` (found ${found})` : ""}`;
  },
});
