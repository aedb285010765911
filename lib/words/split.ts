/**
 * One-shot helpers over {@linkcode WordParser} for a single line of text.
 * @module
 */
import { type ParsedLine, WordParser, type WordParserOptions } from "./parser.ts";

/**
 * Splits one line into words with NUT's parseconf rules. Text after the first logical line is ignored.
 *
 * @param line the text, with or without a final newline
 * @param options word limits
 * @returns the parsed line (words empty for a blank or comment line)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(splitLine('SET VAR u x "a \\"b\\""').words, ["SET", "VAR", "u", "x", 'a "b"']);
 * ```
 */
export function splitLine(line: string, options?: WordParserOptions): ParsedLine {
  const parser = new WordParser(options);
  const lines = [...parser.push(line), ...parser.end()];
  return lines[0] ?? { words: [], line: 1 };
}

/**
 * Splits one line into words, ignoring errors (parseconf keeps what it read).
 * @param line the text of one line
 * @returns the words
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(splitWords("port = /dev/ttyS0 # serial"), ["port", "=", "/dev/ttyS0"]);
 * ```
 */
export function splitWords(line: string): string[] {
  return splitLine(line).words;
}

/**
 * Splits a whole text (a config file, a .dev file) into logical lines.
 * @param text the whole input
 * @param options word limits
 * @returns every non-empty logical line, with its starting line number
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(splitText("a b\n\n# x\nc").map((l) => [l.line, l.words]), [[1, ["a", "b"]], [4, ["c"]]]);
 * ```
 */
export function splitText(text: string, options?: WordParserOptions): ParsedLine[] {
  const parser = new WordParser(options);
  return [...parser.push(text), ...parser.end()];
}
