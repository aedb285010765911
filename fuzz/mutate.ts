/**
 * Mutations of an input text: byte flips, inserted tokens (the tokenizer's special characters, line ends,
 * NUL, edge numbers, a target's own keywords), deleted, duplicated, repeated or swapped pieces, lines
 * spliced in from other seeds, whole words replaced by keywords or by names of Object.prototype, very long
 * words, lines of 33+ words, unbalanced quotes, case changes.
 * @module
 */
import type { Prng } from "./prng.ts";
import { BYTE_TOKENS, PROTOTYPE_NAMES, UNICODE_TOKENS } from "./tokens.ts";

/** What a mutation may draw on. */
export interface MutationSource {
  /** Keywords of the target's grammar (commands, directives, variable names). */
  readonly dictionary: readonly string[];
  /** Whether characters beyond latin1 may be inserted (text decoded from UTF-8 rather than bytes). */
  readonly unicode: boolean;
  /** A random line of another seed, for splicing. */
  line(rng: Prng): string;
}

/** Characters parsers single out. */
const SPECIAL_CODES = [0, 9, 10, 13, 32, 34, 35, 39, 58, 61, 64, 91, 92, 93, 127, 128, 160, 255];

/** Lengths around the limits of the tokenizer (512), upssched (4096), requests (16 KiB), driver lines (64 KiB). */
const LONG_LENGTHS = [511, 512, 513, 1000, 4095, 4097];
const HUGE_LENGTHS = [16384, 16385, 65536, 65537];

function token(rng: Prng, src: MutationSource): string {
  const r = rng.next();
  if (r < 0.45) return rng.pick(BYTE_TOKENS);
  if (r < 0.9 || !src.unicode) {
    return src.dictionary.length ? rng.pick(src.dictionary) : rng.pick(BYTE_TOKENS);
  }
  return rng.pick(UNICODE_TOKENS);
}

function longWord(rng: Prng): string {
  const n = rng.chance(0.03) ? rng.pick(HUGE_LENGTHS) : rng.pick(LONG_LENGTHS);
  const c = rng.pick(["A", "x", "\\x", '"', "#", "9", "\xe9"]);
  return c.repeat(Math.ceil(n / c.length)).slice(0, n);
}

function manyWords(rng: Prng, src: MutationSource): string {
  const n = rng.range(31, 40);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.chance(0.3) ? token(rng, src) : `w${i}`);
  return words.join(" ");
}

/** The bounds of the word around `pos` (blanks delimit words). */
function wordAt(s: string, pos: number): [number, number] {
  let a = pos;
  let b = pos;
  while (a > 0 && !/\s/.test(s[a - 1])) a--;
  while (b < s.length && !/\s/.test(s[b])) b++;
  return [a, b];
}

function lines(s: string): string[] {
  return s.split("\n");
}

type Mutation = (s: string, rng: Prng, src: MutationSource) => string;

const at = (s: string, rng: Prng) => rng.int(s.length + 1);

/** The mutations, each with its weight. */
const MUTATIONS: readonly [number, Mutation][] = [
  [6, (s, rng) => {
    if (!s) return s;
    const i = rng.int(s.length);
    const code = rng.chance(0.5) ? rng.int(256) : rng.pick(SPECIAL_CODES);
    return s.slice(0, i) + String.fromCharCode(code) + s.slice(i + 1);
  }],
  [3, (s, rng) => {
    if (!s) return s;
    const i = rng.int(s.length);
    const code = (s.charCodeAt(i) ^ (1 << rng.int(8))) & 0xffff;
    return s.slice(0, i) + String.fromCharCode(code) + s.slice(i + 1);
  }],
  [10, (s, rng, src) => {
    const i = at(s, rng);
    return s.slice(0, i) + token(rng, src) + s.slice(i);
  }],
  [6, (s, rng, src) => {
    const i = s.indexOf(" ", at(s, rng));
    const j = i < 0 ? s.length : i;
    return `${s.slice(0, j)} ${token(rng, src)}${s.slice(j)}`;
  }],
  [6, (s, rng, src) => {
    const [a, b] = wordAt(s, at(s, rng));
    return s.slice(0, a) + token(rng, src) + s.slice(b);
  }],
  [5, (s, rng, src) => {
    // A whole word becomes a keyword or a prototype's name, where a parser looks a word up in a table.
    const [a, b] = wordAt(s, at(s, rng));
    const name = rng.chance(0.5) || !src.dictionary.length
      ? rng.pick(PROTOTYPE_NAMES)
      : rng.pick(src.dictionary);
    return s.slice(0, a) + (rng.chance(0.2) ? name.toUpperCase() : name) + s.slice(b);
  }],
  [4, (s, rng) => {
    const i = at(s, rng);
    return s.slice(0, i) + s.slice(i + rng.range(1, 16));
  }],
  [3, (s, rng) => {
    const i = at(s, rng);
    const piece = s.slice(i, i + rng.range(1, 32));
    const j = at(s, rng);
    return s.slice(0, j) + piece + s.slice(j);
  }],
  [3, (s, rng) => {
    const ls = lines(s);
    const k = rng.int(ls.length);
    const n = rng.chance(0.05) ? rng.range(50, 300) : rng.range(2, 5);
    ls.splice(k, 0, ...Array<string>(n).fill(ls[k]));
    return ls.join("\n");
  }],
  [3, (s, rng) => {
    const ls = lines(s);
    const a = rng.int(ls.length);
    const b = rng.int(ls.length);
    [ls[a], ls[b]] = [ls[b], ls[a]];
    return ls.join("\n");
  }],
  [6, (s, rng, src) => {
    const ls = lines(s);
    ls.splice(rng.int(ls.length + 1), 0, src.line(rng));
    return ls.join("\n");
  }],
  [2, (s, rng) => s.slice(0, at(s, rng))],
  [2, (s, rng) => {
    const i = at(s, rng);
    const j = i + rng.range(1, 40);
    const piece = s.slice(i, j);
    return s.slice(0, i) + (rng.chance(0.5) ? piece.toUpperCase() : piece.toLowerCase()) + s.slice(j);
  }],
  [2, (s, rng, src) => {
    const i = s.indexOf("\n", at(s, rng));
    const j = i < 0 ? s.length : i;
    return `${s.slice(0, j)} ${manyWords(rng, src)}${s.slice(j)}`;
  }],
  [2, (s, rng) => {
    const i = at(s, rng);
    return s.slice(0, i) + longWord(rng) + s.slice(i);
  }],
  [3, (s, rng) => {
    const i = at(s, rng);
    return `${s.slice(0, i)}"${s.slice(i)}`;
  }],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((n, [w]) => n + w, 0);

/**
 * Applies one random mutation.
 * @param text the input
 * @param rng the input's generator
 * @param src tokens and lines to draw on
 * @returns the mutated input
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * import { Prng } from "./prng.ts";
 * const src = { dictionary: ["GET"], unicode: false, line: () => "VER" };
 * assertEquals(mutate("LIST UPS", new Prng(1), src) === mutate("LIST UPS", new Prng(1), src), true);
 * ```
 */
export function mutate(text: string, rng: Prng, src: MutationSource): string {
  let r = rng.next() * TOTAL_WEIGHT;
  for (const [w, m] of MUTATIONS) {
    r -= w;
    if (r < 0) return m(text, rng, src);
  }
  return MUTATIONS[0][1](text, rng, src);
}
