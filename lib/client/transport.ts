/**
 * The I/O edge of the client: one TCP connection (node:net) carrying protocol lines, upgraded in place to
 * TLS (node:tls `connect({ socket })`) after STARTTLS. Reads are bounded in line length and time.
 * @module
 */
import net from "node:net";
import tls from "node:tls";
import dns from "node:dns/promises";
import { ClientError, serverDisconnected, systemErrorText } from "./errors.ts";
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from "./line_splitter.ts";

/** Options of {@linkcode LineTransport.connect}. */
export interface TransportOptions {
  /** Limit for name resolution plus TCP connection, in ms. */
  timeoutMs: number;
  /** Longest accepted reply line. */
  maxLineLength?: number;
  /** Aborts the connection attempt. */
  signal?: AbortSignal;
  /** Only IPv4 (4) or IPv6 (6) addresses. */
  family?: 4 | 6;
}

/** How to check the server's certificate after STARTTLS. */
export interface TlsHandshakeOptions {
  /** Reject a certificate that does not chain to `ca` or does not match `servername` (NUT's CERTVERIFY). */
  verify: boolean;
  /** Trusted CA certificates (PEM texts); Node's default roots when omitted. */
  ca?: string[];
  /** The name the certificate must carry (NUT's CERTHOST certificate name); the host by default. */
  servername: string;
  /** Client certificate and key (PEM), when the server asks for one. */
  cert?: string;
  /** Private key of `cert` (PEM). */
  key?: string;
  /** Limit for the handshake, in ms. */
  timeoutMs: number;
}

type Waiter = { resolve: (line: string) => void; reject: (e: Error) => void };

/** A connected line transport. */
export class LineTransport {
  #socket: net.Socket;
  #splitter: LineSplitter;
  #lines: string[] = [];
  #waiter: Waiter | undefined;
  #failure: Error | undefined;
  #encrypted = false;
  #onData = (chunk: Uint8Array | string) => this.#data(chunk);
  #onEnd = () => this.#fail(serverDisconnected());
  #onError = (e: Error) =>
    this.#fail(new ClientError("READ", `Read error: ${systemErrorText(e)}`, { cause: e }));

  private constructor(socket: net.Socket, maxLineLength: number) {
    this.#socket = socket;
    this.#splitter = new LineSplitter(maxLineLength);
    this.#attach(socket);
  }

  /**
   * Resolves the host and connects to the first of its addresses that answers (like NUT, which tries
   * every address getaddrinfo returns).
   * @param host name or address
   * @param port TCP port
   * @param options time limit, line limit, abort signal
   * @returns the connected transport
   * @throws {ClientError} NO-SUCH-HOST, CONNECT ("Connection failure: <reason>") or TIMEOUT
   */
  static async connect(host: string, port: number, options: TransportOptions): Promise<LineTransport> {
    const deadline = Date.now() + options.timeoutMs;
    const addresses = await withDeadline(resolve(host, options.family), deadline, options.signal);
    let last: ClientError | undefined;
    for (const address of addresses) {
      try {
        const socket = net.connect({ host: address, port });
        try {
          await withDeadline(connected(socket), deadline, options.signal);
        } catch (e) {
          socket.destroy();
          throw e;
        }
        socket.setNoDelay(true);
        return new LineTransport(socket, options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
      } catch (e) {
        if (e instanceof ClientError && e.kind === "TIMEOUT") throw e;
        last = e instanceof ClientError
          ? e
          : new ClientError("CONNECT", `Connection failure: ${systemErrorText(e)}`, {
            cause: e,
          });
      }
    }
    throw last ?? new ClientError("NO-SUCH-HOST", "No such host");
  }

  /** True after a successful STARTTLS handshake. */
  get encrypted(): boolean {
    return this.#encrypted;
  }

  /** The peer's certificate after STARTTLS (undefined before). */
  get peerCertificate(): tls.PeerCertificate | undefined {
    return this.#encrypted ? (this.#socket as tls.TLSSocket).getPeerCertificate() : undefined;
  }

  /** The local address of the connection (as the server sees it in LIST CLIENT). */
  get localAddress(): string | undefined {
    return this.#socket.localAddress;
  }

  /**
   * Sends one line (a newline is appended).
   * @param line the request
   * @param timeoutMs limit for handing it to the kernel
   * @throws {ClientError} WRITE, DISCONNECTED or TIMEOUT
   */
  async writeLine(line: string, timeoutMs: number): Promise<void> {
    if (this.#failure) throw this.#failure;
    const socket = this.#socket;
    await withDeadline(
      new Promise<void>((resolve, reject) => {
        socket.write(line + "\n", "latin1", (e?: Error | null) => {
          if (e) reject(new ClientError("WRITE", `Write error: ${systemErrorText(e)}`, { cause: e }));
          else resolve();
        });
      }),
      Date.now() + timeoutMs,
      undefined,
      "Write error: Connection timed out",
    );
  }

  /**
   * Reads the next line.
   * @param timeoutMs limit
   * @returns the line without its newline
   * @throws {ClientError} DISCONNECTED ("Server disconnected"), READ, TOO-LONG or TIMEOUT
   */
  readLine(timeoutMs: number): Promise<string> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#waiter) return Promise.reject(new Error("LineTransport.readLine() called concurrently"));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(
          new ClientError("TIMEOUT", "Server disconnected", {
            cause: new Error(`no reply within ${timeoutMs} ms`),
          }),
        );
      }, timeoutMs);
      this.#waiter = {
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /**
   * Turns the connection into TLS (after the server answered `OK STARTTLS`).
   * @param options certificate checks
   * @throws {ClientError} SSL ("SSL error: <reason>") or TIMEOUT
   */
  async startTls(options: TlsHandshakeOptions): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#encrypted) throw new ClientError("SSL", "SSL error: already in TLS mode");
    if (this.#lines.length > 0 || this.#splitter.pending > 0) {
      throw new ClientError("SSL", "SSL error: unexpected data before the TLS handshake");
    }
    const plain = this.#socket;
    this.#detach(plain);
    const secure = tls.connect({
      socket: plain,
      servername: net.isIP(options.servername) ? undefined : options.servername,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      rejectUnauthorized: options.verify,
      checkServerIdentity: options.verify
        ? (_host, cert) => tls.checkServerIdentity(options.servername, cert)
        : () => undefined,
    });
    try {
      await withDeadline(
        new Promise<void>((resolve, reject) => {
          secure.once("secureConnect", () => resolve());
          secure.once("error", (e) => reject(e));
          secure.once("close", () => reject(new Error("peer disconnected")));
        }),
        Date.now() + options.timeoutMs,
        undefined,
        "SSL error: handshake timed out",
      );
    } catch (e) {
      secure.destroy();
      plain.destroy();
      const err = e instanceof ClientError
        ? e
        : new ClientError("SSL", `SSL error: ${sslText(e)}`, { cause: e });
      this.#failure = err;
      throw err;
    }
    secure.removeAllListeners("secureConnect");
    secure.removeAllListeners("error");
    secure.removeAllListeners("close");
    this.#socket = secure;
    this.#encrypted = true;
    this.#attach(secure);
  }

  /**
   * Writes a last line without waiting, then closes the connection.
   * @param farewell e.g. "LOGOUT", or undefined to just close
   */
  close(farewell?: string): void {
    const socket = this.#socket;
    if (!this.#failure) this.#failure = new ClientError("CLOSED", "Connection closed");
    this.#waiter?.reject(this.#failure);
    this.#waiter = undefined;
    if (farewell !== undefined && !socket.destroyed && socket.writable) {
      socket.end(farewell + "\n", "latin1");
      // A server that does not close its side soon is cut off.
      const timer = setTimeout(() => socket.destroy(), 1000);
      socket.once("close", () => clearTimeout(timer));
      socket.resume();
    } else {
      socket.destroy();
    }
  }

  #attach(socket: net.Socket): void {
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("close", this.#onEnd);
    socket.on("error", this.#onError);
  }

  #detach(socket: net.Socket): void {
    socket.off("data", this.#onData);
    socket.off("end", this.#onEnd);
    socket.off("close", this.#onEnd);
    socket.off("error", this.#onError);
  }

  #data(chunk: Uint8Array | string): void {
    let lines: string[];
    try {
      lines = this.#splitter.push(chunk);
    } catch (e) {
      this.#fail(e as Error);
      this.#socket.destroy();
      return;
    }
    for (const line of lines) {
      const w = this.#waiter;
      if (w) {
        this.#waiter = undefined;
        w.resolve(line);
      } else {
        this.#lines.push(line);
      }
    }
  }

  #fail(e: Error): void {
    if (this.#failure) return;
    this.#failure = e;
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.reject(e);
  }
}

async function resolve(host: string, family?: 4 | 6): Promise<string[]> {
  const literal = net.isIP(host);
  if (literal) {
    if (family && literal !== family) throw new ClientError("NO-SUCH-HOST", "No such host");
    return [host];
  }
  try {
    const found = await dns.lookup(host, family ? { all: true, family } : { all: true });
    if (found.length === 0) throw new ClientError("NO-SUCH-HOST", "No such host");
    return found.map((a) => a.address);
  } catch (e) {
    if (e instanceof ClientError) throw e;
    const code = (e as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA" || code === "EAI_NONAME") {
      throw new ClientError("NO-SUCH-HOST", "No such host", { cause: e });
    }
    throw new ClientError("CONNECT", `Connection failure: ${systemErrorText(e)}`, { cause: e });
  }
}

function connected(socket: net.Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      socket.off("connect", ok);
      reject(new ClientError("CONNECT", `Connection failure: ${systemErrorText(e)}`, { cause: e }));
    };
    const ok = () => {
      socket.off("error", fail);
      resolve();
    };
    socket.once("error", fail);
    socket.once("connect", ok);
  });
}

/** Races a promise against a deadline (and an optional abort signal). */
async function withDeadline<T>(
  p: Promise<T>,
  deadline: number,
  signal?: AbortSignal,
  timeoutText = "Connection failure: Connection timed out",
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ClientError("TIMEOUT", timeoutText));
    }, Math.max(0, deadline - Date.now()));
    if (signal) {
      onAbort = () => {
        reject(new ClientError("TIMEOUT", "Connection failure: Operation canceled"));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    }
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

function sslText(e: unknown): string {
  const code = (e as { code?: string })?.code;
  const message = e instanceof Error ? e.message : String(e);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
