/**
 * One client of the epoll frontend: reads what the socket holds into the request reader, answers the
 * complete lines in one write, keeps what the socket does not take (waiting for EPOLLOUT) up to a bound
 * beyond which a client that does not read is dropped, closes cleanly after LOGOUT (the reply is
 * flushed, then the sending side is shut and the peer's end awaited), runs STARTTLS through a
 * {@linkcode TlsBridge}, and writes the lines its session is pushed (X-PUSH) like replies.
 * @module
 */
import { EPOLL, type LinuxSockets } from "../../ffi/socket.ts";
import type { Logger } from "../log.ts";
import type { EpollHandler, EpollLoop } from "../os/epoll_loop.ts";
import { decodeLatin1, encodeLatin1 } from "../protocol/latin1.ts";
import { RequestReader } from "../protocol/reader.ts";
import { answerLines, type ClientConnection, type TlsSettings } from "./frontend.ts";
import type { Session } from "./session.ts";
import { TlsBridge } from "./tls_bridge.ts";

/** What connections share, owned by the frontend. */
export interface ConnectionHost {
  /** The libc facade. */
  readonly sockets: LinuxSockets;
  /** The event loop. */
  readonly loop: EpollLoop;
  /** Logger. */
  readonly log: Logger;
  /** Reply bytes queued for one client before it is dropped. */
  readonly maxBacklog: number;
  /** Scratch buffer for reads (its content is consumed before the next read). */
  readonly readBuffer: Uint8Array<ArrayBuffer>;
  /** Scratch buffer for encoding replies. */
  readonly writeBuffer: Uint8Array<ArrayBuffer>;
  /** The encoder used with it. */
  readonly encoder: TextEncoder;
  /**
   * Clock.
   * @returns ms
   */
  now(): number;
  /**
   * TLS settings, if STARTTLS is configured.
   * @returns the settings
   */
  tls(): TlsSettings | undefined;
  /**
   * The connection is closed: forget it.
   * @param conn the connection
   */
  closed(conn: EpollConnection): void;
}

const READ_EVENTS = EPOLL.IN | EPOLL.RDHUP;
/** Reads up to this size are remembered (a request line or two). */
const REMEMBER_READ = 128;

/** A client connection driven by the epoll loop. */
export class EpollConnection implements ClientConnection, EpollHandler {
  /** Clock (ms) of the last complete request. */
  lastHeard: number;
  readonly #fd: number;
  readonly #host: ConnectionHost;
  #reader = new RequestReader();
  /** Bytes the socket did not take yet, oldest first. */
  #pending: Uint8Array<ArrayBuffer>[] = [];
  #pendingBytes = 0;
  /** LOGOUT: close once the pending bytes are out. */
  #closeWhenFlushed = false;
  /** The sending side is shut: waiting for the peer's end, reading nothing more. */
  #draining = false;
  #closed = false;
  #tls: TlsBridge | undefined;
  /** The last short read and its text. */
  #lastBytes: Uint8Array | undefined;
  #lastText = "";

  /**
   * Wraps an accepted, registered-to-be socket.
   * @param fd the socket
   * @param session the client's session
   * @param host the frontend
   */
  constructor(fd: number, readonly session: Session, host: ConnectionHost) {
    this.#fd = fd;
    this.#host = host;
    this.lastHeard = host.now();
    session.attachOutput((text) => this.#pushed(text));
  }

  /** The client's address. */
  get address(): string {
    return this.session.address;
  }

  /** The UPS it logged into. */
  get loginUps(): string | undefined {
    return this.session.loginUps;
  }

  /** Events to register the socket with. */
  static readonly EVENTS: number = READ_EVENTS;

  /**
   * Handles readiness.
   * @param events EPOLL bits
   */
  handleEvents(events: number): void {
    if (events & EPOLL.OUT) this.#flush();
    if (!this.#closed && events & (EPOLL.IN | EPOLL.ERR | EPOLL.HUP | EPOLL.RDHUP)) this.#readable();
  }

  #readable(): void {
    const h = this.#host;
    const buf = h.readBuffer;
    let n: number;
    try {
      n = h.sockets.read(this.#fd, buf);
    } catch (e) {
      this.drop(`(${(e as Error).message})`);
      return;
    }
    if (n < 0) return;
    if (n === 0) {
      this.drop();
      return;
    }
    if (this.#draining) return;
    if (this.#tls) this.#tls.receive(buf.subarray(0, n));
    else this.#received(this.#decode(buf, n));
  }

  /** Decodes what was read; the same bytes as last time (a polling client) give the same string. */
  #decode(buf: Uint8Array, n: number): string {
    const last = this.#lastBytes;
    if (last !== undefined && last.length === n) {
      let i = 0;
      while (i < n && buf[i] === last[i]) i++;
      if (i === n) return this.#lastText;
    }
    const text = decodeLatin1(buf, n);
    if (n <= REMEMBER_READ) {
      this.#lastBytes = buf.slice(0, n);
      this.#lastText = text;
    } else this.#lastBytes = undefined;
    return text;
  }

  #received(text: string): void {
    if (this.#closeWhenFlushed) return;
    const lines = this.#reader.push(text);
    if (lines.length === 0) return;
    const h = this.#host;
    this.lastHeard = h.now();
    const { reply, after } = answerLines(this.session, lines, h.log);
    if (this.#tls) {
      if (reply) this.#tls.write(reply);
      if (after === "close") {
        this.#closeWhenFlushed = true;
        this.#tls.end();
      }
      return;
    }
    if (reply) this.send(encodeLatin1(reply, h.writeBuffer, h.encoder));
    if (after === "close") this.#closeAfterFlush();
    else if (after === "starttls") this.#startTls();
  }

  /**
   * Sends bytes: what the socket does not take now is kept (copied) and sent on EPOLLOUT.
   * @param bytes the bytes (may be a scratch buffer)
   */
  send(bytes: Uint8Array<ArrayBuffer>): void {
    if (this.#closed || this.#draining) return;
    let sent = 0;
    if (this.#pendingBytes === 0) {
      try {
        sent = Math.max(0, this.#host.sockets.send(this.#fd, bytes));
      } catch (e) {
        this.drop(`(${(e as Error).message})`);
        return;
      }
      if (sent === bytes.length) return;
      this.#host.loop.modify(this.#fd, READ_EVENTS | EPOLL.OUT);
    }
    this.#pending.push(bytes.slice(sent));
    this.#pendingBytes += bytes.length - sent;
    if (this.#pendingBytes > this.#host.maxBacklog) {
      this.#host.log.notice(`Dropping client ${this.address}: it does not read its replies`);
      this.drop();
    }
  }

  /** Writes lines pushed to the session (status push) as a reply would be: same bound, same order. */
  #pushed(text: string): void {
    if (this.#closed || this.#draining || this.#closeWhenFlushed) return;
    if (this.#tls) {
      this.#tls.write(text);
      return;
    }
    const h = this.#host;
    this.send(encodeLatin1(text, h.writeBuffer, h.encoder));
  }

  #flush(): void {
    const s = this.#host.sockets;
    while (this.#pending.length > 0) {
      const head = this.#pending[0];
      let n: number;
      try {
        n = s.send(this.#fd, head);
      } catch (e) {
        this.drop(`(${(e as Error).message})`);
        return;
      }
      if (n < 0) return;
      this.#pendingBytes -= n;
      if (n < head.length) {
        this.#pending[0] = head.subarray(n);
        return;
      }
      this.#pending.shift();
    }
    this.#host.loop.modify(this.#fd, READ_EVENTS);
    if (this.#closeWhenFlushed) this.#shutdown();
  }

  #closeAfterFlush(): void {
    this.#closeWhenFlushed = true;
    if (this.#pendingBytes === 0) this.#shutdown();
  }

  /** Shuts the sending side; the peer's end (or the idle sweep) closes the socket. */
  #shutdown(): void {
    if (this.#draining || this.#closed) return;
    this.#draining = true;
    this.#tls?.destroy();
    this.#tls = undefined;
    this.#host.sockets.shutdownWrite(this.#fd);
  }

  #startTls(): void {
    const settings = this.#host.tls();
    if (!settings) {
      // Configuration vanished between the reply and now (reload): nothing sensible to offer.
      this.drop();
      return;
    }
    const log = this.#host.log;
    this.#reader = new RequestReader();
    this.session.state.tls = true;
    this.#tls = new TlsBridge(settings, {
      send: (bytes) => this.send(bytes),
      end: () => this.#closeAfterFlush(),
      text: (text) => this.#received(text),
      secure: (protocol) => log.debug(3, `SSL connected (${protocol}) with ${this.address}`),
      error: (e) => this.drop(`(TLS: ${e.message})`),
    });
  }

  /**
   * Closes the connection now (idempotent).
   * @param why shown in the debug log
   */
  drop(why?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (why) this.#host.log.debug(2, `Disconnect ${this.address} ${why}`);
    this.#tls?.destroy();
    this.#tls = undefined;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#host.loop.close(this.#fd);
    this.#host.closed(this);
  }
}
