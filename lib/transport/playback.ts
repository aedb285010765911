/**
 * Record and playback of transport sessions, so drivers are tested without hardware (periph.io's
 * conntest: a recorded session replays, an unexpected call fails the test, records left over fail it at
 * close). A session is a list of records, one per call, in order per channel ("control" for requests
 * and answers, "interrupt" for the interrupt pipe, whose timing against the control requests is not
 * deterministic). Records are plain data (bytes as hex) and read and write as JSON lines, so a session
 * recorded on a real device can be kept as a fixture.
 * @module
 */
import { TransportError, type TransportErrorKind } from "./error.ts";

/** A value a call gave: bytes (hex), text, a number, or nothing. */
export type RecordedValue = { hex: string } | { text: string } | { number: number } | null;

/** One call and what it gave. */
export interface TransportRecord {
  /** The operation, e.g. "getReport". */
  op: string;
  /** What identifies the call (e.g. report type and id; a SET's bytes as hex); timeouts are not kept. */
  args: (string | number)[];
  /** Its channel (default "control"). */
  channel?: string;
  /** What it gave (absent with `error`). */
  result?: RecordedValue;
  /** The failure it gave instead. */
  error?: { kind: TransportErrorKind; message: string };
}

/** A call that does not match the recording: a test failure, never a transport error. */
export class PlaybackMismatchError extends Error {
  /** @param message what was expected and what came */
  constructor(message: string) {
    super(message);
    this.name = "PlaybackMismatchError";
  }
}

/**
 * Bytes as lowercase hex.
 * @param bytes the bytes
 * @returns e.g. "0c64"
 */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * Hex (spaces allowed) to bytes.
 * @param hex e.g. "0c 64"
 * @returns the bytes
 * @throws {SyntaxError} on an odd length or a non-hex digit
 */
export function fromHex(hex: string): Uint8Array {
  const h = hex.replace(/\s+/g, "");
  if (h.length % 2 || /[^0-9a-fA-F]/.test(h)) throw new SyntaxError(`not hex bytes: "${hex.slice(0, 40)}"`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The records of a session as they are made. */
export class Recording {
  /** The records, in the order the calls ended. */
  readonly records: TransportRecord[] = [];

  /**
   * Runs a call and records it (its failure too, which is rethrown).
   * @param op the operation
   * @param args what identifies it
   * @param call the real call
   * @param keep how its result is kept
   * @param channel its channel
   * @returns what the call gave
   */
  async record<T>(
    op: string,
    args: (string | number)[],
    call: () => Promise<T>,
    keep: (value: T) => RecordedValue,
    channel?: string,
  ): Promise<T> {
    const base: TransportRecord = channel ? { op, args, channel } : { op, args };
    try {
      const value = await call();
      this.records.push({ ...base, result: keep(value) });
      return value;
    } catch (e) {
      if (e instanceof TransportError) {
        this.records.push({ ...base, error: { kind: e.kind, message: e.message } });
      }
      throw e;
    }
  }

  /**
   * The session as JSON lines.
   * @returns one record per line
   */
  toJsonLines(): string {
    return this.records.map((r) => JSON.stringify(r)).join("\n") + (this.records.length ? "\n" : "");
  }
}

/**
 * Reads a session written by {@linkcode Recording.toJsonLines} (blank lines and lines starting with `#`
 * are comments).
 * @param text the JSON lines
 * @returns the records
 * @throws {SyntaxError} naming the line of a record that is not one
 */
export function parseRecords(text: string): TransportRecord[] {
  const out: TransportRecord[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith("#")) continue;
    let r: TransportRecord;
    try {
      r = JSON.parse(line);
    } catch (e) {
      throw new SyntaxError(`line ${i + 1}: ${(e as Error).message}`);
    }
    if (typeof r?.op !== "string" || !Array.isArray(r.args)) {
      throw new SyntaxError(`line ${i + 1}: a record needs "op" and "args"`);
    }
    out.push(r);
  }
  return out;
}

/**
 * A recorded session played back: each call must be the next record of its channel.
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "../testing/asserts.ts";
 * const p = new Playback([{ op: "getReport", args: ["feature", 12], result: { hex: "0c64" } }]);
 * assertEquals(p.call("getReport", ["feature", 12]), { hex: "0c64" });
 * assertThrows(() => p.call("getReport", ["feature", 12]), PlaybackMismatchError);
 * ```
 */
export class Playback {
  #queues = new Map<string, TransportRecord[]>();
  #checks: (() => void)[] = [];

  /** @param records the session */
  constructor(records: readonly TransportRecord[]) {
    for (const r of records) {
      const ch = r.channel ?? "control";
      const q = this.#queues.get(ch) ?? [];
      q.push(r);
      this.#queues.set(ch, q);
    }
  }

  /**
   * Plays the next record of a channel.
   * @param op the operation called
   * @param args what identifies it
   * @param channel its channel (default "control")
   * @returns the recorded result
   * @throws {TransportError} the recorded failure
   * @throws {PlaybackMismatchError} when the call is not the one recorded next
   */
  call(op: string, args: (string | number)[], channel = "control"): RecordedValue {
    const next = this.#queues.get(channel)?.shift();
    const called = `${op}(${args.join(", ")})`;
    if (!next) throw new PlaybackMismatchError(`unexpected ${called} on ${channel}: the recording has ended`);
    const expected = `${next.op}(${next.args.join(", ")})`;
    if (expected !== called) {
      throw new PlaybackMismatchError(`unexpected ${called} on ${channel}: the recording has ${expected}`);
    }
    if (next.error) throw new TransportError(next.error.kind, next.error.message);
    return next.result ?? null;
  }

  /** Records not played yet, by channel. */
  get remaining(): number {
    let n = 0;
    for (const q of this.#queues.values()) n += q.length;
    return n;
  }

  /**
   * Adds a check that `close()` runs first (e.g. that recorded bytes were all read).
   * @param check throws PlaybackMismatchError when the session is not complete
   */
  atClose(check: () => void): void {
    this.#checks.push(check);
  }

  /**
   * Ends the session.
   * @throws {PlaybackMismatchError} when records were not played (the first is named), or a check fails
   */
  close(): void {
    for (const check of this.#checks) check();
    for (const [ch, q] of this.#queues) {
      if (q.length) {
        throw new PlaybackMismatchError(
          `${q.length} recorded call(s) not made on ${ch}, the first: ${q[0].op}(${q[0].args.join(", ")})`,
        );
      }
    }
  }
}

/**
 * The reads of a byte stream (a serial port, a TCP connection) played back: a recorded read gives its
 * bytes to however many reads the driver makes (their sizes may differ from the recording's), an empty
 * recorded read is a read that timed out, and bytes not read fail the session at close.
 */
export class PlayedBytes {
  #pending: Uint8Array = new Uint8Array();

  /**
   * @param playback the session
   * @param channel the channel of the reads
   * @param what names the stream in failures
   */
  constructor(readonly playback: Playback, readonly channel: string, readonly what: string) {
    playback.atClose(() => this.close());
  }

  /**
   * The next read.
   * @param max most bytes
   * @returns up to `max` recorded bytes (empty: the recording timed out here)
   * @throws {TransportError} the recorded failure
   * @throws {PlaybackMismatchError} when the next record of the channel is not a read
   */
  read(max: number): Uint8Array {
    if (this.#pending.length === 0) {
      const v = this.playback.call("read", [], this.channel);
      if (v === null) return new Uint8Array();
      if (!("hex" in v)) throw new PlaybackMismatchError(`${this.what}: a recorded read holds no bytes`);
      this.#pending = fromHex(v.hex);
      if (this.#pending.length === 0) return this.#pending;
    }
    const out = this.#pending.subarray(0, Math.max(1, max));
    this.#pending = this.#pending.subarray(out.length);
    return out;
  }

  /**
   * Checks that every recorded byte was read.
   * @throws {PlaybackMismatchError} naming the bytes left
   */
  close(): void {
    if (this.#pending.length) {
      throw new PlaybackMismatchError(
        `${this.what}: ${this.#pending.length} recorded byte(s) not read: ${
          toHex(this.#pending.subarray(0, 32))
        }`,
      );
    }
  }
}

/**
 * A call played back as a promise: what the playback gave, or its failure as a rejection.
 * @param f the call
 * @returns its result
 */
export function played<T>(f: () => T): Promise<T> {
  try {
    return Promise.resolve(f());
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The `close()` of a played-back device, port or socket: the recorded close, played once however often
 * it is called (as a real close is idempotent).
 * @param playback the session
 * @returns the close
 */
export function playedClose(playback: Playback): () => Promise<void> {
  let closed = false;
  return () =>
    played(() => {
      if (closed) return;
      closed = true;
      playback.call("close", []);
    });
}
