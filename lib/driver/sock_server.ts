/**
 * The Unix socket a driver serves (`<statepath>/<driver>-<ups>`, mode 0660 like NUT): connections,
 * line splitting with the project's tokenizer, requests read with backpressure (lib/os/paced_lines.ts:
 * a client that asks without reading holds its requests in its own socket), bounded buffers, and a
 * broadcast to every client that did not ask for NOBROADCAST. What a request means is the caller's business.
 * @module
 */
import net from "node:net";
import { Buffer } from "node:buffer";
import { type ParsedLine, WordParser } from "../words/parser.ts";
import { type PacedLines, readPacedLines } from "../os/paced_lines.ts";
import type { Logger } from "../log.ts";

/** Limits of a socket server. */
export const SOCK_LIMITS = {
  /** Clients at once; more are refused. */
  maxClients: 256,
  /** Bytes queued for one client before it is dropped as too slow. */
  maxPendingOutput: 4 * 1024 * 1024,
  /** Bytes of a single request line before it is discarded. */
  maxLineLength: 16 * 1024,
  /** Bytes buffered from a client while the driver is still starting. */
  maxEarlyInput: 64 * 1024,
} as const;

/** One connected client. */
export class SockClient {
  /** Receives broadcasts (cleared by NOBROADCAST). */
  broadcast = true;
  #socket: net.Socket;
  #log: Logger;
  #maxPending: number;
  #closed = false;

  /** @internal */
  constructor(socket: net.Socket, log: Logger, maxPending: number) {
    this.#socket = socket;
    this.#log = log;
    this.#maxPending = maxPending;
  }

  /** True once the connection is gone. */
  get closed(): boolean {
    return this.#closed || this.#socket.destroyed;
  }

  /**
   * Sends text (one or more lines, each ending with a newline). A client that lets too much output pile
   * up is disconnected, as NUT drops a client whose non-blocking write fails.
   * @param text the lines
   */
  send(text: string): void {
    if (this.closed || !text) return;
    try {
      this.#socket.write(text);
    } catch (e) {
      this.#log.debug(1, `socket write failed: ${(e as Error).message}`);
      this.close();
      return;
    }
    if (this.#socket.writableLength > this.#maxPending) {
      this.#log.warn(
        `socket client not reading (${this.#socket.writableLength} bytes pending): disconnecting`,
      );
      this.close(true);
    }
  }

  /**
   * Closes the connection after pending output (or at once when `now`).
   * @param now drop pending output
   */
  close(now = false): void {
    if (this.#closed) return;
    this.#closed = true;
    if (now) this.#socket.destroy();
    else this.#socket.end();
  }
}

/** Options of a {@linkcode SockServer}. */
export interface SockServerOptions {
  /** Socket path. */
  path: string;
  /** Called for every complete request line (words already split), once the server is started. */
  onLine(client: SockClient, words: string[]): void;
  /** Logger. */
  log: Logger;
  /** Overrides of {@linkcode SOCK_LIMITS}. */
  limits?: Partial<typeof SOCK_LIMITS>;
}

interface ClientEntry {
  client: SockClient;
  socket: net.Socket;
  parser: WordParser;
  decoder: TextDecoder;
  early: string[];
  earlyBytes: number;
  lines?: PacedLines;
}

/**
 * A driver's socket server. `listen()` binds the socket (clients may connect and their requests are
 * held); `start()` begins answering them; `close()` disconnects everyone and removes the socket file
 * (only if it is still ours).
 */
export class SockServer {
  #opts: SockServerOptions;
  #limits: typeof SOCK_LIMITS;
  #server: net.Server | undefined;
  #clients = new Set<ClientEntry>();
  #started = false;
  #ino: number | null = null;

  /** @param options path, request callback, logger, limits */
  constructor(options: SockServerOptions) {
    this.#opts = options;
    this.#limits = { ...SOCK_LIMITS, ...options.limits };
  }

  /** The socket path. */
  get path(): string {
    return this.#opts.path;
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.#clients.size;
  }

  /**
   * Binds the socket: removes a leftover file first (as NUT does), then sets mode 0660.
   * @throws {Error} naming the path when it cannot be bound
   */
  async listen(): Promise<void> {
    const path = this.#opts.path;
    try {
      await Deno.remove(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        throw new Error(`Can't remove old socket ${path}: ${(e as Error).message}`);
      }
    }
    const server = net.createServer({ allowHalfOpen: false }, (s) => this.#accept(s));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error) =>
        reject(new Error(`unable to create listener socket: bind ${path} failed: ${e.message}`));
      server.once("error", fail);
      server.listen({ path, backlog: 16 }, () => {
        server.off("error", fail);
        server.on("error", (e) => this.#opts.log.error(`socket ${path}: ${e.message}`));
        resolve();
      });
    });
    await Deno.chmod(path, 0o660);
    this.#ino = (await Deno.stat(path)).ino;
  }

  /**
   * Sets the group of the socket file (so upsd running as that group can connect).
   * @param gid the group id
   */
  async chownGroup(gid: number): Promise<void> {
    await Deno.chown(this.#opts.path, null, gid);
  }

  /** Begins answering requests, including those sent while the driver was starting. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const entry of [...this.#clients]) {
      const held = entry.early;
      entry.early = [];
      for (const text of held) entry.lines?.push(text);
    }
  }

  /**
   * Sends text to every client that wants broadcasts.
   * @param text one or more lines
   */
  broadcast(text: string): void {
    if (!this.#started) return;
    for (const e of this.#clients) if (e.client.broadcast) e.client.send(text);
  }

  /** Disconnects every client, stops listening and removes the socket file if it is still ours. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    // Let answers already written (e.g. the TRACKING of driver.exit) reach the clients, briefly.
    const clients = [...this.#clients];
    this.#clients.clear();
    await Promise.all(clients.map((e) =>
      new Promise<void>((resolve) => {
        if (e.socket.destroyed) return resolve();
        const timer = setTimeout(() => {
          e.socket.destroy();
          resolve();
        }, 200);
        e.socket.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        e.socket.end();
      })
    ));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (this.#ino !== null) {
      try {
        if ((await Deno.stat(this.#opts.path)).ino === this.#ino) await Deno.remove(this.#opts.path);
      } catch { /* already gone */ }
      this.#ino = null;
    }
  }

  #accept(socket: net.Socket): void {
    const log = this.#opts.log;
    if (!this.#server || this.#clients.size >= this.#limits.maxClients) {
      log.warn(`socket ${this.#opts.path}: too many clients, refusing one`);
      socket.destroy();
      return;
    }
    const entry: ClientEntry = {
      client: new SockClient(socket, log, this.#limits.maxPendingOutput),
      socket,
      parser: new WordParser({ maxLineLength: this.#limits.maxLineLength }),
      decoder: new TextDecoder(),
      early: [],
      earlyBytes: 0,
    };
    this.#clients.add(entry);
    log.debug(3, "new connection on driver socket");
    // Requests are answered a few at a time, and none while the answers wait unread beyond a bound.
    entry.lines = readPacedLines(socket, {
      split: (chunk: Buffer | string) => {
        const text = typeof chunk === "string" ? chunk : entry.decoder.decode(chunk, { stream: true });
        if (this.#started) return entry.parser.push(text);
        entry.earlyBytes += text.length;
        if (entry.earlyBytes > this.#limits.maxEarlyInput) socket.destroy();
        else entry.early.push(text);
        return [];
      },
      handle: (line) => this.#handle(entry, line),
      onError: (e) => this.#opts.log.error(`socket request failed: ${(e as Error).message}`),
    });
    const gone = () => {
      this.#clients.delete(entry);
      entry.client.close(true);
    };
    socket.on("error", (e) => {
      log.debug(2, `driver socket client error: ${e.message}`);
      gone();
    });
    socket.on("close", gone);
  }

  #handle(entry: ClientEntry, line: ParsedLine): void {
    if (entry.client.closed) return;
    if (line.error) {
      this.#opts.log.notice(`Parse error on sock: ${line.error}`);
      return;
    }
    this.#opts.onLine(entry.client, line.words);
  }
}
