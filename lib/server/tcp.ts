/**
 * The TCP side of the server (node:net), the only code that touches client sockets: listeners, accepting
 * (refusing cleanly beyond MAXCONN), reading request lines into sessions, writing each batch of replies in
 * one write, STARTTLS (node:tls over the accepted socket), LOGOUT, idle clients (NUT drops clients silent
 * for 60 s), and clients that do not read their replies.
 * @module
 */
import net from "node:net";
import tls from "node:tls";
import type { Buffer } from "node:buffer";
import type { Logger } from "../log.ts";
import { RequestReader } from "../protocol/reader.ts";
import type { ClientInfo } from "./context.ts";
import type { Session } from "./session.ts";

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

/** TLS settings for STARTTLS. */
export interface TlsSettings {
  /** Server certificate and key. */
  context: tls.SecureContext;
  /** Ask clients for a certificate (CERTREQUEST 1 or 2). */
  requestCert: boolean;
  /** Refuse clients without a valid certificate (CERTREQUEST 2). */
  rejectUnauthorized: boolean;
}

/** Options of a {@linkcode TcpFrontend}. */
export interface TcpOptions {
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

/** A listener that could not be set up. */
export interface ListenFailure {
  /** The address. */
  address: ListenAddress;
  /** Why. */
  error: Error;
}

/** One client connection. */
class Connection implements ClientInfo {
  socket: net.Socket;
  reader = new RequestReader();
  lastHeard: number;
  closed = false;
  constructor(socket: net.Socket, readonly session: Session, now: number) {
    this.socket = socket;
    this.lastHeard = now;
  }
  get address(): string {
    return this.session.address;
  }
  get loginUps(): string | undefined {
    return this.session.loginUps;
  }
}

/**
 * Formats a peer address as NUT prints it (IPv4-mapped IPv6 addresses as plain IPv4).
 * @param address node's remoteAddress
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

/** The listeners and client connections of a server. */
export class TcpFrontend {
  #opts: TcpOptions;
  #log: Logger;
  #now: () => number;
  #idleMs: number;
  #maxBacklog: number;
  #servers: net.Server[] = [];
  #bound: ListenAddress[] = [];
  #conns = new Set<Connection>();
  #closing = false;

  /** Creates a frontend with no listener yet. */
  constructor(options: TcpOptions) {
    this.#opts = options;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.#idleMs = options.idleMs ?? IDLE_TIMEOUT_MS;
    this.#maxBacklog = options.maxBacklog ?? MAX_CLIENT_BACKLOG;
  }

  /** Addresses actually listened on (ports resolved). */
  get addresses(): readonly ListenAddress[] {
    return this.#bound;
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.#conns.size;
  }

  /**
   * Listens on each address; failures are returned, not thrown (the caller decides what is fatal).
   * A wildcard address already covered by a dual-stack `::` listener on the same port counts as bound.
   * @param addresses the addresses
   * @returns the failures
   */
  async listen(addresses: readonly ListenAddress[]): Promise<ListenFailure[]> {
    const failures: ListenFailure[] = [];
    for (const address of addresses) {
      try {
        const bound = await this.#listenOne(address);
        this.#bound.push(bound);
        this.#log.info(`listening on ${address.host} port ${bound.port}`);
      } catch (e) {
        const err = e as Error & { code?: string };
        if (err.code === "EADDRINUSE" && this.#coveredByWildcard(address)) {
          this.#log.info(
            `listening on ${address.host} port ${address.port} (through the dual-stack :: listener)`,
          );
          this.#bound.push(address);
          continue;
        }
        this.#log.error(`not listening on ${address.host} port ${address.port}: ${err.message}`);
        failures.push({ address, error: err });
      }
    }
    return failures;
  }

  #coveredByWildcard(a: ListenAddress): boolean {
    if (a.host !== "0.0.0.0" && a.host !== "::") return false;
    return this.#bound.some((b) => b.port === a.port && (b.host === "::" || b.host === "0.0.0.0"));
  }

  #listenOne(address: ListenAddress): Promise<ListenAddress> {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ noDelay: true }, (sock) => this.#accept(sock));
      const onError = (e: Error) => {
        server.close();
        reject(e);
      };
      server.once("error", onError);
      server.listen({ host: address.host, port: address.port, backlog: 511 }, () => {
        server.off("error", onError);
        server.on(
          "error",
          (e) => this.#log.error(`listener ${address.host} port ${address.port}: ${e.message}`),
        );
        this.#servers.push(server);
        const a = server.address() as net.AddressInfo;
        resolve({ host: address.host, port: a.port });
      });
    });
  }

  /**
   * The connected sessions, newest first.
   * @returns the clients
   */
  clients(): ClientInfo[] {
    return [...this.#conns].reverse();
  }

  /**
   * Closes the connections whose session matches (e.g. clients logged into a removed UPS).
   * @param match the test
   * @returns how many were closed
   */
  disconnect(match: (session: Session) => boolean): number {
    let n = 0;
    for (const c of this.#conns) {
      if (match(c.session)) {
        this.#drop(c);
        n++;
      }
    }
    return n;
  }

  /**
   * Drops clients idle for longer than the limit (call regularly).
   * @param now clock in ms
   */
  sweep(now: number = this.#now()): void {
    for (const c of this.#conns) {
      if (now - c.lastHeard > this.#idleMs) {
        this.#log.debug(2, `Disconnect ${c.address} (idle for more than ${this.#idleMs / 1000} s)`);
        this.#drop(c);
      }
    }
  }

  /** Stops listening and closes every client. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.#servers = [];
    for (const c of this.#conns) this.#drop(c);
  }

  #accept(sock: net.Socket): void {
    const address = peerAddress(sock.remoteAddress);
    if (this.#closing) {
      sock.destroy();
      return;
    }
    const max = this.#opts.maxClients();
    if (max > 0 && this.#conns.size >= max) {
      this.#log.notice(`Refusing connection from ${address}: MAXCONN reached (${max} clients)`);
      sock.on("error", () => {});
      sock.destroy();
      return;
    }
    sock.setNoDelay(true);
    const conn = new Connection(sock, this.#opts.newSession(address), this.#now());
    this.#conns.add(conn);
    this.#log.debug(2, `Connect from ${address}`);
    this.#attach(conn, sock);
  }

  #attach(conn: Connection, sock: net.Socket): void {
    const onData = (chunk: Buffer) => this.#onData(conn, sock, onData, chunk);
    sock.on("data", onData);
    sock.on("error", (e: Error) => this.#log.debug(2, `Disconnect ${conn.address} (${e.message})`));
    sock.on("close", () => this.#closed(conn, sock));
  }

  #onData(conn: Connection, sock: net.Socket, onData: (b: Buffer) => void, chunk: Buffer): void {
    if (conn.closed || conn.socket !== sock) return;
    const lines = conn.reader.push(chunk.toString("latin1"));
    if (lines.length === 0) return;
    conn.lastHeard = this.#now();
    let out = "";
    let close = false;
    for (const line of lines) {
      try {
        out += conn.session.handleLine(line);
      } catch (e) {
        // A bug must cost one reply, never the daemon.
        this.#log.error(
          `Internal error answering ${conn.address} (${line.words[0] ?? ""}): ${(e as Error).stack ?? e}`,
        );
        out += "ERR UNKNOWN-COMMAND\n";
      }
      const after = conn.session.takeAfter();
      if (after === "close") close = true;
      else if (after === "starttls") {
        this.#startTls(conn, sock, onData, out);
        return;
      }
    }
    if (out) this.#write(conn, out);
    if (close) {
      conn.closed = true;
      sock.end();
    }
  }

  #write(conn: Connection, text: string): void {
    const sock = conn.socket;
    if (sock.writableLength > this.#maxBacklog) {
      this.#log.notice(`Dropping client ${conn.address}: it does not read its replies`);
      this.#drop(conn);
      return;
    }
    sock.write(text, "latin1");
  }

  #startTls(conn: Connection, raw: net.Socket, onData: (b: Buffer) => void, reply: string): void {
    const settings = this.#opts.tls();
    raw.off("data", onData);
    raw.pause();
    if (!settings) {
      // Configuration vanished between the reply and now (reload): nothing sensible to offer.
      this.#drop(conn);
      return;
    }
    raw.write(reply, "latin1", () => {
      if (conn.closed) return;
      const secure = new tls.TLSSocket(raw, {
        isServer: true,
        secureContext: settings.context,
        requestCert: settings.requestCert,
        rejectUnauthorized: settings.rejectUnauthorized,
      });
      conn.socket = secure;
      conn.reader = new RequestReader();
      conn.session.state.tls = true;
      secure.on(
        "secure",
        () => this.#log.debug(3, `SSL connected (${secure.getProtocol()}) with ${conn.address}`),
      );
      this.#attach(conn, secure);
    });
  }

  #drop(conn: Connection): void {
    conn.closed = true;
    conn.socket.destroy();
    this.#forget(conn);
  }

  #closed(conn: Connection, sock: net.Socket): void {
    // After STARTTLS the raw socket's close is followed by the TLS socket's own: count that one.
    if (conn.socket !== sock) return;
    conn.closed = true;
    this.#forget(conn);
  }

  #forget(conn: Connection): void {
    if (!this.#conns.delete(conn)) return;
    conn.session.end();
    this.#log.debug(2, `Disconnect from ${conn.address}`);
  }
}
