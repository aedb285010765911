/**
 * Builds one fuzz input from a target's seeds: a whole seed now and then, most often a few consecutive lines
 * of one seed, or lines spliced from several seeds (sometimes from another target's), then mutated a few
 * times.
 * @module
 */
import type { Prng } from "./prng.ts";
import { mutate, type MutationSource } from "./mutate.ts";

/**
 * A target's seed texts, in groups (its own samples, files of the corpus, the tests' literals...): a pick
 * takes a group first, then a text of it, so a group of one sample weighs as much as a thousand literals.
 */
export class SeedPool {
  /** Every seed. */
  readonly texts: readonly string[];
  #groups: readonly (readonly string[])[];
  #lines: readonly (readonly (readonly string[])[])[];

  /**
   * @param groups the seed groups (empty groups are dropped; no seed at all gives one empty seed)
   */
  constructor(groups: readonly (readonly string[])[]) {
    const kept = groups.filter((g) => g.length > 0);
    this.#groups = kept.length ? kept : [[""]];
    this.#lines = this.#groups.map((g) => g.map((t) => t.split("\n")));
    this.texts = this.#groups.flat();
  }

  /**
   * A random seed.
   * @param rng the generator
   * @returns the seed's text
   */
  text(rng: Prng): string {
    return rng.pick(rng.pick(this.#groups));
  }

  /**
   * A random line of a random seed.
   * @param rng the generator
   * @returns the line (without its newline)
   */
  line(rng: Prng): string {
    return rng.pick(rng.pick(rng.pick(this.#lines)));
  }

  /**
   * Up to `count` consecutive lines of a random seed.
   * @param rng the generator
   * @param count how many lines
   * @returns the lines
   */
  window(rng: Prng, count: number): readonly string[] {
    const ls = rng.pick(rng.pick(this.#lines));
    const start = rng.int(ls.length);
    return ls.slice(start, start + count);
  }
}

/** How inputs are built for a target. */
export interface InputOptions {
  /** Keywords of the target's grammar. */
  readonly dictionary: readonly string[];
  /** Whether the target reads text decoded from UTF-8 (else one char per byte). */
  readonly unicode: boolean;
  /** Every target's seeds, for the occasional foreign line. */
  readonly foreign?: SeedPool;
  /** Longest input built (longer ones are cut). */
  readonly maxLength?: number;
}

/** Default cap of one input: room for a 64 KiB driver line and a little more. */
export const MAX_INPUT = 80 * 1024;

/**
 * Builds input number `i` of a target (the generator decides everything).
 * @param pool the target's seeds
 * @param rng the input's generator
 * @param options dictionary, alphabet, foreign seeds
 * @returns the input
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * import { Prng } from "./prng.ts";
 * const pool = new SeedPool([["VER\nLIST UPS\n"]]);
 * const opts = { dictionary: ["GET"], unicode: false };
 * assertEquals(buildInput(pool, new Prng(3, 0, 9), opts), buildInput(pool, new Prng(3, 0, 9), opts));
 * ```
 */
export function buildInput(pool: SeedPool, rng: Prng, options: InputOptions): string {
  const foreign = options.foreign ?? pool;
  const src: MutationSource = {
    dictionary: options.dictionary,
    unicode: options.unicode,
    line: (r) => (r.chance(0.15) ? foreign : pool).line(r),
  };
  const r = rng.next();
  let text: string;
  if (r < 0.01) text = pool.text(rng);
  else {
    const parts: string[] = [];
    if (r < 0.7) parts.push(...pool.window(rng, 1 + rng.geometric(0.6, 15)));
    else {
      const pieces = rng.range(2, 4);
      for (let k = 0; k < pieces; k++) {
        parts.push(...(rng.chance(0.1) ? foreign : pool).window(rng, rng.range(1, 3)));
      }
    }
    const eol = rng.chance(0.1) ? "\r\n" : "\n";
    text = parts.join(eol);
    if (rng.chance(0.85)) text += eol;
  }
  const mutations = rng.chance(0.12) ? 0 : 1 + rng.geometric(0.55, 11);
  for (let m = 0; m < mutations; m++) text = mutate(text, rng, src);
  const max = options.maxLength ?? MAX_INPUT;
  if (text.length > max) text = text.slice(0, max);
  return options.unicode ? text : toLatin1(text);
}

/** Keeps one byte per character, as a latin1 decoding of bytes would give. */
function toLatin1(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) {
      return text.replace(/[^\0-\xff]/g, (c) => String.fromCharCode(c.charCodeAt(0) & 0xff));
    }
  }
  return text;
}
