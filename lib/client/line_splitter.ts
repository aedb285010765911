/**
 * Bounded splitting of a byte stream into protocol lines (pure, no I/O).
 * @module
 */
import { ClientError } from "./errors.ts";

/** Default limit of one reply line, in bytes (NUT's own values stay far below: 256-byte values, escaped). */
export const DEFAULT_MAX_LINE_LENGTH = 8192;

/**
 * Splits incoming chunks at `\n` (dropping a `\r` before it), one character per byte (latin1), and refuses
 * lines longer than a limit. A chunk may hold any number of lines and may end mid-line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const s = new LineSplitter();
 * assertEquals(s.push("OK\r\nVAR u x \"1"), ["OK"]);
 * assertEquals(s.push("\"\n"), ['VAR u x "1"']);
 * ```
 */
export class LineSplitter {
  #partial = "";
  #max: number;

  /**
   * @param maxLineLength the longest accepted line (without its newline)
   */
  constructor(maxLineLength = DEFAULT_MAX_LINE_LENGTH) {
    this.#max = maxLineLength;
  }

  /** Bytes of an unfinished line held back. */
  get pending(): number {
    return this.#partial.length;
  }

  /**
   * Feeds a chunk.
   * @param chunk bytes (or already decoded text)
   * @returns the lines completed by this chunk, without line endings
   * @throws {ClientError} kind TOO-LONG when a line exceeds the limit
   */
  push(chunk: Uint8Array | string): string[] {
    const text = typeof chunk === "string" ? chunk : latin1(chunk);
    const out: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      let line = this.#partial + text.slice(start, nl);
      this.#partial = "";
      if (line.endsWith("\r")) line = line.slice(0, -1);
      this.#check(line.length);
      out.push(line);
      start = nl + 1;
    }
    this.#partial += text.slice(start);
    // A CR at the end of a chunk may be the first half of a CRLF: the line is measured without it.
    this.#check(this.#partial.length - (this.#partial.endsWith("\r") ? 1 : 0));
    return out;
  }

  #check(length: number): void {
    if (length > this.#max) {
      this.#partial = "";
      throw new ClientError("TOO-LONG", "Invalid response from server", {
        cause: new Error(`reply line longer than ${this.#max} bytes`),
      });
    }
  }
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return s;
}
