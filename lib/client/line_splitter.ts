/**
 * Bounded splitting of a server's replies into lines (pure, no I/O): the project's line framer
 * (lib/words/line_framer.ts), with a line over the limit as the client's TOO-LONG error.
 * @module
 */
import { LineFramer, TOO_LONG } from "../words/line_framer.ts";
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
  #framer: LineFramer;
  #max: number;

  /**
   * @param maxLineLength the longest accepted line (without its newline)
   */
  constructor(maxLineLength = DEFAULT_MAX_LINE_LENGTH) {
    this.#max = maxLineLength;
    this.#framer = new LineFramer(maxLineLength);
  }

  /** Bytes of an unfinished line held back. */
  get pending(): number {
    return this.#framer.pending;
  }

  /**
   * Feeds a chunk.
   * @param chunk bytes (or already decoded text)
   * @returns the lines completed by this chunk, without line endings
   * @throws {ClientError} kind TOO-LONG when a line exceeds the limit
   */
  push(chunk: Uint8Array | string): string[] {
    const lines = this.#framer.push(chunk);
    if (lines.includes(TOO_LONG)) {
      throw new ClientError("TOO-LONG", "Invalid response from server", {
        cause: new Error(`reply line longer than ${this.#max} bytes`),
      });
    }
    return lines as string[];
  }
}
