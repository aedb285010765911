/**
 * The fuzzer's seeded pseudo-random numbers: sfc32 (Chris Doty-Humphrey's small fast counting generator),
 * seeded by a splitmix32-style mix of (seed, stream, index). Every input of every target has a generator of
 * its own, so input `i` of a target is the same whatever else runs, and one input can be replayed alone.
 * @module
 */

/** Mixes a 32-bit value (splitmix32's finalizer). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * FNV-1a hash of a text, used to give each target a stream of its own.
 * @param text the text (a target's name)
 * @returns a 32-bit unsigned hash
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(hashName("a") === hashName("b"), false);
 * ```
 */
export function hashName(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A deterministic generator.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const a = new Prng(7, 1, 2);
 * const b = new Prng(7, 1, 2);
 * assertEquals([a.u32(), a.int(10)], [b.u32(), b.int(10)]);
 * ```
 */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * @param seed the run's seed (32 bits)
   * @param stream which sequence (a target)
   * @param index which member of it (an input)
   */
  constructor(seed: number, stream = 0, index = 0) {
    this.#a = mix32(seed ^ 0x9e3779b9);
    this.#b = mix32(stream ^ 0x7f4a7c15 ^ this.#a);
    this.#c = mix32(index ^ 0x3c6ef372 ^ this.#b);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** @returns the next 32-bit unsigned integer */
  u32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** @returns a number in [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  /**
   * @param n how many values
   * @returns an integer in [0, n)
   */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * @param lo smallest value
   * @param hi largest value
   * @returns an integer in [lo, hi]
   */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /**
   * @param p probability
   * @returns true with probability p
   */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * @param items a non-empty list
   * @returns one of them
   */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /**
   * A small number, most often 0 or 1: each step further has probability `p`.
   * @param p probability of going on
   * @param max the largest value returned
   * @returns an integer in [0, max]
   */
  geometric(p: number, max: number): number {
    let n = 0;
    while (n < max && this.next() < p) n++;
    return n;
  }
}
