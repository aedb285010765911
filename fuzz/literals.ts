/**
 * String literals of the project's own tests, as seeds: the requests, replies, driver lines and config
 * snippets the unit tests feed the parsers. A scan, not a TypeScript lexer: a quote in a comment may yield
 * a piece of garbage, which is only one more fuzz seed.
 * @module
 */

const LITERAL = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\$]|\\[^]|\$(?!\{))*`/g;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  r: "\r",
  t: "\t",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
  "\n": "",
};

/**
 * Decodes the escapes of a JavaScript string literal's body.
 * @param body the text between the quotes
 * @returns the string's value
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(unescapeLiteral("a\\tb\\x41\\u0042\\\\"), "a\tbAB\\");
 * ```
 */
export function unescapeLiteral(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[^])/g, (_m, e: string) => {
    if (e.startsWith("u{")) return String.fromCodePoint(Math.min(parseInt(e.slice(2, -1), 16), 0x10ffff));
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return SIMPLE_ESCAPES[e] ?? e;
  });
}

/**
 * The string literals of a source text (template literals without substitutions included).
 * @param source TypeScript source
 * @returns the literals' values, at least 2 characters long, in order of appearance
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(extractLiterals(`p("GET VAR ups1 x"); q('a'); r(\`[ups]\n driver = x\`)`), ["GET VAR ups1 x", "[ups]\n driver = x"]);
 * ```
 */
export function extractLiterals(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(LITERAL)) {
    const value = unescapeLiteral(m[0].slice(1, -1));
    if (value.length >= 2) out.push(value);
  }
  return out;
}
