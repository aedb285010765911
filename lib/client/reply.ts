/**
 * Pure parsing of the network protocol's replies (docs/net-protocol.txt): words of a line, `ERR <word>`,
 * single-line GET answers that echo their query, `OK` answers, and `BEGIN LIST` ... `END LIST` blocks.
 * Everything here works on literal lines; the connection feeds it.
 * @module
 */
import { splitLine } from "../words/split.ts";
import { formatWord } from "../words/encode.ts";
import { NutError } from "../protocol/errors.ts";
import { ClientError, invalidResponse, protocolError } from "./errors.ts";

/**
 * Splits a reply line into words with the parseconf rules. Like NUT's client, a line with an unbalanced
 * quote keeps the words read before the problem.
 * @param line one line without its newline
 * @returns the words
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(replyWords('VAR su700 ups.mfr "A \\"B\\""'), ["VAR", "su700", "ups.mfr", 'A "B"']);
 * ```
 */
export function replyWords(line: string): string[] {
  return splitLine(line, { maxWords: 0, maxWordLength: 0 }).words;
}

/**
 * Throws the server's error when the words are an `ERR <code> [extra...]` answer.
 * @param words the reply's words
 * @throws {NutError} for ERR answers
 */
export function throwIfError(words: readonly string[]): void {
  if (words[0] === "ERR") throw new NutError(words[1] ?? "", words.slice(2));
}

/**
 * Whether the answer starts with the query, compared without regard to case (as NUT does).
 * @param query the query words (after GET/LIST)
 * @param answer the answer words, from the position where the echo starts
 * @returns true when every query word is echoed
 */
export function echoes(query: readonly string[], answer: readonly string[]): boolean {
  if (answer.length < query.length) return false;
  return query.every((q, i) => q.toLowerCase() === answer[i].toLowerCase());
}

/**
 * Formats a request line: words quoted and escaped only where needed.
 * @param words the request, e.g. `["SET", "VAR", "ups", "ups.id", "my ups"]`
 * @returns the line without newline
 * @throws {RangeError} when a word holds a line break or a NUL (it would inject another request)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatRequest(["SET", "VAR", "ups", "ups.id", 'my "ups"']), 'SET VAR ups ups.id "my \\"ups\\""');
 * ```
 */
export function formatRequest(words: readonly string[]): string {
  for (const w of words) {
    if (/[\r\n\0]/.test(w)) {
      throw new RangeError(`Cannot send ${JSON.stringify(w)}: line break or NUL in a word`);
    }
  }
  return words.map(formatWord).join(" ");
}

/**
 * Parses the answer to `GET <query...>`: `<query...> <value...>` echoing the query.
 * @param query the words after GET, e.g. `["VAR", "su700", "ups.status"]`
 * @param line the reply line
 * @returns all words of the answer (the query echo included)
 * @throws {NutError} on `ERR`
 * @throws {ClientError} PROTOCOL when the answer does not echo the query
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseGetReply(["VAR", "su700", "ups.status"], 'VAR su700 ups.status "OL"')[3], "OL");
 * ```
 */
export function parseGetReply(query: readonly string[], line: string): string[] {
  const words = replyWords(line);
  throwIfError(words);
  if (!echoes(query, words)) throw protocolError(`GET ${query.join(" ")} answered "${line}"`);
  return words;
}

/**
 * Parses the answer of a command answered by `OK [...]` (USERNAME, LOGIN, SET VAR, INSTCMD, FSD, ...).
 * @param line the reply line
 * @returns the words after OK (e.g. `["TRACKING", "<id>"]`), possibly empty
 * @throws {NutError} on `ERR`
 * @throws {ClientError} INVALID-RESPONSE for anything else
 */
export function parseOkReply(line: string): string[] {
  const words = replyWords(line);
  throwIfError(words);
  if (words[0] !== "OK") throw invalidResponse(`expected OK, got "${line}"`);
  return words.slice(1);
}

/** Default cap on the rows of one list (a server cannot make a client hold an unbounded list). */
export const DEFAULT_MAX_LIST_ROWS = 100_000;

/**
 * Assembles the answer to `LIST <query...>`: `BEGIN LIST <query...>`, rows each starting with the query,
 * `END LIST <query...>`. Feed it lines until {@linkcode ListReader.push} returns true.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const r = new ListReader(["VAR", "su700"]);
 * for (const l of ["BEGIN LIST VAR su700", 'VAR su700 ups.status "OL"', "END LIST VAR su700"]) r.push(l);
 * assertEquals(r.rows, [["VAR", "su700", "ups.status", "OL"]]);
 * ```
 */
export class ListReader {
  /** The rows received so far (all words, the echoed query included). */
  readonly rows: string[][] = [];
  #query: readonly string[];
  #begun = false;
  #done = false;
  #maxRows: number;

  /**
   * @param query the words after LIST, e.g. `["RW", "su700"]`
   * @param maxRows the most rows accepted
   */
  constructor(query: readonly string[], maxRows = DEFAULT_MAX_LIST_ROWS) {
    this.#query = query;
    this.#maxRows = maxRows;
  }

  /** True once END LIST was read. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Takes the next reply line.
   * @param line one line
   * @returns true when the list is complete
   * @throws {NutError} on `ERR` (before or inside the list)
   * @throws {ClientError} PROTOCOL when the block or a row does not echo the query; TOO-LONG past maxRows
   */
  push(line: string): boolean {
    if (this.#done) throw protocolError(`line after END LIST: "${line}"`);
    const words = replyWords(line);
    throwIfError(words);
    const what = `LIST ${this.#query.join(" ")}`;
    if (!this.#begun) {
      if (words[0]?.toUpperCase() !== "BEGIN" || words[1]?.toUpperCase() !== "LIST") {
        throw protocolError(`${what} answered "${line}"`);
      }
      if (!echoes(this.#query, words.slice(2))) throw protocolError(`${what} answered "${line}"`);
      this.#begun = true;
      return false;
    }
    if (words[0] === "END" && words[1] === "LIST") {
      if (!echoes(this.#query, words.slice(2))) throw protocolError(`${what} ended with "${line}"`);
      this.#done = true;
      return true;
    }
    if (!echoes(this.#query, words)) throw protocolError(`${what} sent the row "${line}"`);
    if (this.#rowsFull()) {
      throw new ClientError("TOO-LONG", "Invalid response from server", {
        cause: new Error(`${what}: more than ${this.#maxRows} rows`),
      });
    }
    this.rows.push(words);
    return false;
  }

  #rowsFull(): boolean {
    return this.rows.length >= this.#maxRows;
  }
}

/** The parsed answer to `GET TYPE`. */
export interface VarType {
  /** Writable (RW). */
  rw: boolean;
  /** An enumeration (ENUM): see LIST ENUM. */
  enum: boolean;
  /** A range of numbers (RANGE): see LIST RANGE. */
  range: boolean;
  /** A string, with its maximum length (STRING:n). */
  string?: { maxLength: number };
  /** A number (NUMBER), also when no type word is given. */
  number: boolean;
  /** The type words as sent. */
  words: string[];
}

/**
 * Interprets the type words of `TYPE <ups> <var> <type>...`.
 * @param words the words after the variable name
 * @returns the type
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseVarType(["RW", "STRING:32"]).string, { maxLength: 32 });
 * ```
 */
export function parseVarType(words: readonly string[]): VarType {
  const t: VarType = { rw: false, enum: false, range: false, number: false, words: [...words] };
  for (const w of words) {
    const u = w.toUpperCase();
    if (u === "RW") t.rw = true;
    else if (u === "ENUM") t.enum = true;
    else if (u === "RANGE") t.range = true;
    else if (u === "NUMBER") t.number = true;
    else if (u.startsWith("STRING:")) t.string = { maxLength: parseInt(w.slice(7), 10) || 0 };
  }
  if (t.range || (!t.string && !t.enum)) t.number = true;
  return t;
}
