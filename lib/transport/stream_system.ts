/**
 * The system's stream sockets (TCP, Unix) for drivers, on Deno.connect: a read that times out keeps its
 * pending read for the next call (nothing received is lost), the peer closing is DISCONNECTED, a write
 * that cannot finish in time closes the connection (TIMEOUT). Deno's errors are mapped to
 * TransportError kinds here, once.
 * @module
 */
import { TransportError, type TransportErrorKind } from "./error.ts";
import { raceTimer, TIMED_OUT } from "./race.ts";
import {
  formatStreamAddress,
  type StreamAddress,
  type StreamConnection,
  type StreamNetwork,
} from "./stream.ts";

/** The largest read of one call to the socket. */
const CHUNK = 16 * 1024;

/**
 * The kind of a Deno network error.
 * @param e what was thrown
 * @returns its kind
 */
export function streamErrorKind(e: unknown): TransportErrorKind {
  if (e instanceof TransportError) return e.kind;
  if (e instanceof Deno.errors.ConnectionRefused || e instanceof Deno.errors.NotFound) return "NOT_FOUND";
  if (e instanceof Deno.errors.AddrNotAvailable || e instanceof Deno.errors.NotConnected) return "NOT_FOUND";
  if (e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable) {
    return "ACCESS_DENIED";
  }
  if (e instanceof Deno.errors.ConnectionReset || e instanceof Deno.errors.BrokenPipe) return "DISCONNECTED";
  if (e instanceof Deno.errors.ConnectionAborted || e instanceof Deno.errors.BadResource) {
    return "DISCONNECTED";
  }
  if (e instanceof Deno.errors.Interrupted) return "DISCONNECTED";
  if (e instanceof Deno.errors.TimedOut) return "TIMEOUT";
  if (e instanceof Deno.errors.AddrInUse) return "BUSY";
  return "IO";
}

function fail(what: string, e: unknown): TransportError {
  if (e instanceof TransportError) return e;
  return new TransportError(streamErrorKind(e), `${what}: ${(e as Error)?.message ?? e}`, { cause: e });
}

class DenoStream implements StreamConnection {
  readonly remote: string;
  #conn: Deno.Conn;
  #buf = new Uint8Array(CHUNK);
  #rest: Uint8Array = new Uint8Array();
  #inflight: Promise<number | null> | undefined;
  #eof = false;
  #closed = false;

  constructor(conn: Deno.Conn, remote: string) {
    this.#conn = conn;
    this.remote = remote;
  }

  async read(max: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.#closed) throw new TransportError("DISCONNECTED", `${this.remote}: the connection is closed`);
    if (!this.#rest.length) {
      if (this.#eof) {
        throw new TransportError("DISCONNECTED", `${this.remote}: the peer closed the connection`);
      }
      this.#inflight ??= this.#conn.read(this.#buf);
      let n: number | null | typeof TIMED_OUT;
      try {
        n = await raceTimer(this.#inflight, timeoutMs);
      } catch (e) {
        this.#inflight = undefined;
        this.#eof = true;
        throw fail(`${this.remote}: read`, e);
      }
      if (n === TIMED_OUT) return new Uint8Array();
      this.#inflight = undefined;
      if (n === null) {
        this.#eof = true;
        throw new TransportError("DISCONNECTED", `${this.remote}: the peer closed the connection`);
      }
      this.#rest = this.#buf.slice(0, n);
    }
    const out = this.#rest.subarray(0, Math.max(1, max));
    this.#rest = this.#rest.subarray(out.length);
    return out;
  }

  async write(data: Uint8Array, timeoutMs: number): Promise<void> {
    if (this.#closed) throw new TransportError("DISCONNECTED", `${this.remote}: the connection is closed`);
    const deadline = performance.now() + timeoutMs;
    let at = 0;
    while (at < data.length) {
      let n: number | typeof TIMED_OUT;
      try {
        n = await raceTimer(this.#conn.write(data.subarray(at)), deadline - performance.now());
      } catch (e) {
        throw fail(`${this.remote}: write`, e);
      }
      if (n === TIMED_OUT) {
        await this.close();
        throw new TransportError("TIMEOUT", `${this.remote}: write not done within ${timeoutMs} ms`);
      }
      at += n;
    }
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#conn.close();
      } catch { /* already closed by the peer's reset */ }
      this.#inflight?.catch(() => {});
    }
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Stream connections of this system. */
export class SystemStreamNetwork implements StreamNetwork {
  /**
   * Connects to a TCP address or a Unix socket.
   * @param address where
   * @param timeoutMs limit for the connection to be made
   * @returns the connection
   * @throws {TransportError} NOT_FOUND (refused, no such socket), ACCESS_DENIED, TIMEOUT, IO
   */
  async connect(address: StreamAddress, timeoutMs: number): Promise<StreamConnection> {
    const remote = formatStreamAddress(address);
    const ac = new AbortController();
    const pending: Promise<Deno.Conn> = "path" in address
      ? Deno.connect({ transport: "unix", path: address.path })
      : Deno.connect({ hostname: address.host, port: address.port, signal: ac.signal });
    let conn: Deno.Conn | typeof TIMED_OUT;
    try {
      conn = await raceTimer(pending, timeoutMs);
    } catch (e) {
      throw fail(`connect to ${remote}`, e);
    }
    if (conn === TIMED_OUT) {
      ac.abort();
      pending.then((c) => c.close(), () => {});
      throw new TransportError("TIMEOUT", `connect to ${remote}: no connection within ${timeoutMs} ms`);
    }
    if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
    return new DenoStream(conn, remote);
  }
}
