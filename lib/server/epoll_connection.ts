/**
 * One client of the epoll frontend. It reads a client's requests only while everything read before is
 * answered and its unsent output has room (lib/server/frontend.ts: {@linkcode replyRoom}); it answers a
 * turn's worth at a time ({@linkcode RequestPump}) and asks the loop for another turn for the rest, so
 * a client that pipelines requests and never reads its replies makes the server hold one read of
 * requests and about the high-water mark of replies, and waits while the others are served. What the
 * socket does not take waits for EPOLLOUT; a client whose unsent output makes no progress for the stall
 * limit is dropped by the frontend's sweep. LOGOUT closes once the requests already read are answered
 * and the replies flushed (the sending side is shut, then the peer's end awaited); the peer's end of
 * its sending side does the same (its replies are not lost). STARTTLS runs through a
 * {@linkcode TlsBridge}; lines pushed to the session (X-PUSH) are written like replies.
 * @module
 */
import { setImmediate } from "node:timers";
import { EPOLL, type LinuxSockets } from "../../ffi/socket.ts";
import type { Logger } from "../log.ts";
import type { EpollHandler, EpollLoop, Resumable } from "../os/epoll_loop.ts";
import { decodeLatin1, encodeLatin1 } from "../protocol/latin1.ts";
import { type ClientConnection, type OutputLimits, replyRoom, type TlsSettings } from "./frontend.ts";
import { RequestPump } from "./request_pump.ts";
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
  /** How much output is kept for clients. */
  readonly limits: OutputLimits;
  /** Unsent bytes of every client together. */
  readonly unsentTotal: number;
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
   * A connection's unsent bytes changed.
   * @param delta bytes more (negative: fewer)
   */
  addUnsent(delta: number): void;
  /**
   * The connection is closed: forget it.
   * @param conn the connection
   */
  closed(conn: EpollConnection): void;
}

const READ_EVENTS = EPOLL.IN | EPOLL.RDHUP;
/** Reads up to this size are remembered (a request line or two). */
const REMEMBER_READ = 128;

/** Why a connection closes once its requests are answered and its replies sent. */
type Ending = "logout" | "eof";

/** A client connection driven by the epoll loop. */
export class EpollConnection implements ClientConnection, EpollHandler, Resumable {
  /** Clock (ms) of the last complete request. */
  lastHeard: number;
  readonly #fd: number;
  readonly #host: ConnectionHost;
  #pump = new RequestPump();
  /** Bytes the socket did not take yet, oldest first. */
  #pending: Uint8Array<ArrayBuffer>[] = [];
  #pendingBytes = 0;
  /** Clock (ms) of the last progress of the pending bytes (or of their start). */
  #progress = 0;
  /** The events registered now. */
  #events = READ_EVENTS;
  /** Close once what was read is answered and sent. */
  #ending: Ending | undefined;
  /** The sending side is shut: waiting for the peer's end, reading nothing more. */
  #draining = false;
  #closed = false;
  #tls: TlsBridge | undefined;
  /** TLS: bytes were given to the bridge and may not be decrypted yet (reading waits for a turn). */
  #tlsSettling = false;
  /** TLS: the bridge was asked to end (close_notify), and whether it did. */
  #tlsEnd: "no" | "asked" | "done" = "no";
  /** A turn on Deno's loop is scheduled (TLS: the bridge works between turns). */
  #turnScheduled = false;
  /** The last turn held noise: no turn and no reading until the pause is over. */
  #noisePause: ReturnType<typeof setTimeout> | undefined;
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

  /** Clock (ms) since which its unsent output made no progress; undefined when nothing is unsent. */
  get stalledSince(): number | undefined {
    return this.#pendingBytes > 0 ? this.#progress : undefined;
  }

  /** Bytes not taken by the socket yet. */
  get unsent(): number {
    return this.#pendingBytes;
  }

  /** Events to register the socket with. */
  static readonly EVENTS: number = READ_EVENTS;

  /**
   * Handles readiness.
   * @param events EPOLL bits
   */
  handleEvents(events: number): void {
    if (events & EPOLL.OUT) this.#flush();
    if (this.#closed) return;
    if (this.#events & EPOLL.IN) {
      if (events & (EPOLL.IN | EPOLL.ERR | EPOLL.HUP | EPOLL.RDHUP)) this.#readable();
    } else if (events & (EPOLL.ERR | EPOLL.HUP)) {
      // Not reading (replies pending): the peer is gone both ways, nothing can reach it.
      this.drop("(connection lost)");
    }
  }

  /** Answers the next turn's worth of what was read (the loop calls it back when asked to). */
  resume(): void {
    this.#serve();
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
      if (this.#draining || (this.#pendingBytes === 0 && this.#pump.idle)) this.drop();
      else {
        // The peer is done sending: its requests are answered and the replies sent, then it is closed.
        this.#ending = "eof";
        this.#serve();
      }
      return;
    }
    if (this.#draining) return;
    if (this.#tls) {
      this.#tls.receive(buf.subarray(0, n));
      // Decrypted text comes out on a later tick: read again once it has.
      this.#tlsSettling = true;
      this.#watch();
      this.#nextTurn();
    } else this.#received(this.#decode(buf, n));
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
    if (this.#ending === "logout") return;
    this.#pump.feed(text);
    this.#serve();
  }

  /** Answers one turn, sends it, asks for another turn or for more input as there is room. */
  #serve(): void {
    if (this.#closed || this.#draining) return;
    const h = this.#host;
    if (!this.#pump.idle && this.#noisePause === undefined) {
      const room = this.#room();
      if (room > 0) {
        const { reply, answered, bad, after } = this.#pump.turn(this.session, h.log, room);
        if (answered > 0) this.lastHeard = h.now();
        if (bad > 0) this.#pauseForNoise();
        if (this.#tls) {
          if (reply) this.#tls.write(reply);
        } else if (reply) this.send(encodeLatin1(reply, h.writeBuffer, h.encoder));
        if (this.#closed) return;
        if (after === "starttls") {
          this.#startTls();
          return;
        }
        if (after === "close") this.#ending = "logout";
      }
      if (!this.#pump.idle && this.#room() > 0 && this.#noisePause === undefined) {
        // TLS encrypts between turns of Deno's loop: its next turn comes after that, so its output counts.
        if (this.#tls) this.#nextTurn();
        else h.loop.later(this);
      }
    }
    if (this.#pump.idle && this.#ending) this.#finish();
    else this.#watch();
  }

  /** Serves again on the next turn of Deno's loop (once). */
  #nextTurn(): void {
    if (this.#turnScheduled) return;
    this.#turnScheduled = true;
    setImmediate(() => {
      this.#turnScheduled = false;
      this.#tlsSettling = false;
      this.#serve();
    });
  }

  /** No turn and no reading for a while (the turn held noise); then serves again. */
  #pauseForNoise(): void {
    this.#noisePause = setTimeout(() => {
      this.#noisePause = undefined;
      this.#serve();
    }, this.#host.limits.noisePauseMs);
  }

  /** Reply bytes the connection may be given now. */
  #room(): number {
    const unsent = this.#pendingBytes + (this.#tls?.buffered ?? 0);
    return replyRoom(unsent, this.#host.unsentTotal, this.#host.limits);
  }

  /** Registers what the connection waits for: input while it has room, output while bytes wait. */
  #watch(): void {
    if (this.#closed) return;
    // Shut, or ending TLS (the peer's close_notify must be read): read to the peer's end.
    const reading = this.#draining || this.#tlsEnd === "asked" ||
      (this.#ending === undefined && !this.#tlsSettling && this.#noisePause === undefined &&
        this.#pump.idle &&
        this.#room() > 0);
    const events = (reading ? READ_EVENTS : 0) | (this.#pendingBytes > 0 ? EPOLL.OUT : 0);
    if (events === this.#events) return;
    this.#events = events;
    this.#host.loop.modify(this.#fd, events);
  }

  /**
   * Everything read is answered: once the replies are out (TLS: after close_notify), LOGOUT shuts the
   * sending side and waits for the peer's end; the peer's end closes at once.
   */
  #finish(): void {
    if (this.#tls && this.#tlsEnd !== "done") {
      if (this.#tlsEnd === "no") {
        this.#tlsEnd = "asked";
        this.#tls.end();
      }
      this.#watch();
      return;
    }
    if (this.#pendingBytes > 0) {
      this.#watch();
      return;
    }
    if (this.#ending === "logout") {
      this.#shutdown();
      this.#watch();
    } else this.drop();
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
      this.#progress = this.#host.now();
    }
    this.#pending.push(bytes.slice(sent));
    this.#addPending(bytes.length - sent);
    if (this.#pendingBytes > this.#host.limits.maxBacklog) {
      this.#host.log.notice(`Dropping client ${this.address}: it does not read its replies`);
      this.drop();
      return;
    }
    this.#watch();
  }

  #addPending(delta: number): void {
    this.#pendingBytes += delta;
    this.#host.addUnsent(delta);
  }

  /** Writes lines pushed to the session (status push) as a reply would be: same bound, same order. */
  #pushed(text: string): void {
    if (this.#closed || this.#draining || this.#ending === "logout") return;
    if (this.#tls) {
      this.#tls.write(text);
      return;
    }
    const h = this.#host;
    this.send(encodeLatin1(text, h.writeBuffer, h.encoder));
  }

  #flush(): void {
    const s = this.#host.sockets;
    const before = this.#pendingBytes;
    while (this.#pending.length > 0) {
      const head = this.#pending[0];
      let n: number;
      try {
        n = s.send(this.#fd, head);
      } catch (e) {
        this.drop(`(${(e as Error).message})`);
        return;
      }
      if (n < 0) break;
      this.#addPending(-n);
      if (n < head.length) {
        this.#pending[0] = head.subarray(n);
        break;
      }
      this.#pending.shift();
    }
    if (this.#pendingBytes < before) this.#progress = this.#host.now();
    // Room again: answer what waits (which registers what the connection waits for next).
    this.#serve();
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
    this.session.state.tls = true;
    this.#tls = new TlsBridge(settings, {
      send: (bytes) => this.send(bytes),
      end: () => {
        this.#tlsEnd = "done";
        this.#ending ??= "logout";
        this.#finish();
      },
      text: (text) => this.#received(text),
      secure: (protocol) => log.debug(3, `SSL connected (${protocol}) with ${this.address}`),
      error: (e) => this.drop(`(TLS: ${e.message})`),
    });
    this.#watch();
  }

  /**
   * Closes the connection now (idempotent).
   * @param why shown in the debug log
   */
  drop(why?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#noisePause);
    if (why) this.#host.log.debug(2, `Disconnect ${this.address} ${why}`);
    this.#tls?.destroy();
    this.#tls = undefined;
    this.#pending = [];
    this.#addPending(-this.#pendingBytes);
    this.#pump.reset();
    this.#host.loop.close(this.#fd);
    this.#host.closed(this);
  }
}
