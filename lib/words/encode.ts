/**
 * The inverse of the tokenizer: escaping and quoting words so that {@linkcode WordParser} reads them back.
 * @module
 */

const ESCAPE = /[#\\"]/g;

/**
 * Escapes `#`, `\` and `"` with a backslash, as NUT's pconf_encode does for values on the wire.
 * @param value raw text
 * @returns the escaped text (without surrounding quotes)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(encodeWord('say "hi" #1'), 'say \\"hi\\" \\#1');
 * ```
 */
export function encodeWord(value: string): string {
  // Most values need nothing: look before paying for the replace.
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 35 || c === 92 || c === 34) return value.replace(ESCAPE, "\\$&");
  }
  return value;
}

/**
 * Escapes and wraps a value in double quotes: `"<encoded>"`, the form of values in protocol replies.
 * @param value raw text
 * @returns the quoted word
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(quoteWord("Back-UPS ES 525"), '"Back-UPS ES 525"');
 * ```
 */
export function quoteWord(value: string): string {
  return `"${encodeWord(value)}"`;
}

const PLAIN = /^[\x21\x24-\x3c\x3e-\x5b\x5d-\x7e]+$/;

/**
 * Quotes a word only when it needs it (empty, spaces, `=`, `#`, quotes, backslashes), for writing
 * config files that stay readable.
 * @param value raw text
 * @returns the word as it should be written
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatWord("usbhid-ups"), "usbhid-ups");
 * assertEquals(formatWord("my ups"), '"my ups"');
 * ```
 */
export function formatWord(value: string): string {
  return PLAIN.test(value) ? value : quoteWord(value);
}

/**
 * Joins words into one line that splits back into the same words.
 * @param words the words
 * @returns the line, without a newline
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatLine(["SETINFO", "ups.status", "OB LB"]), 'SETINFO ups.status "OB LB"');
 * ```
 */
export function formatLine(words: readonly string[]): string {
  return words.map(formatWord).join(" ");
}
