/**
 * The one tokenizer of the project: NUT's parseconf rules, fed incrementally.
 *
 * Used by config files, the network protocol and the driver socket protocol alike:
 *
 * | input                      | words                              |
 * | -------------------------- | ---------------------------------- |
 * | `this is a line`           | `this` `is` `a` `line`             |
 * | `this "is also" a line`    | `this` `is also` `a` `line`        |
 * | `embedded\ space`          | `embedded space`                   |
 * | `embedded\\backslash`      | `embedded\backslash`               |
 * | `port=auto`                | `port` `=` `auto`                  |
 * | `a # comment`              | `a`                                |
 *
 * A backslash before a newline joins physical lines; a quoted word may span lines. Characters outside
 * 0x20..0x7f are dropped from words (NUT's CVE-2012-2944 rule). Words longer than `maxWordLength` are
 * truncated and words past `maxWords` dropped, as parseconf does, and reported in `truncated`; a logical
 * line longer than `maxLineLength` characters is discarded and reported as `"TOO-LONG"`.
 *
 * @module
 */

/** Default limits of parseconf: 32 words of 512 characters. */
export const WORD_LIMITS = { maxWords: 32, maxWordLength: 512 } as const;

/** Options of a {@linkcode WordParser}. */
export interface WordParserOptions {
  /** Words kept per line; later words are dropped (0 = no limit). Default 32. */
  maxWords?: number;
  /** Characters kept per word; the rest is dropped (0 = no limit). Default 512. */
  maxWordLength?: number;
  /** Characters allowed in one logical line before it is discarded as TOO-LONG (0 = no limit). Default 0. */
  maxLineLength?: number;
}

/** One logical line produced by the parser. */
export interface ParsedLine {
  /** The words of the line, unquoted and unescaped. */
  words: string[];
  /** Physical line number (1-based) where the logical line began. */
  line: number;
  /** Set when the line could not be parsed; `words` then holds what was read before the error. */
  error?: "UNBALANCED-QUOTE" | "HASH-IN-QUOTES" | "TOO-LONG";
  /** True when words were dropped or cut by the word limits. */
  truncated?: boolean;
}

const enum S {
  FindWordStart,
  FindEol,
  QuoteCollect,
  QuoteLiteral,
  Collect,
  CollectLiteral,
  SkipLine,
}

const NL = 10;
const HASH = 35;
const BACKSLASH = 92;
const QUOTE = 34;
const EQUALS = 61;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Incremental parseconf-style tokenizer. Feed it text in chunks of any size with
 * {@linkcode WordParser.push}; it returns every logical line completed so far.
 * Empty lines (no words, no error) are not returned.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const p = new WordParser();
 * assertEquals(p.push('SET VAR ups x "a \\"b\\""\n').map((l) => l.words), [["SET", "VAR", "ups", "x", 'a "b"']]);
 * ```
 */
export class WordParser {
  #state: S = S.FindWordStart;
  #words: string[] = [];
  #word = "";
  #wordStarted = false;
  #truncated = false;
  #physLine = 1;
  #startLine = 1;
  #lineLength = 0;
  #maxWords: number;
  #maxWordLength: number;
  #maxLineLength: number;

  /** Creates a parser with the given limits (parseconf's defaults when omitted). */
  constructor(options: WordParserOptions = {}) {
    this.#maxWords = options.maxWords ?? WORD_LIMITS.maxWords;
    this.#maxWordLength = options.maxWordLength ?? WORD_LIMITS.maxWordLength;
    this.#maxLineLength = options.maxLineLength ?? 0;
  }

  /** True while a logical line is partly read (words, a quote or an escape pending). */
  get pending(): boolean {
    return this.#state !== S.FindWordStart || this.#words.length > 0 || this.#lineLength > 0;
  }

  /** True while the rest of a line over the limit (or after a quoting error) is being skipped. */
  get skipping(): boolean {
    return this.#state === S.SkipLine;
  }

  /**
   * Feeds text and returns the logical lines it completed.
   * @param text any chunk of input; lines may be split across chunks anywhere
   * @returns the completed lines, in order
   */
  push(text: string): ParsedLine[] {
    const out: ParsedLine[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#state === S.SkipLine) {
        // The rest of a line too long to keep: straight to its newline.
        const nl = c === NL ? i : text.indexOf("\n", i);
        if (nl < 0) break;
        i = nl;
        this.#physLine++, this.#reset();
        continue;
      }
      if (this.#maxLineLength > 0 && c !== NL && ++this.#lineLength > this.#maxLineLength) {
        out.push({ words: [], line: this.#startLine, error: "TOO-LONG" });
        this.#reset();
        this.#state = S.SkipLine;
        continue;
      }
      const done = this.#step(c);
      if (done) {
        if (done.words.length > 0 || done.error) out.push(done);
      }
    }
    return out;
  }

  /**
   * Ends the input (EOF): a line without a final newline is completed; an open quote is reported.
   * @returns the last line, if any
   */
  end(): ParsedLine[] {
    const out: ParsedLine[] = [];
    if (this.#state === S.SkipLine) {
      this.#state = S.FindWordStart;
      return out;
    }
    const inQuote = this.#state === S.QuoteCollect || this.#state === S.QuoteLiteral;
    if (this.#wordStarted) this.#endWord();
    if (this.#words.length > 0 || inQuote) {
      const line: ParsedLine = { words: this.#words, line: this.#startLine };
      if (inQuote) line.error = "UNBALANCED-QUOTE";
      if (this.#truncated) line.truncated = true;
      out.push(line);
    }
    this.#reset();
    return out;
  }

  #reset(): void {
    this.#words = [];
    this.#word = "";
    this.#wordStarted = false;
    this.#truncated = false;
    this.#lineLength = 0;
    this.#state = S.FindWordStart;
    this.#startLine = this.#physLine;
  }

  #addChar(c: number): void {
    this.#wordStarted = true;
    if (c < 0x20 || c > 0x7f) return;
    if (this.#maxWordLength > 0 && this.#word.length >= this.#maxWordLength) {
      this.#truncated = true;
      return;
    }
    this.#word += String.fromCharCode(c);
  }

  #endWord(): void {
    if (this.#maxWords > 0 && this.#words.length >= this.#maxWords) this.#truncated = true;
    else this.#words.push(this.#word);
    this.#word = "";
    this.#wordStarted = false;
  }

  #finishLine(error?: ParsedLine["error"]): ParsedLine {
    const line: ParsedLine = { words: this.#words, line: this.#startLine };
    if (error) line.error = error;
    if (this.#truncated) line.truncated = true;
    this.#reset();
    return line;
  }

  /** One character through the state machine; returns a line when one ends. */
  #step(c: number): ParsedLine | undefined {
    if (c === NL) this.#physLine++;
    switch (this.#state) {
      case S.FindWordStart:
        if (c === NL) {
          return this.#finishLine();
        }
        if (c === HASH) this.#state = S.FindEol;
        else if (isSpace(c)) { /* between words */ }
        else if (c === BACKSLASH) this.#wordStarted = true, this.#state = S.CollectLiteral;
        else if (c === QUOTE) this.#wordStarted = true, this.#state = S.QuoteCollect;
        else if (c === EQUALS) this.#addChar(c), this.#endWord();
        else this.#addChar(c), this.#state = S.Collect;
        return undefined;
      case S.FindEol:
        if (c === NL) {
          return this.#finishLine();
        }
        return undefined;
      case S.QuoteCollect:
        if (c === HASH) {
          this.#endWord();
          const l = this.#finishLine("HASH-IN-QUOTES");
          this.#state = S.SkipLine;
          return l;
        }
        if (c === QUOTE) this.#endWord(), this.#state = S.FindWordStart;
        else if (c === BACKSLASH) this.#state = S.QuoteLiteral;
        else this.#addChar(c);
        return undefined;
      case S.QuoteLiteral:
        if (c !== NL) this.#addChar(c);
        this.#state = S.QuoteCollect;
        return undefined;
      case S.Collect:
        if (c === HASH) this.#endWord(), this.#state = S.FindEol;
        else if (c === NL) {
          this.#endWord();
          return this.#finishLine();
        } else if (isSpace(c)) this.#endWord(), this.#state = S.FindWordStart;
        else if (c === EQUALS) {
          this.#endWord();
          this.#addChar(c);
          this.#endWord();
          this.#state = S.FindWordStart;
        } else if (c === BACKSLASH) this.#state = S.CollectLiteral;
        else this.#addChar(c);
        return undefined;
      case S.CollectLiteral:
        if (c !== NL) this.#addChar(c);
        this.#state = S.Collect;
        return undefined;
      default:
        return undefined;
    }
  }
}
