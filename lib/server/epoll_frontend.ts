/**
 * The server's frontend on Linux: listeners and client sockets straight from libc, driven by one epoll
 * loop (lib/os/epoll_loop.ts) inside Deno's. Same contract as the node:net frontend (tcp.ts): MAXCONN
 * refusal, idle sweep, disconnect by session, STARTTLS (node:tls over the connection), clients that do not
 * read dropped, graceful close. IPv6 listeners take IPv6 only (IPV6_V6ONLY, as NUT >= 2.8.1), so
 * `LISTEN *` binds `::` and `0.0.0.0` side by side.
 * @module
 */
import { parseIp } from "../../ffi/sockaddr.ts";
import { EPOLL, LinuxSockets, socketsSupported } from "../../ffi/socket.ts";
import type { Logger } from "../log.ts";
import { type EpollHandler, EpollLoop } from "../os/epoll_loop.ts";
import type { ClientInfo } from "./context.ts";
import { type ConnectionHost, EpollConnection } from "./epoll_connection.ts";
import {
  ClientTable,
  type Frontend,
  type FrontendOptions,
  IDLE_TIMEOUT_MS,
  type ListenAddress,
  listenEach,
  type ListenFailure,
  type OutputLimits,
  outputLimits,
  peerAddress,
  type TlsSettings,
} from "./frontend.ts";
import { TURN_LIMITS } from "./request_pump.ts";
import type { Session } from "./session.ts";

/**
 * Bytes read from a socket at once (a request is a few dozen): one turn's worth of input, so what is
 * read is answered (or thrown away) within the turn and dies young in V8's heap; a longer read stays
 * for several turns and gets promoted, and a flood of such reads grows the old generation by tens of MB.
 */
const READ_BUFFER = TURN_LIMITS.inputBytes;
/** Bytes of replies encoded at once into the scratch buffer (a bigger reply gets its own). */
const WRITE_BUFFER = 64 * 1024;
/**
 * The kernel's send buffer of a client socket (Linux makes it twice this): the largest reply many times
 * over, while a client that does not read makes the kernel hold 256 KB of replies instead of the 4 MB
 * it grows to by itself on loopback (every byte of which the server built first).
 */
const SEND_BUFFER = 128 * 1024;
/** listen() backlog. */
const BACKLOG = 511;
/** How long accepting pauses when the process is out of descriptors (EMFILE). */
const ACCEPT_PAUSE_MS = 1000;

/** Tuning of the loop (defaults suit the server; the benchmark may try others). */
export interface EpollTuning {
  /** Polling after the last event, in microseconds. */
  spinUs?: number;
  /** Longest synchronous run before Deno's loop gets a turn, in ms. */
  sliceMs?: number;
  /** Events per epoll_wait(). */
  batch?: number;
}

/** A listening socket in the loop. */
class Listener implements EpollHandler {
  #paused: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly fd: number, readonly address: ListenAddress, readonly front: EpollFrontend) {}
  handleEvents(): void {
    this.front.acceptFrom(this);
  }
  /** Stops accepting for a while (out of descriptors), then resumes. */
  pause(loop: EpollLoop): void {
    if (this.#paused !== undefined) return;
    loop.modify(this.fd, 0);
    this.#paused = setTimeout(() => {
      this.#paused = undefined;
      loop.modify(this.fd, EPOLL.IN);
    }, ACCEPT_PAUSE_MS);
  }
  /** Cancels a pause. */
  close(): void {
    clearTimeout(this.#paused);
    this.#paused = undefined;
  }
}

/**
 * The listeners and client connections of a server, on epoll. Every client gets a turn of bounded size
 * in each round of the loop, and is read only while what it sent before is answered and its unsent
 * replies have room (epoll_connection.ts); the sweep drops clients that do not read.
 */
export class EpollFrontend implements Frontend, ConnectionHost {
  /** The libc facade. */
  readonly sockets: LinuxSockets = new LinuxSockets();
  /** The event loop. */
  readonly loop: EpollLoop;
  /** Logger. */
  readonly log: Logger;
  /** How much output is kept for clients. */
  readonly limits: OutputLimits;
  /** Scratch buffer for reads. */
  readonly readBuffer: Uint8Array<ArrayBuffer> = new Uint8Array(READ_BUFFER);
  /** Scratch buffer for encoding replies. */
  readonly writeBuffer: Uint8Array<ArrayBuffer> = new Uint8Array(WRITE_BUFFER);
  /** The encoder used with it. */
  readonly encoder: TextEncoder = new TextEncoder();
  #opts: FrontendOptions;
  #now: () => number;
  #idleMs: number;
  #listeners: Listener[] = [];
  #bound: ListenAddress[] = [];
  #conns = new ClientTable<EpollConnection>();
  #unsent = 0;
  #closing = false;

  /**
   * Whether this frontend can run here: Linux on x86_64 or aarch64, with FFI allowed.
   * @returns true when it can
   */
  static supported(): boolean {
    if (!socketsSupported()) return false;
    try {
      return Deno.permissions.querySync({ name: "ffi" }).state === "granted";
    } catch {
      return false;
    }
  }

  /**
   * Creates a frontend with no listener yet.
   * @param options as for every frontend
   * @param tuning loop tuning
   */
  constructor(options: FrontendOptions, tuning: EpollTuning = {}) {
    this.#opts = options;
    this.log = options.log;
    this.#now = options.now ?? Date.now;
    this.#idleMs = options.idleMs ?? IDLE_TIMEOUT_MS;
    this.limits = outputLimits(options);
    this.loop = new EpollLoop({
      sockets: this.sockets,
      // A bug costs one event, never the loop.
      onError: (e) => this.log.error(`Internal error in the network loop: ${(e as Error)?.stack ?? e}`),
      ...tuning,
    });
  }

  /** Addresses actually listened on (ports resolved). */
  get addresses(): readonly ListenAddress[] {
    return this.#bound;
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.#conns.size;
  }

  /** Unsent bytes of every client together. */
  get unsentTotal(): number {
    return this.#unsent;
  }

  /**
   * A connection's unsent bytes changed (called by the connection).
   * @param delta bytes more (negative: fewer)
   */
  addUnsent(delta: number): void {
    this.#unsent += delta;
  }

  /**
   * Clock.
   * @returns ms
   */
  now(): number {
    return this.#now();
  }

  /**
   * TLS settings, if STARTTLS is configured.
   * @returns the settings
   */
  tls(): TlsSettings | undefined {
    return this.#opts.tls();
  }

  /**
   * Listens on each address; failures are returned, not thrown (the caller decides what is fatal).
   * @param addresses the addresses
   * @returns the failures
   */
  listen(addresses: readonly ListenAddress[]): Promise<ListenFailure[]> {
    return listenEach(addresses, this.#bound, (a) => this.#listenOne(a), this.log);
  }

  async #listenOne(address: ListenAddress): Promise<ListenAddress> {
    const ips = await resolve(address.host);
    this.loop.start();
    let lastError: unknown;
    for (let i = 0; i < ips.length; i++) {
      try {
        const l = this.sockets.listenTcp(ips[i], address.port, BACKLOG);
        const bound = { host: address.host, port: l.port };
        const listener = new Listener(l.fd, bound, this);
        this.loop.add(l.fd, EPOLL.IN, listener);
        this.#listeners.push(listener);
        if (i < ips.length - 1) {
          this.log.warn(
            `bound to ${address.host} but there seem to be further (ignored) addresses for this name`,
          );
        }
        return bound;
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  }

  /**
   * Accepts what a listener has pending (called by the loop).
   * @param listener the listener
   */
  acceptFrom(listener: Listener): void {
    for (;;) {
      let accepted;
      try {
        accepted = this.sockets.accept(listener.fd);
      } catch (e) {
        this.log.error(
          `accept on ${listener.address.host} port ${listener.address.port}: ${(e as Error).message}`,
        );
        listener.pause(this.loop);
        return;
      }
      if (!accepted) return;
      this.#accept(accepted.fd, peerAddress(accepted.peer?.address));
    }
  }

  #accept(fd: number, address: string): void {
    if (this.#closing) {
      this.sockets.close(fd);
      return;
    }
    const max = this.#opts.maxClients();
    if (this.#conns.full(max)) {
      this.log.notice(`Refusing connection from ${address}: MAXCONN reached (${max} clients)`);
      this.sockets.close(fd);
      return;
    }
    this.sockets.setNoDelay(fd);
    this.sockets.setSendBuffer(fd, SEND_BUFFER);
    const conn = new EpollConnection(fd, this.#opts.newSession(address), this);
    this.#conns.add(conn);
    this.loop.add(fd, EpollConnection.EVENTS, conn);
    this.log.debug(2, `Connect from ${address}`);
  }

  /**
   * A connection closed: forget it (called by the connection).
   * @param conn the connection
   */
  closed(conn: EpollConnection): void {
    if (!this.#conns.delete(conn)) return;
    conn.session.end();
    this.log.debug(2, `Disconnect from ${conn.address}`);
  }

  /**
   * The connected sessions, newest first.
   * @returns the clients
   */
  clients(): ClientInfo[] {
    return this.#conns.newestFirst();
  }

  /**
   * Closes the connections whose session matches (e.g. clients logged into a removed UPS).
   * @param match the test
   * @returns how many were closed
   */
  disconnect(match: (session: Session) => boolean): number {
    const matching = this.#conns.matching(match);
    for (const c of matching) c.drop();
    return matching.length;
  }

  /**
   * Drops clients idle for longer than the limit, and clients whose unsent replies made no progress
   * for longer than the stall limit (call regularly).
   * @param now clock in ms
   */
  sweep(now: number = this.#now()): void {
    for (const c of this.#conns.idle(now, this.#idleMs)) {
      c.drop(`(idle for more than ${this.#idleMs / 1000} s)`);
    }
    const stallMs = this.limits.stallMs;
    for (const c of this.#conns.stalled(now, stallMs)) {
      this.log.notice(
        `Dropping client ${c.address}: it does not read its replies (${c.unsent} bytes unsent for ${
          Math.round((now - (c.stalledSince ?? now)) / 1000)
        } s)`,
      );
      c.drop();
    }
  }

  /** Stops listening and closes every client. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const l of this.#listeners) {
      l.close();
      this.loop.close(l.fd);
    }
    this.#listeners = [];
    for (const c of this.#conns.all()) c.drop();
    await this.loop.stop();
  }
}

/**
 * The IP addresses of a listen address: itself when it is one, else what the resolver gives.
 * @param host IP address or host name
 * @returns the addresses, in the resolver's order
 */
async function resolve(host: string): Promise<NonNullable<ReturnType<typeof parseIp>>[]> {
  const ip = parseIp(host);
  if (ip) return [ip];
  const { lookup } = await import("node:dns/promises");
  const found = await lookup(host, { all: true });
  return found.map((f) => parseIp(f.address)).filter((a) => a !== undefined);
}
