/**
 * JSON text as NUT's clients print it (strjson's json_print_esc): `"` and `\` escaped, the usual short
 * escapes for control characters, `\u00XX` for the others, everything else as is.
 * @module
 */

/**
 * Escapes a value for the inside of a JSON string (without the quotes).
 * @param text the value
 * @returns the escaped text
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals(jsonEscape('a "b" \\ c\n'), 'a \\"b\\" \\\\ c\\n');
 * ```
 */
export function jsonEscape(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 32) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out;
}

/**
 * A JSON string literal.
 * @param text the value
 * @returns `"<escaped>"`
 */
export function jsonString(text: string): string {
  return `"${jsonEscape(text)}"`;
}
