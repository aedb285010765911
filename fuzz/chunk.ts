/**
 * Random chunking of an input, for the incremental readers: their result over the chunks must equal their
 * result over the whole text.
 * @module
 */
import type { Prng } from "./prng.ts";

/**
 * Cuts a text at random boundaries: one character per chunk now and then, else chunks of random sizes,
 * with cuts often placed right before or after a newline, a CR, a backslash or a quote.
 * @param text the input
 * @param rng the generator
 * @returns the chunks (joined, they are the text); never empty for a non-empty text
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * import { Prng } from "./prng.ts";
 * assertEquals(chunkText("VER\r\nLIST UPS\n", new Prng(5)).join(""), "VER\r\nLIST UPS\n");
 * ```
 */
export function chunkText(text: string, rng: Prng): string[] {
  if (text.length <= 1) return [text];
  if (rng.chance(0.05) && text.length <= 4096) return [...text];
  const out: string[] = [];
  const mean = rng.pick([2, 5, 16, 64, 512]);
  let start = 0;
  while (start < text.length) {
    let end = start + 1 + rng.int(2 * mean);
    if (end < text.length && rng.chance(0.3)) {
      const near = text.slice(start + 1, end + 8).search(/[\n\r\\"]/);
      if (near >= 0) end = start + 1 + near + rng.int(2);
    }
    end = Math.min(end, text.length);
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}
