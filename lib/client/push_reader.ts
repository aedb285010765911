/**
 * The client side of status push (X-PUSH, lib/protocol/push.ts): a connection of its own to one server
 * that subscribes to some of its UPSes and yields what the server pushes, as events. It connects (with
 * STARTTLS as asked), never logs in (a LOGIN would count one more host drawing power), sends `NETVER`
 * every 20 s (the server drops clients silent for 60 s; the answer tells this side the server is alive),
 * reconnects after a failure with a growing delay, and stops when its signal aborts. A server that does
 * not know the extension (NUT's upsd: `ERR UNKNOWN-COMMAND`) is reported once per attempt and tried again
 * only after a long while: the caller keeps polling meanwhile. The reader works while it is read (keep-alive
 * included): iterate it without pause.
 *
 * ```ts ignore
 * const reader = new PushReader({ host: "127.0.0.1", port: 3493, ups: ["ups1"], signal });
 * for await (const e of reader.events()) if (e.kind === "status") console.log(e.ups, e.status);
 * ```
 * @module
 */
import { formatPushRequest, isPushAccepted, isPushLine, parsePushMessage } from "../protocol/push.ts";
import { NutClient } from "./client.ts";
import { ClientError, invalidResponse, protocolError } from "./errors.ts";
import { replyWords } from "./reply.ts";
import type { TlsMode, TlsOptions } from "./tls_options.ts";
import type { LineTransport } from "./transport.ts";

/** Default delay between two keep-alive requests (the server's idle limit is 60 s). */
export const PUSH_PING_MS = 20_000;

/** Default wait before asking again a server that did not know the extension. */
export const PUSH_UNSUPPORTED_RETRY_MS = 300_000;

/**
 * The default reconnection delay: 0.5 s doubling up to 30 s.
 * @param attempt failures in a row so far (0 for the first)
 * @returns ms
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([0, 1, 2, 10].map(pushBackoff), [500, 1000, 2000, 30000]);
 * ```
 */
export function pushBackoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
}

/** What a {@linkcode PushReader} yields. */
export type PushEvent =
  /** The server accepted the subscription to a UPS (its current state follows). */
  | { kind: "subscribed"; ups: string }
  /** The UPS's `ups.status` (and `ups.alarm`, when it has one), at subscription and at every change. */
  | { kind: "status"; ups: string; status: string; alarm?: string }
  /** `GET VAR <ups> ups.status` would now answer this error (DATA-STALE, DRIVER-NOT-CONNECTED, ...). */
  | { kind: "failure"; ups: string; code: string }
  /** The server refused the subscription (e.g. UNKNOWN-UPS); it is asked again at each keep-alive. */
  | { kind: "refused"; ups: string; code: string }
  /** The server does not know the extension (its answer is given); asked again after `retryInMs`. */
  | { kind: "unsupported"; answer: string; retryInMs: number }
  /** No connection (connecting failed, or the connection broke); the next attempt is in `retryInMs`. */
  | { kind: "disconnected"; message: string; retryInMs: number };

/** Options of a {@linkcode PushReader}. */
export interface PushReaderOptions {
  /** The server's host. */
  host: string;
  /** Its port. */
  port: number;
  /** The UPSes to subscribe to, as the server names them. */
  ups: readonly string[];
  /** STARTTLS, as for {@linkcode NutClient.connect} (default: none). */
  tls?: TlsOptions | TlsMode | boolean;
  /** Only IPv4 (4) or IPv6 (6) addresses. */
  family?: 4 | 6;
  /** Limit of connecting and STARTTLS, in ms (default 10 s). */
  connectTimeoutMs?: number;
  /** Limit of each answer, in ms (default 10 s): a server that does not answer is left. */
  timeoutMs?: number;
  /** Delay between keep-alive requests, in ms (default {@linkcode PUSH_PING_MS}). */
  pingMs?: number;
  /** Delay before the next attempt after `attempt` failures in a row (default {@linkcode pushBackoff}). */
  backoff?: (attempt: number) => number;
  /** Wait after `ERR UNKNOWN-COMMAND` (default {@linkcode PUSH_UNSUPPORTED_RETRY_MS}). */
  unsupportedRetryMs?: number;
  /** Ends the reader (its connection is closed, `events()` returns). */
  signal?: AbortSignal;
  /** Sees every line sent and received (debugging). */
  trace?: (direction: "send" | "recv", line: string) => void;
}

/** A request waiting for its answer. */
type Pending = { ups?: string; deadline: number };

/** How a connection ended without an error. */
type Ending = { unsupported: string } | undefined;

/** Subscribes to a server's status pushes and yields them, reconnecting as needed. */
export class PushReader {
  #opts: PushReaderOptions;

  /** @param options the server, the UPSes, TLS, limits, the signal */
  constructor(options: PushReaderOptions) {
    this.#opts = options;
  }

  /**
   * The events, until the signal aborts (or the caller stops iterating, which closes the connection).
   * @returns the event stream
   */
  async *events(): AsyncGenerator<PushEvent, void, undefined> {
    const o = this.#opts;
    const signal = o.signal;
    const backoff = o.backoff ?? pushBackoff;
    let attempt = 0;
    while (!signal?.aborted) {
      let message: string;
      try {
        let ending: Ending;
        const conn = this.#connection();
        try {
          for (;;) {
            const r = await conn.next();
            if (r.done) {
              ending = r.value;
              break;
            }
            if (r.value.kind === "subscribed") attempt = 0;
            yield r.value;
          }
        } finally {
          // The caller stopped iterating (or the connection failed): its socket is closed.
          await conn.return(undefined);
        }
        if (signal?.aborted) return;
        if (ending) {
          const retryInMs = o.unsupportedRetryMs ?? PUSH_UNSUPPORTED_RETRY_MS;
          yield { kind: "unsupported", answer: ending.unsupported, retryInMs };
          await sleep(retryInMs, signal);
          continue;
        }
        message = "Server disconnected";
      } catch (e) {
        if (signal?.aborted) return;
        message = (e as Error).message;
      }
      const retryInMs = backoff(attempt++);
      yield { kind: "disconnected", message, retryInMs };
      await sleep(retryInMs, signal);
    }
  }

  /** One connection: subscribes, then yields pushes until it breaks (throws) or the server refuses. */
  async *#connection(): AsyncGenerator<PushEvent, Ending, undefined> {
    const o = this.#opts;
    const signal = o.signal;
    const timeoutMs = o.timeoutMs ?? 10_000;
    const pingMs = o.pingMs ?? PUSH_PING_MS;
    const client = await NutClient.connect(o.host, o.port, {
      tls: o.tls,
      family: o.family,
      connectTimeoutMs: o.connectTimeoutMs,
      timeoutMs,
      signal,
      trace: o.trace,
    });
    const t = await client.detach();
    const onAbort = () => t.close();
    signal?.addEventListener("abort", onAbort, { once: true });
    const pending: Pending[] = [];
    const send = async (line: string, ups?: string) => {
      o.trace?.("send", line);
      pending.push({ ups, deadline: Date.now() + timeoutMs });
      await t.writeLine(line, timeoutMs);
    };
    try {
      if (signal?.aborted) return undefined;
      let refused = new Set<string>();
      for (const ups of o.ups) await send(formatPushRequest(ups), ups);
      let nextPing = Date.now() + pingMs;
      for (;;) {
        const now = Date.now();
        if (pending.length > 0 && now >= pending[0].deadline) {
          throw new ClientError("TIMEOUT", "Server disconnected", {
            cause: new Error(`no answer within ${timeoutMs} ms`),
          });
        }
        if (now >= nextPing) {
          nextPing = now + pingMs;
          await send("NETVER");
          // Subscriptions refused earlier (a UPS not there yet) are asked for again.
          const again = refused;
          refused = new Set();
          for (const ups of again) await send(formatPushRequest(ups), ups);
        }
        const line = await readOrIdle(t, Math.min(nextPing, pending[0]?.deadline ?? Infinity) - now);
        if (line === undefined) continue;
        o.trace?.("recv", line);
        const words = replyWords(line);
        if (isPushLine(words)) {
          const m = parsePushMessage(words);
          if (!m) throw invalidResponse(`malformed pushed line: ${line}`);
          yield m.kind === "STATUS"
            ? (m.alarm === undefined
              ? { kind: "status", ups: m.ups, status: m.status }
              : { kind: "status", ups: m.ups, status: m.status, alarm: m.alarm })
            : { kind: "failure", ups: m.ups, code: m.code };
          continue;
        }
        const req = pending.shift();
        if (!req) throw protocolError(`unexpected line: ${line}`);
        if (req.ups === undefined) continue; // the answer to NETVER: the server is alive
        if (isPushAccepted(words, req.ups)) {
          yield { kind: "subscribed", ups: req.ups };
          continue;
        }
        if (words[0] !== "ERR") throw invalidResponse(`unexpected answer to X-PUSH: ${line}`);
        if (words[1] === "UNKNOWN-COMMAND") return { unsupported: line };
        refused.add(req.ups);
        yield { kind: "refused", ups: req.ups, code: words[1] ?? "" };
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      t.close();
    }
  }
}

/** Reads a line, or undefined when none came within `ms` (the connection is still usable then). */
async function readOrIdle(t: LineTransport, ms: number): Promise<string | undefined> {
  try {
    return await t.readLine(Math.max(1, ms));
  } catch (e) {
    // readLine's own time limit: nothing arrived, the connection is fine.
    if (e instanceof ClientError && e.kind === "TIMEOUT") return undefined;
    throw e;
  }
}

/** Waits, or less when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
