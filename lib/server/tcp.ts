/**
 * The portable frontend (node:net), used where the epoll one (epoll_frontend.ts) is not available:
 * listeners, accepting (refusing cleanly beyond MAXCONN), reading request lines into sessions, STARTTLS
 * (node:tls over the accepted socket), LOGOUT, idle clients (NUT drops clients silent for 60 s), and
 * lines pushed to a session (X-PUSH). The epoll frontend's rules for clients that do not read: a socket
 * is paused while what it sent is not all answered; each turn (one per turn of Deno's loop) answers what
 * {@linkcode RequestPump} allows and no more than the unsent output has room for, then waits for the
 * socket to drain; a client whose unsent output makes no progress for the stall limit is dropped.
 * @module
 */
import net from "node:net";
import tls from "node:tls";
import type { Buffer } from "node:buffer";
import type { Logger } from "../log.ts";
import { setImmediate } from "node:timers";
import type { ClientInfo } from "./context.ts";
import {
  type ClientConnection,
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
  replyRoom,
} from "./frontend.ts";
import { RequestPump } from "./request_pump.ts";
import type { Session } from "./session.ts";

/** How soon a client held back by every client's unsent output together is tried again. */
const TOTAL_BACKLOG_RETRY_MS = 10;

/** One client connection. */
class Connection implements ClientConnection {
  socket: net.Socket;
  pump = new RequestPump();
  lastHeard: number;
  closed = false;
  /** LOGOUT: end once what was read is answered. */
  ending = false;
  /** A turn is scheduled, or the socket's drain awaited. */
  waiting = false;
  /** The socket's unsent bytes as last counted in the frontend's total. */
  counted = 0;
  /** Clock (ms) of the last progress of the unsent bytes, and their count then. */
  progress = 0;
  progressBytes = 0;
  /** The raw socket's data handler (taken off at STARTTLS). */
  onData: (chunk: Buffer) => void = () => {};
  constructor(socket: net.Socket, readonly session: Session, now: number) {
    this.socket = socket;
    this.lastHeard = now;
  }
  get stalledSince(): number | undefined {
    return this.socket.writableLength > 0 ? this.progress : undefined;
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
  #limits: OutputLimits;
  #unsent = 0;
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
    this.#limits = outputLimits(options);
  }

  /** Addresses actually listened on (ports resolved). */
  get addresses(): readonly ListenAddress[] {
    return this.#bound;
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.#conns.size;
  }

  /** Reply bytes written for clients and not taken by their sockets yet (as last counted). */
  get unsentTotal(): number {
    return this.#unsent;
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
    for (const c of this.#conns.all()) {
      const unsent = c.socket.writableLength;
      if (unsent === 0 || unsent < c.progressBytes) c.progress = now;
      c.progressBytes = unsent;
    }
    for (const c of this.#conns.stalled(now, this.#limits.stallMs)) {
      this.#log.notice(
        `Dropping client ${c.address}: it does not read its replies (${c.socket.writableLength} bytes unsent for ${
          Math.round((now - (c.stalledSince ?? now)) / 1000)
        } s)`,
      );
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
    const onData = (chunk: Buffer) => {
      if (conn.closed || conn.socket !== sock || conn.ending) return;
      conn.pump.feed(chunk.toString("latin1"));
      sock.pause();
      this.#serve(conn);
    };
    conn.onData = onData;
    sock.on("data", onData);
    sock.on("drain", () => {
      if (conn.socket !== sock) return;
      conn.progress = this.#now();
      this.#count(conn);
      if (!conn.waiting) return;
      conn.waiting = false;
      this.#serve(conn);
    });
    sock.on("error", (e: Error) => this.#log.debug(2, `Disconnect ${conn.address} (${e.message})`));
    sock.on("close", () => this.#closed(conn, sock));
  }

  /** Answers one turn; then another turn, the socket's drain, or more input, as there is room. */
  #serve(conn: Connection): void {
    if (conn.closed) return;
    const sock = conn.socket;
    const again = () => {
      conn.waiting = false;
      this.#serve(conn);
    };
    if (!conn.pump.idle) {
      const room = this.#room(conn);
      if (room > 0) {
        const { reply, answered, bad, after } = conn.pump.turn(conn.session, this.#log, room);
        if (answered > 0) conn.lastHeard = this.#now();
        if (after === "starttls") {
          this.#startTls(conn, sock, conn.onData, reply);
          return;
        }
        if (reply) this.#write(conn, reply);
        if (conn.closed) return;
        if (after === "close") conn.ending = true;
        if (bad > 0) {
          // Noise: the next turn, or reading, after a pause (frontend.ts: NOISE_PAUSE_MS); the socket
          // stays paused until then.
          setTimeout(() => this.#serve(conn), this.#limits.noisePauseMs);
          return;
        }
      }
      if (!conn.pump.idle) {
        conn.waiting = true;
        // Room left: the next turn comes after everyone else's; none: the socket's drain brings it
        // (or, held back by the other clients' output only, a short wait).
        if (this.#room(conn) > 0) setImmediate(again);
        else if (!sock.writableNeedDrain) setTimeout(again, TOTAL_BACKLOG_RETRY_MS);
        return;
      }
    }
    if (conn.ending) {
      conn.closed = true;
      sock.end();
      return;
    }
    sock.resume();
  }

  #room(conn: Connection): number {
    return replyRoom(conn.socket.writableLength, this.#unsent, this.#limits);
  }

  #write(conn: Connection, text: string): void {
    const sock = conn.socket;
    if (sock.writableLength > this.#limits.maxBacklog) {
      this.#log.notice(`Dropping client ${conn.address}: it does not read its replies`);
      this.#drop(conn);
      return;
    }
    if (sock.writableLength === 0) conn.progress = this.#now();
    sock.write(text, "latin1");
    this.#count(conn);
  }

  /** Brings the frontend's total of unsent bytes up to date with one socket's. */
  #count(conn: Connection): void {
    const now = conn.closed ? 0 : conn.socket.writableLength;
    this.#unsent += now - conn.counted;
    conn.counted = now;
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
      this.#unsent -= conn.counted;
      conn.counted = 0;
      conn.socket = secure;
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
    this.#count(conn);
    if (!this.#conns.delete(conn)) return;
    conn.session.end();
    this.#log.debug(2, `Disconnect from ${conn.address}`);
  }
}
