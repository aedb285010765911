/**
 * A NUT network protocol client (RFC 9271, protocol 1.3): one connection to a server, one request at a
 * time (callers may overlap calls; they are queued), every call bounded in time.
 *
 * ```ts ignore
 * await using c = await NutClient.connect("localhost", 3493, { timeoutMs: 5000 });
 * const status = await c.getVar("su700", "ups.status");
 * ```
 * @module
 */
import { NutError } from "../protocol/errors.ts";
import { ClientError, invalidResponse } from "./errors.ts";
import {
  DEFAULT_MAX_LIST_ROWS,
  formatRequest,
  ListReader,
  parseGetReply,
  parseOkReply,
  parseVarType,
  replyWords,
  type VarType,
} from "./reply.ts";
import { LineTransport } from "./transport.ts";
import { loadCa, MAX_PEM_FILE, type TlsMode, type TlsOptions } from "./tls_options.ts";
import { readBoundedText } from "../os/read_bounded.ts";
import { DEFAULT_PORT } from "./address.ts";

/** Default limit of one call (NUT's DEFAULT_NETWORK_TIMEOUT is 5 s). */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Default limit of name resolution + TCP connection (NUT 2.8.5's upsc -W default is 10 s). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Options of {@linkcode NutClient.connect}. */
export interface ConnectOptions {
  /** Limit of each call, in ms (default 5000). */
  timeoutMs?: number;
  /** Limit of resolving + connecting + STARTTLS, in ms (default 10000). */
  connectTimeoutMs?: number;
  /** STARTTLS: a mode, settings, or a boolean (true = "require", false = "off"). Default "off". */
  tls?: TlsOptions | TlsMode | boolean;
  /** Longest accepted reply line (default 8192). */
  maxLineLength?: number;
  /** Most rows accepted in one list (default 100000). */
  maxListRows?: number;
  /** Aborts the connection attempt. */
  signal?: AbortSignal;
  /** Use only IPv4 (4) or IPv6 (6) addresses of the host (upsmon's -4 / -6). */
  family?: 4 | 6;
  /** Sees every line sent and received (debugging; PASSWORD arguments are masked). */
  trace?: (direction: "send" | "recv", line: string) => void;
}

/** Options of one call. */
export interface CallOptions {
  /** Limit of this call, in ms (default: the connection's timeoutMs). */
  timeoutMs?: number;
}

/** A variable and its value (LIST VAR, LIST RW). */
export interface NutVariable {
  /** Variable name, e.g. `battery.charge`. */
  name: string;
  /** Value as sent. */
  value: string;
}

/** A device known to the server (LIST UPS). */
export interface NutDevice {
  /** Device name (the ups.conf section). */
  name: string;
  /** Its `desc` from ups.conf ("Description unavailable" or "Unavailable" when unset, as the server sends). */
  description: string;
}

/** An allowed range of a RANGE variable (LIST RANGE). */
export interface NutRange {
  /** Lower bound, as sent. */
  min: string;
  /** Upper bound, as sent. */
  max: string;
}

function normalizeTls(tls: ConnectOptions["tls"]): TlsOptions & { mode: TlsMode } {
  if (tls === undefined || tls === false) return { mode: "off" };
  if (tls === true) return { mode: "require" };
  if (typeof tls === "string") return { mode: tls };
  return { ...tls, mode: tls.mode ?? "try" };
}

/** One connection to a NUT server. */
export class NutClient implements AsyncDisposable {
  #transport: LineTransport;
  #timeoutMs: number;
  #maxRows: number;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #trace: ConnectOptions["trace"];
  /** The server's host as given to connect(). */
  readonly host: string;
  /** The server's port. */
  readonly port: number;

  private constructor(transport: LineTransport, host: string, port: number, options: ConnectOptions) {
    this.#transport = transport;
    this.host = host;
    this.port = port;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxRows = options.maxListRows ?? DEFAULT_MAX_LIST_ROWS;
    this.#trace = options.trace;
  }

  /**
   * Connects to a server, then sets up TLS when asked (NUT's upscli_connect).
   * @param host name or address
   * @param port TCP port (default 3493)
   * @param options timeouts, TLS, limits
   * @returns the connected client
   * @throws {ClientError} NO-SUCH-HOST, CONNECT, TIMEOUT, SSL, SSL-UNAVAILABLE
   */
  static async connect(
    host: string,
    port: number = DEFAULT_PORT,
    options: ConnectOptions = {},
  ): Promise<NutClient> {
    const transport = await LineTransport.connect(host, port, {
      timeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      maxLineLength: options.maxLineLength,
      signal: options.signal,
      family: options.family,
    });
    const client = new NutClient(transport, host, port, options);
    const tls = normalizeTls(options.tls);
    if (tls.mode !== "off") {
      try {
        await client.starttls(tls, { timeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });
      } catch (e) {
        client.#transport.close();
        client.#closed = true;
        throw e;
      }
    }
    return client;
  }

  /** True when the connection is encrypted. */
  get encrypted(): boolean {
    return this.#transport.encrypted;
  }

  /** True once closed (by close(), logout(), or a transport/protocol failure). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Runs one exchange alone on the connection. A failure other than the server's ERR answer leaves the
   * stream in an unknown place: the connection is then closed.
   */
  #exclusive<T>(fn: (deadline: number) => Promise<T>, options?: CallOptions): Promise<T> {
    const run = async () => {
      if (this.#closed) throw new ClientError("CLOSED", "Connection closed");
      const deadline = Date.now() + (options?.timeoutMs ?? this.#timeoutMs);
      try {
        return await fn(deadline);
      } catch (e) {
        if (!(e instanceof NutError)) {
          this.#closed = true;
          this.#transport.close();
        }
        throw e;
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  #send(words: readonly string[], deadline: number): Promise<void> {
    const line = formatRequest(words);
    this.#trace?.("send", words[0]?.toUpperCase() === "PASSWORD" ? "PASSWORD ********" : line);
    return this.#transport.writeLine(line, remaining(deadline));
  }

  async #read(deadline: number): Promise<string> {
    const line = await this.#transport.readLine(remaining(deadline));
    this.#trace?.("recv", line);
    return line;
  }

  /**
   * Sends one request and returns the first reply line as is (no interpretation). For NUT's programs
   * that print the server's raw answer ("Unexpected response from upsd: ...").
   * @param words the request words (quoted as needed)
   * @param options call limit
   * @returns the reply line
   */
  raw(words: readonly string[], options?: CallOptions): Promise<string> {
    return this.#exclusive(async (deadline) => {
      await this.#send(words, deadline);
      return await this.#read(deadline);
    }, options);
  }

  /**
   * `GET <query...>`: one line echoing the query.
   * @param query the words after GET
   * @param options call limit
   * @returns the answer's words (echo included)
   */
  get(query: readonly string[], options?: CallOptions): Promise<string[]> {
    return this.#exclusive(async (deadline) => {
      await this.#send(["GET", ...query], deadline);
      return parseGetReply(query, await this.#read(deadline));
    }, options);
  }

  /**
   * `LIST <query...>`: the rows between BEGIN LIST and END LIST.
   * @param query the words after LIST
   * @param options call limit (for the whole list)
   * @returns every row's words (echo included)
   */
  list(query: readonly string[], options?: CallOptions): Promise<string[][]> {
    return this.#exclusive(async (deadline) => {
      await this.#send(["LIST", ...query], deadline);
      const reader = new ListReader(query, this.#maxRows);
      while (!reader.push(await this.#read(deadline)));
      return reader.rows;
    }, options);
  }

  /**
   * Sends a command answered by `OK [...]`.
   * @param words the request
   * @param options call limit
   * @returns the words after OK
   * @throws {NutError} on ERR
   */
  command(words: readonly string[], options?: CallOptions): Promise<string[]> {
    return this.#exclusive(async (deadline) => {
      await this.#send(words, deadline);
      return parseOkReply(await this.#read(deadline));
    }, options);
  }

  /**
   * `GET VAR`: a variable's value.
   * @param ups device name
   * @param name variable name
   * @param options call limit
   * @returns the value
   */
  async getVar(ups: string, name: string, options?: CallOptions): Promise<string> {
    const a = await this.get(["VAR", ups, name], options);
    return need(a, 4)[3];
  }

  /**
   * `GET TYPE`: a variable's type.
   * @param ups device name
   * @param name variable name
   * @param options call limit
   * @returns the type (RW, ENUM, RANGE, STRING:n, NUMBER)
   */
  async getType(ups: string, name: string, options?: CallOptions): Promise<VarType> {
    const a = await this.get(["TYPE", ups, name], options);
    return parseVarType(a.slice(3));
  }

  /**
   * `GET DESC`: a variable's description.
   * @param ups device name
   * @param name variable name
   * @param options call limit
   * @returns the description ("Unavailable" when the server has none)
   */
  async getDesc(ups: string, name: string, options?: CallOptions): Promise<string> {
    return need(await this.get(["DESC", ups, name], options), 4)[3];
  }

  /**
   * `GET CMDDESC`: an instant command's description.
   * @param ups device name
   * @param command command name
   * @param options call limit
   * @returns the description
   */
  async getCmdDesc(ups: string, command: string, options?: CallOptions): Promise<string> {
    return need(await this.get(["CMDDESC", ups, command], options), 4)[3];
  }

  /**
   * `GET UPSDESC`: the device's `desc` from ups.conf.
   * @param ups device name
   * @param options call limit
   * @returns the description ("Unavailable" when unset)
   */
  async getUpsDesc(ups: string, options?: CallOptions): Promise<string> {
    return need(await this.get(["UPSDESC", ups], options), 3)[2];
  }

  /**
   * `GET NUMLOGINS`: how many clients did LOGIN on the device.
   * @param ups device name
   * @param options call limit
   * @returns the count
   */
  async getNumLogins(ups: string, options?: CallOptions): Promise<number> {
    const v = need(await this.get(["NUMLOGINS", ups], options), 3)[2];
    if (!/^\d+$/.test(v)) throw invalidResponse(`NUMLOGINS ${ups} is "${v}"`);
    return Number(v);
  }

  /**
   * `LIST UPS`: the devices of the server.
   * @param options call limit
   * @returns name and description of each
   */
  async listUps(options?: CallOptions): Promise<NutDevice[]> {
    const rows = await this.list(["UPS"], options);
    return rows.map((r) => ({ name: need(r, 3)[1], description: r[2] }));
  }

  /**
   * `LIST VAR`: every variable of a device, in the server's order.
   * @param ups device name
   * @param options call limit
   * @returns names and values
   */
  async listVar(ups: string, options?: CallOptions): Promise<NutVariable[]> {
    const rows = await this.list(["VAR", ups], options);
    return rows.map((r) => ({ name: need(r, 4)[2], value: r[3] }));
  }

  /**
   * `LIST RW`: the writable variables of a device.
   * @param ups device name
   * @param options call limit
   * @returns names and values
   */
  async listRw(ups: string, options?: CallOptions): Promise<NutVariable[]> {
    const rows = await this.list(["RW", ups], options);
    return rows.map((r) => ({ name: need(r, 4)[2], value: r[3] }));
  }

  /**
   * `LIST CMD`: the instant commands of a device.
   * @param ups device name
   * @param options call limit
   * @returns command names
   */
  async listCmd(ups: string, options?: CallOptions): Promise<string[]> {
    const rows = await this.list(["CMD", ups], options);
    return rows.map((r) => need(r, 3)[2]);
  }

  /**
   * `LIST ENUM`: the allowed values of an ENUM variable.
   * @param ups device name
   * @param name variable name
   * @param options call limit
   * @returns the values
   */
  async listEnum(ups: string, name: string, options?: CallOptions): Promise<string[]> {
    const rows = await this.list(["ENUM", ups, name], options);
    return rows.map((r) => need(r, 4)[3]);
  }

  /**
   * `LIST RANGE`: the allowed ranges of a RANGE variable.
   * @param ups device name
   * @param name variable name
   * @param options call limit
   * @returns the ranges
   */
  async listRange(ups: string, name: string, options?: CallOptions): Promise<NutRange[]> {
    const rows = await this.list(["RANGE", ups, name], options);
    return rows.map((r) => ({ min: need(r, 5)[3], max: r[4] }));
  }

  /**
   * `LIST CLIENT`: addresses of the clients logged in to a device.
   * @param ups device name
   * @param options call limit
   * @returns the addresses
   */
  async listClient(ups: string, options?: CallOptions): Promise<string[]> {
    const rows = await this.list(["CLIENT", ups], options);
    return rows.map((r) => need(r, 3)[2]);
  }

  /**
   * `USERNAME`.
   * @param name the user (upsd.users section)
   * @param options call limit
   */
  async username(name: string, options?: CallOptions): Promise<void> {
    await this.command(["USERNAME", name], options);
  }

  /**
   * `PASSWORD`.
   * @param password the password
   * @param options call limit
   */
  async password(password: string, options?: CallOptions): Promise<void> {
    await this.command(["PASSWORD", password], options);
  }

  /**
   * `LOGIN`: registers this connection as drawing power from the device (upsmon).
   * @param ups device name
   * @param options call limit
   */
  async login(ups: string, options?: CallOptions): Promise<void> {
    await this.command(["LOGIN", ups], options);
  }

  /**
   * `PRIMARY` (NUT 2.8.0+), falling back to `MASTER` for older servers.
   * @param ups device name
   * @param options call limit
   * @returns the server's words after OK (e.g. `["PRIMARY-GRANTED"]`)
   */
  async primary(ups: string, options?: CallOptions): Promise<string[]> {
    try {
      return await this.command(["PRIMARY", ups], options);
    } catch (e) {
      if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
        return await this.command(["MASTER", ups], options);
      }
      throw e;
    }
  }

  /**
   * `FSD`: sets the forced-shutdown flag of a device.
   * @param ups device name
   * @param options call limit
   */
  async fsd(ups: string, options?: CallOptions): Promise<void> {
    await this.command(["FSD", ups], options);
  }

  /**
   * `SET VAR`.
   * @param ups device name
   * @param name variable name
   * @param value new value
   * @param options call limit
   * @returns the tracking id when TRACKING is on, else undefined
   */
  async setVar(ups: string, name: string, value: string, options?: CallOptions): Promise<string | undefined> {
    return trackingId(await this.command(["SET", "VAR", ups, name, value], options));
  }

  /**
   * `INSTCMD`, with the optional parameter of protocol 1.3.
   * @param ups device name
   * @param command command name
   * @param param parameter (e.g. a delay), if any
   * @param options call limit
   * @returns the tracking id when TRACKING is on, else undefined
   */
  async instCmd(
    ups: string,
    command: string,
    param?: string,
    options?: CallOptions,
  ): Promise<string | undefined> {
    const words = ["INSTCMD", ups, command];
    if (param !== undefined) words.push(param);
    return trackingId(await this.command(words, options));
  }

  /**
   * `SET TRACKING ON|OFF`.
   * @param on whether SET VAR / INSTCMD answers carry a tracking id
   * @param options call limit
   */
  async setTracking(on: boolean, options?: CallOptions): Promise<void> {
    await this.command(["SET", "TRACKING", on ? "ON" : "OFF"], options);
  }

  /**
   * `GET TRACKING [id]`: without id, whether tracking is on ("ON"/"OFF"); with an id, the result of that
   * command: "PENDING", "SUCCESS", or the error line ("ERR FAILED", "ERR INVALID-ARGUMENT", "ERR UNKNOWN").
   * @param id tracking id from setVar/instCmd
   * @param options call limit
   * @returns the server's line
   */
  getTracking(id?: string, options?: CallOptions): Promise<string> {
    return this.#exclusive(async (deadline) => {
      await this.#send(id === undefined ? ["GET", "TRACKING"] : ["GET", "TRACKING", id], deadline);
      const line = await this.#read(deadline);
      const words = replyWords(line);
      if (words.length === 0) throw invalidResponse("empty answer to GET TRACKING");
      // Only the "ERR <word>" of a request the server refused is an error; results are returned.
      if (words[0] === "ERR" && !(id !== undefined && TRACKING_RESULTS.has(words[1] ?? ""))) {
        throw new NutError(words[1] ?? "", words.slice(2));
      }
      return words.join(" ");
    }, options);
  }

  /**
   * Polls `GET TRACKING <id>` until the result is no longer PENDING.
   * @param id the tracking id
   * @param options overall limit (default 10 s, NUT's DEFAULT_TRACKING_TIMEOUT) and poll interval (1 s)
   * @returns the final line ("SUCCESS" or "ERR ...")
   * @throws {ClientError} TIMEOUT when still pending at the limit
   */
  async waitTracking(id: string, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      const result = await this.getTracking(id, {
        timeoutMs: Math.max(1, Math.min(this.#timeoutMs, remaining(deadline))),
      });
      if (result !== "PENDING") return result;
      if (Date.now() + (options.intervalMs ?? 1000) > deadline) {
        throw new ClientError("TIMEOUT", "Can't receive status tracking information: timeout");
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 1000));
    }
  }

  /**
   * `VER`: the server's version text.
   * @param options call limit
   * @returns e.g. "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/"
   */
  async version(options?: CallOptions): Promise<string> {
    return await this.#plain(["VER"], options);
  }

  /**
   * `PROTVER` (falls back to `NETVER`): the protocol version.
   * @param options call limit
   * @returns e.g. "1.3"
   */
  async protocolVersion(options?: CallOptions): Promise<string> {
    try {
      return await this.#plain(["PROTVER"], options);
    } catch (e) {
      if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
        return await this.#plain(["NETVER"], options);
      }
      throw e;
    }
  }

  /**
   * `HELP`: the server's list of commands.
   * @param options call limit
   * @returns the line
   */
  async help(options?: CallOptions): Promise<string> {
    return await this.#plain(["HELP"], options);
  }

  #plain(words: string[], options?: CallOptions): Promise<string> {
    return this.#exclusive(async (deadline) => {
      await this.#send(words, deadline);
      const line = await this.#read(deadline);
      const w = replyWords(line);
      if (w[0] === "ERR") throw new NutError(w[1] ?? "", w.slice(2));
      return line;
    }, options);
  }

  /**
   * `STARTTLS`, then the TLS handshake. In mode "try", a server without TLS leaves the connection in
   * clear text (unless verification is required, as NUT does); in mode "require" that is an error.
   * @param tls settings (mode "try" when not given)
   * @param options call limit (request and handshake)
   * @returns true when the connection is now encrypted
   * @throws {ClientError} SSL (handshake failed, certificate rejected) or SSL-UNAVAILABLE
   */
  starttls(tls: TlsOptions = {}, options?: CallOptions): Promise<boolean> {
    const mode = tls.mode ?? "try";
    return this.#exclusive(async (deadline) => {
      if (this.#transport.encrypted) return true;
      const ca = await loadCa(tls);
      await this.#send(["STARTTLS"], deadline);
      const line = await this.#read(deadline);
      if (!line.startsWith("OK STARTTLS")) {
        if (mode === "require") {
          throw new ClientError("SSL-UNAVAILABLE", "SSL is not available", { cause: new Error(line) });
        }
        if (tls.verify) {
          throw new ClientError("SSL-UNAVAILABLE", "SSL is not available", {
            cause: new Error(`certificate verification required, server answered "${line}"`),
          });
        }
        return false;
      }
      await this.#transport.startTls({
        verify: tls.verify ?? false,
        ca,
        servername: tls.certName ?? this.host,
        cert: tls.certFile ? await readBoundedText(tls.certFile, MAX_PEM_FILE) : undefined,
        key: tls.keyFile ? await readBoundedText(tls.keyFile, MAX_PEM_FILE) : undefined,
        timeoutMs: remaining(deadline),
      });
      return true;
    }, options);
  }

  /**
   * `LOGOUT`, waiting for the server's goodbye, then closes.
   * @param options call limit
   */
  async logout(options?: CallOptions): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#exclusive(async (deadline) => {
        await this.#send(["LOGOUT"], deadline);
        const line = await this.#read(deadline);
        if (!line.startsWith("OK") && !line.startsWith("Goodbye")) parseOkReply(line);
      }, options);
    } finally {
      this.close();
    }
  }

  /**
   * Hands the connection over to a reader of lines the one-answer-per-request model does not expect (the
   * status push extension, push_reader.ts), once the calls already queued are done. The client is closed
   * from then on (later calls fail with CLOSED) and sends nothing more.
   * @returns the connection, now the caller's to read, write and close
   * @throws {ClientError} CLOSED when the client was already closed
   */
  detach(): Promise<LineTransport> {
    return this.#exclusive(() => {
      this.#closed = true;
      return Promise.resolve(this.#transport);
    });
  }

  /** Closes the connection, telling the server LOGOUT without waiting (as NUT's client does). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transport.close("LOGOUT");
  }

  /** @inheritdoc */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }
}

/** The results of `GET TRACKING <id>` that are answers, not refusals. */
const TRACKING_RESULTS = new Set(["UNKNOWN", "INVALID-ARGUMENT", "FAILED"]);

function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

function need(words: string[], count: number): string[] {
  if (words.length < count) {
    throw invalidResponse(`insufficient data (got ${words.length} args, need at least ${count})`);
  }
  return words;
}

function trackingId(words: string[]): string | undefined {
  return words[0] === "TRACKING" && words[1] ? words[1] : undefined;
}
