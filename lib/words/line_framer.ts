/**
 * The project's one framer of raw lines (pure, no I/O): splits a byte stream at `\n`, drops a `\r`
 * before it, one character per byte (latin1), and bounds every line. A line longer than the limit is
 * reported once, as {@linkcode TOO_LONG}, the moment it crosses the limit, and the rest of it is skipped
 * up to its newline without being kept, so a peer sending without end costs no memory. Used wherever a
 * peer's lines are read without the tokenizer (lib/words/parser.ts reads words and has its own bound):
 * the client's replies, upsmon's privilege-separation pipe, the driver's answers to upsdrvctl, the
 * timer daemon's answers to upssched.
 * @module
 */
import { decodeLatin1 } from "../protocol/latin1.ts";

/** Stands for a line over the limit (its text is not kept). */
export const TOO_LONG: unique symbol = Symbol("TOO-LONG");

/** A framed line, or the mark of one over the limit. */
export type FramedLine = string | typeof TOO_LONG;

/**
 * Incremental, bounded line framer.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const f = new LineFramer(8);
 * assertEquals(f.push("OK\r\nVAR u x \"1"), ["OK", TOO_LONG]);
 * assertEquals(f.push("23\"\nSHORT\n"), ["SHORT"]);
 * ```
 */
export class LineFramer {
  #partial = "";
  #skipping = false;
  #max: number;

  /**
   * @param maxLineLength the longest line kept (without its line ending)
   */
  constructor(maxLineLength: number) {
    this.#max = maxLineLength;
  }

  /** Characters of an unfinished line held back. */
  get pending(): number {
    return this.#partial.length;
  }

  /**
   * Feeds a chunk.
   * @param chunk bytes, or text already decoded one character per byte
   * @returns the lines completed by this chunk, without line endings, and {@linkcode TOO_LONG} for each
   *   line that crossed the limit in it
   */
  push(chunk: Uint8Array | string): FramedLine[] {
    const text = typeof chunk === "string" ? chunk : decodeLatin1(chunk);
    const out: FramedLine[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (this.#skipping) {
        if (nl < 0) return out;
        this.#skipping = false;
        start = nl + 1;
        continue;
      }
      if (nl < 0) break;
      let line = this.#partial.length === 0 ? text.slice(start, nl) : this.#partial + text.slice(start, nl);
      this.#partial = "";
      if (line.endsWith("\r")) line = line.slice(0, -1);
      out.push(line.length > this.#max ? TOO_LONG : line);
      start = nl + 1;
    }
    this.#partial += text.slice(start);
    // A CR at the end of a chunk may be the first half of a CRLF: the line is measured without it.
    if (this.#partial.length - (this.#partial.endsWith("\r") ? 1 : 0) > this.#max) {
      this.#partial = "";
      this.#skipping = true;
      out.push(TOO_LONG);
    }
    return out;
  }
}
