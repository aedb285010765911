/**
 * Reading answers from a byte stream (a serial port, a TCP connection) up to a terminator, with one
 * deadline for the whole answer: the one framing helper of device drivers, so each does not write its
 * own loop. Bytes that came after a terminator are kept for the next answer.
 * @module
 */
import { decodeLatin1 } from "../protocol/latin1.ts";
import { TransportError } from "./error.ts";

/** What an {@linkcode AnswerReader} reads from: a read that waits up to a limit, empty on nothing. */
export interface ByteReader {
  /**
   * Reads what is there, waiting up to the limit for the first byte.
   * @param max most bytes
   * @param timeoutMs limit
   * @returns the bytes, or an empty array when nothing came in time
   */
  read(max: number, timeoutMs: number): Promise<Uint8Array>;
}

/** The most bytes one answer may have before it fails as PROTOCOL. */
export const ANSWER_MAX = 64 * 1024;

/**
 * Answers read from a byte stream, one terminator-ended answer at a time.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const chunks = [new Uint8Array([0x28, 0x32]), new Uint8Array([0x33, 0x0d, 0x41, 0x0d])];
 * const answers = new AnswerReader({ read: () => Promise.resolve(chunks.shift() ?? new Uint8Array()) });
 * assertEquals(new TextDecoder().decode(await answers.readUntil(0x0d, 100, 1000)), "(23\r");
 * assertEquals(new TextDecoder().decode(await answers.readUntil(0x0d, 100, 1000)), "A\r");
 * ```
 */
export class AnswerReader {
  #pending: Uint8Array = new Uint8Array();

  /**
   * @param source the port or connection
   * @param now the clock's milliseconds (default `performance.now`)
   */
  constructor(readonly source: ByteReader, readonly now: () => number = () => performance.now()) {}

  /** Bytes received after the last answer and not read yet. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Forgets the bytes received after the last answer (with a flush of the port's input). */
  drop(): void {
    this.#pending = new Uint8Array();
  }

  /**
   * Reads until a terminator byte (e.g. `\r` for Megatec and APC Smart answers) or the deadline.
   * @param terminator the byte that ends an answer (kept in the result)
   * @param max most bytes (at most {@linkcode ANSWER_MAX})
   * @param timeoutMs limit for the whole answer
   * @returns the bytes up to and including the terminator
   * @throws {TransportError} TIMEOUT (nothing, or no terminator, in time: the start of what came is in
   *   the message and is dropped), PROTOCOL (more than `max` bytes without a terminator, dropped), or
   *   what the source threw
   */
  async readUntil(terminator: number, max: number, timeoutMs: number): Promise<Uint8Array> {
    const limit = Math.min(max, ANSWER_MAX);
    let got = this.#pending;
    this.#pending = new Uint8Array();
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const end = got.indexOf(terminator);
      if (end >= 0 && end < limit) {
        this.#pending = got.slice(end + 1);
        return got.slice(0, end + 1);
      }
      if (got.length >= limit) {
        throw new TransportError("PROTOCOL", `more than ${limit} bytes without the end of an answer`);
      }
      const left = deadline - this.now();
      if (left <= 0) break;
      const chunk = await this.source.read(limit - got.length, Math.ceil(left));
      if (chunk.length === 0) break;
      got = join(got, chunk);
    }
    throw new TransportError(
      "TIMEOUT",
      got.length
        ? `no end of answer within ${timeoutMs} ms after ${JSON.stringify(decodeLatin1(got.subarray(0, 80)))}`
        : `no answer within ${timeoutMs} ms`,
    );
  }

  /**
   * Reads exactly `length` bytes (binary protocols with a length field) or fails at the deadline.
   * @param length how many
   * @param timeoutMs limit
   * @returns the bytes
   * @throws {TransportError} TIMEOUT when fewer came in time (they are dropped), or what the source threw
   */
  async readExactly(length: number, timeoutMs: number): Promise<Uint8Array> {
    if (length > ANSWER_MAX) throw new TransportError("PROTOCOL", `an answer of ${length} bytes is too long`);
    let got = this.#pending;
    this.#pending = new Uint8Array();
    const deadline = this.now() + timeoutMs;
    while (got.length < length) {
      const left = deadline - this.now();
      const chunk = left > 0
        ? await this.source.read(length - got.length, Math.ceil(left))
        : new Uint8Array();
      if (chunk.length === 0) {
        throw new TransportError("TIMEOUT", `${got.length} of ${length} bytes within ${timeoutMs} ms`);
      }
      got = join(got, chunk);
    }
    this.#pending = got.slice(length);
    return got.slice(0, length);
  }
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
