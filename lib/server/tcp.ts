/**
 * The portable frontend (node:net), used where the epoll one (epoll_frontend.ts) is not available:
 * listeners, accepting (refusing cleanly beyond MAXCONN), reading request lines into sessions, writing
 * each batch of replies in one write, STARTTLS (node:tls over the accepted socket), LOGOUT, idle clients
 * (NUT drops clients silent for 60 s), clients that do not read their replies, and lines pushed to a
 * session (X-PUSH).
 * @module
 */
import net from "node:net";
import tls from "node:tls";
import type { Buffer } from "node:buffer";
import type { Logger } from "../log.ts";
import { RequestReader } from "../protocol/reader.ts";
import type { ClientInfo } from "./context.ts";
import {
  answerLines,
  type ClientConnection,
  ClientTable,
  type Frontend,
  type FrontendOptions,
  IDLE_TIMEOUT_MS,
  type ListenAddress,
  listenEach,
  type ListenFailure,
  MAX_CLIENT_BACKLOG,
  peerAddress,
} from "./frontend.ts";
import type { Session } from "./session.ts";

/** One client connection. */
class Connection implements ClientConnection {
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

/** The listeners and client connections of a server, on node:net. */
export class TcpFrontend implements Frontend {
  #opts: FrontendOptions;
  #log: Logger;
  #now: () => number;
  #idleMs: number;
  #maxBacklog: number;
  #servers: net.Server[] = [];
  #bound: ListenAddress[] = [];
  #conns = new ClientTable<Connection>();
  #closing = false;

  /** Creates a frontend with no listener yet. */
  constructor(options: FrontendOptions) {
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
  listen(addresses: readonly ListenAddress[]): Promise<ListenFailure[]> {
    return listenEach(addresses, this.#bound, (a) => this.#listenOne(a), this.#log);
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
    return this.#conns.newestFirst();
  }

  /**
   * Closes the connections whose session matches (e.g. clients logged into a removed UPS).
   * @param match the test
   * @returns how many were closed
   */
  disconnect(match: (session: Session) => boolean): number {
    const matching = this.#conns.matching(match);
    for (const c of matching) this.#drop(c);
    return matching.length;
  }

  /**
   * Drops clients idle for longer than the limit (call regularly).
   * @param now clock in ms
   */
  sweep(now: number = this.#now()): void {
    for (const c of this.#conns.idle(now, this.#idleMs)) {
      this.#log.debug(2, `Disconnect ${c.address} (idle for more than ${this.#idleMs / 1000} s)`);
      this.#drop(c);
    }
  }

  /** Stops listening and closes every client. */
  async close(): Promise<void> {
    this.#closing = true;
    // Clients first: a node:net server reports closed only once its connections are.
    for (const c of this.#conns.all()) this.#drop(c);
    await Promise.all(this.#servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    this.#servers = [];
  }

  #accept(sock: net.Socket): void {
    const address = peerAddress(sock.remoteAddress);
    if (this.#closing) {
      sock.destroy();
      return;
    }
    const max = this.#opts.maxClients();
    if (this.#conns.full(max)) {
      this.#log.notice(`Refusing connection from ${address}: MAXCONN reached (${max} clients)`);
      sock.on("error", () => {});
      sock.destroy();
      return;
    }
    sock.setNoDelay(true);
    const conn = new Connection(sock, this.#opts.newSession(address), this.#now());
    // Lines pushed to the session (X-PUSH) go out like replies, with the same bound.
    conn.session.attachOutput((text) => {
      if (!conn.closed) this.#write(conn, text);
    });
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
    const { reply, after } = answerLines(conn.session, lines, this.#log);
    if (after === "starttls") {
      this.#startTls(conn, sock, onData, reply);
      return;
    }
    if (reply) this.#write(conn, reply);
    if (after === "close") {
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
