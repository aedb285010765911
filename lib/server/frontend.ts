/**
 * What the server's frontends share: the contract the server drives (`Frontend`), their options and
 * limits, the table of connected clients (LIST CLIENT order, idle sweep, MAXCONN, disconnect by session),
 * binding a list of addresses, and answering a batch of request lines (a bug costs one reply).
 * Two frontends implement it: epoll over libc (epoll_frontend.ts, Linux) and node:net (tcp.ts, elsewhere).
 * @module
 */
import type tls from "node:tls";
import type { Logger } from "../log.ts";
import type { RequestLine } from "../protocol/reader.ts";
import type { ClientInfo } from "./context.ts";
import type { Session } from "./session.ts";
import type { AfterReply } from "./session_state.ts";

/** NUT sheds clients that sent no complete request for this long. */
export const IDLE_TIMEOUT_MS = 60_000;

/** Most reply bytes queued for a client that does not read before it is dropped. */
export const MAX_CLIENT_BACKLOG = 4 * 1024 * 1024;

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
  /** Reply bytes queued for one client before it is dropped (default {@linkcode MAX_CLIENT_BACKLOG}). */
  maxBacklog?: number;
  /** Clock in ms. */
  now?: () => number;
}

/** The listeners and client connections of a server, as the server drives them. */
export interface Frontend {
  /** Addresses actually listened on (ports resolved). */
  readonly addresses: readonly ListenAddress[];
  /** Number of connected clients. */
  readonly clientCount: number;
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
}

/** The answer to a batch of request lines. */
export interface BatchReply {
  /** The reply text (all lines answered, in order). */
  reply: string;
  /** What to do once it is written; at "starttls" the lines after STARTTLS are not answered. */
  after?: AfterReply;
}

/**
 * Answers request lines read together. A session that throws costs that one reply (`ERR
 * UNKNOWN-COMMAND`, logged), never the connection.
 * @param session the client's session
 * @param lines the lines
 * @param log where internal errors go
 * @returns the replies and the after-reply action
 */
export function answerLines(session: Session, lines: readonly RequestLine[], log: Logger): BatchReply {
  let reply = "";
  let close = false;
  for (const line of lines) {
    try {
      reply += session.handleLine(line);
    } catch (e) {
      log.error(
        `Internal error answering ${session.address} (${line.words[0] ?? ""}): ${(e as Error).stack ?? e}`,
      );
      reply += "ERR UNKNOWN-COMMAND\n";
    }
    const after = session.takeAfter();
    if (after === "starttls") return { reply, after };
    if (after === "close") close = true;
  }
  return close ? { reply, after: "close" } : { reply };
}

/**
 * The connected clients of a frontend, in connection order.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const t = new ClientTable<{ address: string; lastHeard: number; session: never }>();
 * t.add({ address: "a", lastHeard: 0, session: undefined as never });
 * t.add({ address: "b", lastHeard: 50, session: undefined as never });
 * assertEquals(t.newestFirst().map((c) => c.address), ["b", "a"]);
 * assertEquals(t.idle(100, 60).map((c) => c.address), ["a"]);
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
