/**
 * What a fuzz target is: a parser (or a reader and the parsers behind it), the seeds it starts from, the
 * errors it throws by design, and the properties each input must keep.
 * @module
 */
import type { Corpus } from "./corpus.ts";
import type { Prng } from "./prng.ts";
import { PropertyError } from "./property.ts";

/**
 * One fuzzed parser. `parse` is what the program does with an input, and is what the time limit applies
 * to; `check` then tests the properties of its result (re-parsing in chunks, formatting back), untimed.
 */
export interface FuzzTarget<R = unknown> {
  /** Short name, `area/parser`. */
  readonly name: string;
  /** The module(s) under test, for the report. */
  readonly subject: string;
  /** Whether inputs are text decoded from UTF-8 (config files) rather than one char per byte (sockets). */
  readonly unicode: boolean;
  /** Keywords of the parser's grammar, inserted by mutations. */
  readonly dictionary: readonly string[];
  /**
   * The seed texts, from the corpus, in groups drawn from equally (samples, files, the tests' literals).
   * @param corpus the loaded corpus
   * @returns groups of texts (files, transcripts, snippets)
   */
  seeds(corpus: Corpus): (readonly string[])[];
  /**
   * Parses one input as the program would (timed).
   * @param input the input
   * @param rng the input's generator (limits, queries)
   * @returns what the properties need
   * @throws the parser's typed errors, or anything a bug throws
   */
  parse(input: string, rng: Prng): R;
  /**
   * Checks the properties of a result (untimed).
   * @param input the input
   * @param result what parse() returned
   * @param rng the input's generator (chunk boundaries)
   * @throws {PropertyError} when a property does not hold; a typed error recorded by parse()
   */
  check(input: string, result: R, rng: Prng): void;
  /**
   * Whether an error is one the parser throws by design (a typed error), not a bug.
   * @param error what was thrown
   * @returns true for the parser's own error types
   */
  isTyped(error: unknown): boolean;
}

/** Never a typed error: for parsers that report problems as values. */
export const NO_TYPED_ERRORS = (_error: unknown): boolean => false;

/**
 * Runs several parser calls on one input, keeping the first typed error for the end (so the input counts
 * once as "typed") and letting anything else through at once.
 *
 * @example
 * ```ts
 * import { assertThrows } from "../lib/testing/asserts.ts";
 * const t = new TypedErrors((e) => e instanceof SyntaxError);
 * t.attempt(() => { throw new SyntaxError("bad"); });
 * assertThrows(() => t.finish(), SyntaxError);
 * ```
 */
export class TypedErrors {
  #isTyped: (error: unknown) => boolean;
  #first: unknown = undefined;
  #seen = false;

  /**
   * @param isTyped the target's typed errors
   */
  constructor(isTyped: (error: unknown) => boolean) {
    this.#isTyped = isTyped;
  }

  /**
   * Calls a parser.
   * @param fn the call
   * @returns its result, or undefined when it threw a typed error
   * @throws anything that is not a typed error (a property error included)
   */
  attempt<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof PropertyError || !this.#isTyped(e)) throw e;
      if (!this.#seen) this.#first = e;
      this.#seen = true;
      return undefined;
    }
  }

  /**
   * Ends the input: throws the first typed error seen, if any.
   * @throws the first typed error
   */
  finish(): void {
    if (this.#seen) throw this.#first;
  }
}
