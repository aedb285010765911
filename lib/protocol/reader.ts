/**
 * Splits what a client sends into request lines, with the project's one tokenizer (lib/words) and
 * parseconf's limits (32 words of 512 characters; longer words are cut, further words dropped, as NUT
 * does). Unlike a config file, an empty line is a request too: NUT answers it with
 * `ERR UNKNOWN-COMMAND`, so the reader reports it as a line without words.
 *
 * A logical line longer than `maxLineLength` characters is reported as `TOO-LONG` (NUT has no such
 * limit; it keeps cutting words) and skipped up to its newline, so one absurd line costs no memory and
 * the session goes on.
 * @module
 */
import { WORD_LIMITS, WordParser } from "../words/parser.ts";

/** Default limit of one request line: far more than 32 words of 512 characters need. */
export const MAX_REQUEST_LINE = 16 * 1024;

/** One request line. */
export interface RequestLine {
  /** The words; empty for an empty (or comment-only) line. */
  words: string[];
  /** Set when the line could not be read: no words are given then. */
  error?: "TOO-LONG" | "HASH-IN-QUOTES";
  /** Offset in the text given to {@linkcode RequestReader.push} just past the newline that ended it. */
  end: number;
}

/** Options of a {@linkcode RequestReader}. */
export interface RequestReaderOptions {
  /** Characters allowed in one logical line (default {@linkcode MAX_REQUEST_LINE}). */
  maxLineLength?: number;
}

/**
 * Incremental reader of request lines. Feed any chunks; lines may be split anywhere.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const r = new RequestReader();
 * assertEquals(r.push("GET VAR ups1 ").map((l) => l.words), []);
 * assertEquals(r.push('ups.status\n\nVER\n').map((l) => l.words), [["GET", "VAR", "ups1", "ups.status"], [], ["VER"]]);
 * ```
 */
export class RequestReader {
  #parser: WordParser;
  /** A line was reported since the last newline (so a newline that completes nothing is not "empty"). */
  #reported = false;
  /** Longest line the fast path takes: within every limit of the parser. */
  #simpleMax: number;
  /** The last text pushed that began and ended at line boundaries, and its lines (returned again for it). */
  #lastText: string | undefined;
  #lastLines: RequestLine[] = [];

  /** Creates a reader. */
  constructor(options: RequestReaderOptions = {}) {
    const maxLineLength = options.maxLineLength ?? MAX_REQUEST_LINE;
    this.#parser = new WordParser({ maxLineLength });
    this.#simpleMax = Math.min(maxLineLength, WORD_LIMITS.maxWordLength);
  }

  /** True while the rest of a line over the limit (or after a quoting error) is being thrown away. */
  get skipping(): boolean {
    return this.#parser.skipping;
  }

  /**
   * Feeds text (bytes decoded one to one, e.g. latin1) and returns the lines it completed.
   * @param text a chunk
   * @returns completed lines, in order (read-only: the same objects may be returned for the same text)
   */
  push(text: string): RequestLine[] {
    // A client repeating its last request (a monitor polling a variable) gets the same lines again.
    const fresh = !this.#parser.pending;
    if (fresh && text === this.#lastText) return this.#lastLines;
    const out = this.#lines(text);
    if (fresh && !this.#parser.pending && out.length > 0 && text.length <= this.#simpleMax) {
      this.#lastText = text;
      this.#lastLines = out;
    } else this.#lastText = undefined;
    return out;
  }

  #lines(text: string): RequestLine[] {
    const out: RequestLine[] = [];
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf("\n", start);
      const end = nl < 0 ? text.length : nl + 1;
      if (nl >= 0 && nl - start <= this.#simpleMax && !this.#parser.pending) {
        const words = simpleWords(text, start, nl);
        if (words) {
          out.push({ words, end });
          start = end;
          continue;
        }
      }
      const lines = this.#parser.push(start === 0 && end === text.length ? text : text.slice(start, end));
      for (const l of lines) {
        this.#reported = true;
        if (l.error === "TOO-LONG" || l.error === "HASH-IN-QUOTES") {
          out.push({ words: [], error: l.error, end });
        } else out.push({ words: l.words, end });
      }
      if (nl >= 0) {
        if (lines.length === 0 && !this.#reported && !this.#parser.pending) out.push({ words: [], end });
        if (!this.#parser.pending) this.#reported = false;
      }
      start = end;
    }
    return out;
  }
}

/**
 * The fast path of the common request line: printable ASCII words between blanks, without quotes,
 * backslashes, `#` or `=` (the parser's words for such a line are just these), at most 32 words.
 * @param text the text
 * @param start where the line begins
 * @param end where its newline is
 * @returns the words, or undefined when the line needs the parser
 */
function simpleWords(text: string, start: number, end: number): string[] | undefined {
  const words: string[] = [];
  let from = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (from >= 0) {
        words.push(text.slice(from, i));
        from = -1;
      }
    } else if (c < 0x21 || c > 0x7e || c === 34 || c === 35 || c === 61 || c === 92) return undefined;
    else if (from < 0) from = i;
  }
  if (from >= 0) words.push(text.slice(from, end));
  return words.length <= WORD_LIMITS.maxWords ? words : undefined;
}
