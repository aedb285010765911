/**
 * What the server's frontends share: the contract the server drives (`Frontend`), their options and
 * limits, the table of connected clients (LIST CLIENT order, idle sweep, MAXCONN, disconnect by session),
 * binding a list of addresses, and answering a batch of request lines (a bug costs one reply).
 * Two frontends implement it: epoll over libc (epoll_frontend.ts, Linux) and node:net (tcp.ts, elsewhere).
 * @module
 */
import type tls from "node:tls";
import type { Logger } from "../log.ts";
import type { ClientInfo } from "./context.ts";
import type { Session } from "./session.ts";

/** NUT sheds clients that sent no complete request for this long. */
export const IDLE_TIMEOUT_MS = 60_000;

/**
 * Most bytes queued for one client before it is dropped at once. Replies stop well before (at
 * {@linkcode OUTPUT_HIGH_WATER}); only status push lines to a client that does not read can get here.
 */
export const MAX_CLIENT_BACKLOG = 4 * 1024 * 1024;

/** Unsent output beyond which a client's requests are neither read nor answered until it drains. */
export const OUTPUT_HIGH_WATER = 64 * 1024;

/** A client whose unsent output makes no progress for this long is dropped: it does not read. */
export const STALL_TIMEOUT_MS = 15_000;

/** Unsent output of all clients together beyond which a client with unsent output waits for it to drain. */
export const MAX_TOTAL_BACKLOG = 64 * 1024 * 1024;

/**
 * A client whose turn held lines that are not the protocol (unknown commands, lines over the limit,
 * quoting errors: what no NUT client sends and noise always is) waits this long for its next turn:
 * noise gets its answers, slowly, and costs the server next to nothing.
 */
export const NOISE_PAUSE_MS = 50;

/** How much output the frontend keeps for its clients. */
export interface OutputLimits {
  /** Bytes queued for one client before it is dropped ({@linkcode MAX_CLIENT_BACKLOG}). */
  readonly maxBacklog: number;
  /** A client's unsent bytes beyond which it is not answered ({@linkcode OUTPUT_HIGH_WATER}). */
  readonly highWater: number;
  /** Every client's unsent bytes together beyond which clients with unsent output wait. */
  readonly totalBacklog: number;
  /** Ms without progress of a client's unsent output before it is dropped ({@linkcode STALL_TIMEOUT_MS}). */
  readonly stallMs: number;
  /** Ms a client waits for its next turn after one with noise in it ({@linkcode NOISE_PAUSE_MS}). */
  readonly noisePauseMs: number;
}

/**
 * The output limits of a frontend's options, with the defaults.
 * @param options the options
 * @returns the limits
 */
export function outputLimits(options: FrontendOptions): OutputLimits {
  const maxBacklog = options.maxBacklog ?? MAX_CLIENT_BACKLOG;
  return {
    maxBacklog,
    highWater: Math.min(options.highWater ?? OUTPUT_HIGH_WATER, maxBacklog / 4),
    totalBacklog: options.totalBacklog ?? MAX_TOTAL_BACKLOG,
    stallMs: options.stallMs ?? STALL_TIMEOUT_MS,
    noisePauseMs: options.noisePauseMs ?? NOISE_PAUSE_MS,
  };
}

/**
 * How many bytes of replies a client may be given now: none while its own unsent output is above the
 * high-water mark, nor while it has unsent output and all clients together are above the total bound.
 * @param unsent the client's unsent bytes
 * @param total every client's unsent bytes
 * @param limits the limits
 * @returns bytes of room (0: answer nothing, read nothing)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const limits = { maxBacklog: 4096, highWater: 1024, totalBacklog: 2048, stallMs: 1, noisePauseMs: 1 };
 * assertEquals([replyRoom(0, 0, limits), replyRoom(1000, 1000, limits), replyRoom(2000, 2000, limits)], [1024, 24, 0]);
 * assertEquals([replyRoom(10, 5000, limits), replyRoom(0, 5000, limits)], [0, 1024]);
 * ```
 */
export function replyRoom(unsent: number, total: number, limits: OutputLimits): number {
  if (unsent > 0 && total > limits.totalBacklog) return 0;
  return Math.max(0, limits.highWater - unsent);
}

/** Where to listen. */
export interface ListenAddress {
  /** IP address or host name. */
  host: string;
  /** TCP port. */
  port: number;
}

/** A listener that could not be set up. */
export interface ListenFailure {
  /** The address. */
  address: ListenAddress;
  /** Why (with errno's name in `code` when there is one). */
  error: Error & { code?: string };
}

/** TLS settings for STARTTLS. */
export interface TlsSettings {
  /** Server certificate and key. */
  context: tls.SecureContext;
  /** Ask clients for a certificate (CERTREQUEST 1 or 2). */
  requestCert: boolean;
  /** Refuse clients without a valid certificate (CERTREQUEST 2). */
  rejectUnauthorized: boolean;
}

/** Options of a frontend. */
export interface FrontendOptions {
  /** Logger. */
  log: Logger;
  /** Creates the session of a new client. */
  newSession(address: string): Session;
  /** Most clients at once (0 = no limit), read at each accept (reload changes it). */
  maxClients(): number;
  /** TLS settings, when STARTTLS is configured. */
  tls(): TlsSettings | undefined;
  /** Idle limit in ms (default {@linkcode IDLE_TIMEOUT_MS}). */
  idleMs?: number;
  /** Bytes queued for one client before it is dropped (default {@linkcode MAX_CLIENT_BACKLOG}). */
  maxBacklog?: number;
  /** Unsent bytes beyond which a client is not answered (default {@linkcode OUTPUT_HIGH_WATER}). */
  highWater?: number;
  /** All clients' unsent bytes beyond which clients with unsent output wait ({@linkcode MAX_TOTAL_BACKLOG}). */
  totalBacklog?: number;
  /** Ms a client's unsent output may make no progress before it is dropped ({@linkcode STALL_TIMEOUT_MS}). */
  stallMs?: number;
  /** Ms a client waits for its next turn after one with noise in it ({@linkcode NOISE_PAUSE_MS}). */
  noisePauseMs?: number;
  /** Clock in ms. */
  now?: () => number;
}

/** The listeners and client connections of a server, as the server drives them. */
export interface Frontend {
  /** Addresses actually listened on (ports resolved). */
  readonly addresses: readonly ListenAddress[];
  /** Number of connected clients. */
  readonly clientCount: number;
  /** Reply bytes written for clients and not taken by their sockets yet, all clients together. */
  readonly unsentTotal: number;
  /**
   * Listens on each address; failures are returned, not thrown (the caller decides what is fatal).
   * @param addresses the addresses
   * @returns the failures
   */
  listen(addresses: readonly ListenAddress[]): Promise<ListenFailure[]>;
  /**
   * The connected sessions, newest first.
   * @returns the clients
   */
  clients(): ClientInfo[];
  /**
   * Closes the connections whose session matches (e.g. clients logged into a removed UPS).
   * @param match the test
   * @returns how many were closed
   */
  disconnect(match: (session: Session) => boolean): number;
  /**
   * Drops clients idle for longer than the limit (call regularly).
   * @param now clock in ms
   */
  sweep(now?: number): void;
  /** Stops listening and closes every client. */
  close(): Promise<void>;
}

/**
 * Formats a peer address as NUT prints it (IPv4-mapped IPv6 addresses as plain IPv4).
 * @param address the address as the socket layer gives it
 * @returns the address
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([peerAddress("::ffff:10.0.0.5"), peerAddress("::1"), peerAddress(undefined)], ["10.0.0.5", "::1", "unknown"]);
 * ```
 */
export function peerAddress(address: string | undefined): string {
  if (!address) return "unknown";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** A client connection as the shared code sees it. */
export interface ClientConnection extends ClientInfo {
  /** Its session. */
  readonly session: Session;
  /** Clock (ms) of its last complete request. */
  lastHeard: number;
  /** Clock (ms) since which its unsent output made no progress; undefined when nothing is unsent. */
  readonly stalledSince: number | undefined;
}

/**
 * The connected clients of a frontend, in connection order.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * type C = { address: string; lastHeard: number; stalledSince: number | undefined; session: never };
 * const t = new ClientTable<C>();
 * t.add({ address: "a", lastHeard: 0, stalledSince: 10, session: undefined as never });
 * t.add({ address: "b", lastHeard: 50, stalledSince: undefined, session: undefined as never });
 * assertEquals(t.newestFirst().map((c) => c.address), ["b", "a"]);
 * assertEquals(t.idle(100, 60).map((c) => c.address), ["a"]);
 * assertEquals(t.stalled(100, 60).map((c) => c.address), ["a"]);
 * ```
 */
export class ClientTable<C extends ClientConnection> {
  #conns = new Set<C>();

  /** Number of clients. */
  get size(): number {
    return this.#conns.size;
  }

  /**
   * Adds a client.
   * @param c the connection
   */
  add(c: C): void {
    this.#conns.add(c);
  }

  /**
   * Removes a client.
   * @param c the connection
   * @returns whether it was there
   */
  delete(c: C): boolean {
    return this.#conns.delete(c);
  }

  /**
   * Whether a new client would exceed the limit.
   * @param max most clients (0 = no limit)
   * @returns true when full
   */
  full(max: number): boolean {
    return max > 0 && this.#conns.size >= max;
  }

  /**
   * The clients, newest first (NUT's LIST CLIENT order).
   * @returns a copy
   */
  newestFirst(): C[] {
    return [...this.#conns].reverse();
  }

  /**
   * The clients whose session matches.
   * @param match the test
   * @returns a copy
   */
  matching(match: (session: Session) => boolean): C[] {
    return [...this.#conns].filter((c) => match(c.session));
  }

  /**
   * The clients silent for longer than `idleMs`.
   * @param now clock in ms
   * @param idleMs the limit
   * @returns a copy
   */
  idle(now: number, idleMs: number): C[] {
    return [...this.#conns].filter((c) => now - c.lastHeard > idleMs);
  }

  /**
   * The clients whose unsent output made no progress for longer than `stallMs`.
   * @param now clock in ms
   * @param stallMs the limit
   * @returns a copy
   */
  stalled(now: number, stallMs: number): C[] {
    return [...this.#conns].filter((c) => c.stalledSince !== undefined && now - c.stalledSince > stallMs);
  }

  /**
   * Every client.
   * @returns a copy
   */
  all(): C[] {
    return [...this.#conns];
  }
}

/**
 * Binds each address in turn with `listenOne`, logging as NUT does. A wildcard address whose port is
 * already held by a dual-stack wildcard listener counts as bound (NUT's `LISTEN *` handling).
 * @param addresses the addresses
 * @param bound the addresses bound so far; bound ones are appended
 * @param listenOne binds one address, resolving to it with the port bound
 * @param log the logger
 * @returns the failures
 */
export async function listenEach(
  addresses: readonly ListenAddress[],
  bound: ListenAddress[],
  listenOne: (a: ListenAddress) => Promise<ListenAddress>,
  log: Logger,
): Promise<ListenFailure[]> {
  const failures: ListenFailure[] = [];
  for (const address of addresses) {
    try {
      const b = await listenOne(address);
      bound.push(b);
      log.info(`listening on ${address.host} port ${b.port}`);
    } catch (e) {
      const error = e as ListenFailure["error"];
      if (error.code === "EADDRINUSE" && coveredByWildcard(bound, address)) {
        log.info(`listening on ${address.host} port ${address.port} (through the dual-stack :: listener)`);
        bound.push(address);
        continue;
      }
      log.error(`not listening on ${address.host} port ${address.port}: ${error.message}`);
      failures.push({ address, error });
    }
  }
  return failures;
}

function coveredByWildcard(bound: readonly ListenAddress[], a: ListenAddress): boolean {
  if (a.host !== "0.0.0.0" && a.host !== "::") return false;
  return bound.some((b) => b.port === a.port && (b.host === "::" || b.host === "0.0.0.0"));
}
