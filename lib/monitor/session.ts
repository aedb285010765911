/**
 * One MONITOR line's connection to its data server, as upsmon holds it: connect (STARTTLS per
 * CERTPATH/CERTHOST/CERTVERIFY/FORCESSL), USERNAME, PASSWORD, LOGIN (counted by GET NUMLOGINS), and
 * PRIMARY for a primary; then `GET VAR <ups> ups.status` polls, `FSD` and `GET NUMLOGINS`. Every call
 * is bounded in time; a broken connection is opened again at the next poll.
 * @module
 */
import type { MonitorEntry } from "../../config/upsmon_conf.ts";
import { ClientError, NutClient, type TlsOptions } from "../client/mod.ts";
import { NutError } from "../protocol/errors.ts";
import type { Logger } from "../log.ts";
import type { FailureObservation, Observation } from "./types.ts";

/** NUT's upsmon waits this long for upsd (NET_TIMEOUT). */
export const NET_TIMEOUT_MS = 10_000;

/** Options of a {@linkcode UpsSession}. */
export interface UpsSessionOptions {
  /** The MONITOR line. */
  entry: MonitorEntry;
  /** TLS settings for this server (undefined: plain text). */
  tls?: TlsOptions;
  /** CERTVERIFY is set but CERTPATH is not: NUT refuses to connect. */
  certVerifyWithoutPath?: boolean;
  /** LOGIN (and PRIMARY) on the UPS: false in a dry run, which must not count as a client drawing power. */
  login: boolean;
  /** Only IPv4 or IPv6 addresses (-4 / -6). */
  family?: 4 | 6;
  /** Limit of connecting (default 10 s; -W). */
  connectTimeoutMs?: number;
  /** Limit of each request (default NET_TIMEOUT, 10 s). */
  timeoutMs?: number;
  /** Logger. */
  log: Logger;
  /** Protocol trace (debug level 5). */
  trace?: (direction: "send" | "recv", line: string) => void;
}

/** A failure of a session call: the log line and a code for throttling. */
export class SessionError extends Error {
  /**
   * @param code short cause (e.g. "CONNECT", "DATA-STALE")
   * @param message the log line
   * @param disconnected the connection broke during this call
   */
  constructor(readonly code: string, message: string, readonly disconnected: boolean) {
    super(message);
    this.name = "SessionError";
  }
}

/**
 * What the monitor needs of a MONITOR line's connection ({@linkcode UpsSession}; tests use fakes).
 */
export interface MonitorSession {
  /** The MONITOR line. */
  readonly entry: MonitorEntry;
  /** The UPS as written on the MONITOR line. */
  readonly system: string;
  /** The open connection, if any (a push source may use it). */
  readonly client: NutClient | undefined;
  /**
   * Calls `listener` with each new connection, once logged in.
   * @returns a function that removes it
   */
  onConnected(listener: (client: NutClient) => void): () => void;
  /** One poll: a status or a failure observation. */
  poll(): Promise<Observation>;
  /** `FSD <ups>`. */
  setFsd(): Promise<{ ok: boolean; message?: string }>;
  /** `GET NUMLOGINS <ups>` (undefined when it failed). */
  numLogins(): Promise<number | undefined>;
  /** LOGOUT and close for good. */
  close(): Promise<void>;
}

/** The connection of one MONITOR line. */
export class UpsSession implements MonitorSession {
  #opts: UpsSessionOptions;
  #client: NutClient | undefined;
  #loggedIn = false;
  #listeners = new Set<(client: NutClient) => void>();
  #connecting: Promise<NutClient> | undefined;
  #closed = false;

  /** @param options the MONITOR line, TLS, logging */
  constructor(options: UpsSessionOptions) {
    this.#opts = options;
  }

  /** The MONITOR line. */
  get entry(): MonitorEntry {
    return this.#opts.entry;
  }

  /** The UPS as written on the MONITOR line. */
  get system(): string {
    return this.#opts.entry.system;
  }

  /** The open connection, if any (a push source may use it; calls on it are queued). */
  get client(): NutClient | undefined {
    return this.#client && !this.#client.closed ? this.#client : undefined;
  }

  /** Whether LOGIN succeeded on the current connection. */
  get loggedIn(): boolean {
    return this.client !== undefined && this.#loggedIn;
  }

  /**
   * Calls `listener` with each new connection, once logged in (a push source subscribes there).
   * @param listener the callback
   * @returns a function that removes it
   */
  onConnected(listener: (client: NutClient) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Opens the connection if needed: connect, authenticate, LOGIN, PRIMARY. An authentication failure is
   * logged and the connection kept (NUT's upsmon then monitors without LOGIN, as it does).
   * @returns the connection
   * @throws {SessionError} when the server cannot be reached
   */
  ensure(): Promise<NutClient> {
    const open = this.client;
    if (open) return Promise.resolve(open);
    if (this.#closed) return Promise.reject(new SessionError("CLOSED", "session closed", false));
    this.#connecting ??= this.#connect().finally(() => this.#connecting = undefined);
    return this.#connecting;
  }

  async #connect(): Promise<NutClient> {
    const { entry, log } = this.#opts;
    log.debug(1, `Trying to connect to UPS [${entry.system}]`);
    this.#loggedIn = false;
    if (this.#opts.certVerifyWithoutPath) {
      log.error("Configuration error: CERTVERIFY is set, but CERTPATH isn't");
      throw new SessionError(
        "CONFIG",
        `UPS [${entry.system}]: Connection impossible, dropping link`,
        false,
      );
    }
    let client: NutClient;
    try {
      client = await NutClient.connect(entry.host, entry.port, {
        timeoutMs: this.#opts.timeoutMs ?? NET_TIMEOUT_MS,
        connectTimeoutMs: this.#opts.connectTimeoutMs,
        tls: this.#opts.tls ?? false,
        family: this.#opts.family,
        trace: this.#opts.trace,
      });
    } catch (e) {
      throw new SessionError(
        "CONNECT",
        `UPS [${entry.system}]: connect failed: ${(e as Error).message}`,
        false,
      );
    }
    if (this.#closed) {
      client.close();
      throw new SessionError("CLOSED", "session closed", false);
    }
    this.#client = client;
    await this.#authenticate(client);
    for (const l of this.#listeners) {
      try {
        l(client);
      } catch (e) {
        log.error(`UPS [${entry.system}]: connection listener failed: ${(e as Error).message}`);
      }
    }
    return client;
  }

  async #authenticate(client: NutClient): Promise<void> {
    const { entry, log } = this.#opts;
    const step = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
      try {
        await fn();
        return true;
      } catch (e) {
        log.error(`${what} [${entry.system}] failed: ${(e as Error).message}`);
        return false;
      }
    };
    if (!await step("Set username on", () => client.username(entry.username))) return;
    if (!await step("Set password on", () => client.password(entry.password))) return;
    if (!this.#opts.login) {
      log.debug(1, `UPS [${entry.system}]: dry run, not logging in (LOGIN would count this host as powered)`);
      return;
    }
    if (!await step("Login to UPS", () => client.login(entry.ups))) return;
    this.#loggedIn = true;
    log.debug(1, `Logged into UPS ${entry.system}`);
    if (entry.role === "primary") {
      try {
        await client.primary(entry.ups);
      } catch (e) {
        log.error(`Primary managerial privileges unavailable on UPS [${entry.system}]`);
        log.error(`Reason: ${(e as Error).message}`);
      }
    }
  }

  /**
   * One poll: connects if needed, reads `ups.status` (and `ups.alarm` when alarmed).
   * @returns the observation (a failure observation when the UPS could not be read)
   */
  async poll(): Promise<Observation> {
    const { entry } = this.#opts;
    let client: NutClient;
    try {
      client = await this.ensure();
    } catch (e) {
      return failure(entry.system, e);
    }
    try {
      const status = await client.getVar(entry.ups, "ups.status");
      let alarm: string | undefined;
      if (/(^|\s)ALARM(\s|$)/i.test(status)) {
        alarm = await client.getVar(entry.ups, "ups.alarm").catch(() => undefined);
      }
      return alarm === undefined
        ? { kind: "status", system: entry.system, status }
        : { kind: "status", system: entry.system, status, alarm };
    } catch (e) {
      const disconnected = client.closed;
      if (disconnected) this.#client = undefined;
      if (e instanceof NutError) {
        const text = e.code === "UNKNOWN-UPS"
          ? `Poll UPS [${entry.system}] failed - [${entry.ups}] does not exist on server ${entry.host}`
          : `Poll UPS [${entry.system}] failed - ${e.message}`;
        return { kind: "failure", system: entry.system, code: e.code, message: text, disconnected };
      }
      return {
        kind: "failure",
        system: entry.system,
        code: e instanceof ClientError ? e.kind : "ERROR",
        message: `Poll UPS [${entry.system}] failed - ${(e as Error).message}`,
        disconnected,
      };
    }
  }

  /**
   * `FSD <ups>` on the connection.
   * @returns whether the server set it, and its answer when not
   */
  async setFsd(): Promise<{ ok: boolean; message?: string }> {
    try {
      const client = await this.ensure();
      await client.fsd(this.#opts.entry.ups);
      return { ok: true };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  }

  /**
   * `GET NUMLOGINS <ups>`.
   * @returns the count, or undefined when it could not be read
   */
  async numLogins(): Promise<number | undefined> {
    try {
      const client = await this.ensure();
      return await client.getNumLogins(this.#opts.entry.ups);
    } catch {
      return undefined;
    }
  }

  /** Closes the connection (LOGOUT); no more connections are opened. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    if (client && !client.closed) await client.logout({ timeoutMs: 2000 }).catch(() => client.close());
  }
}

function failure(system: string, e: unknown): FailureObservation {
  if (e instanceof SessionError) {
    return { kind: "failure", system, code: e.code, message: e.message, disconnected: e.disconnected };
  }
  return {
    kind: "failure",
    system,
    code: "ERROR",
    message: `UPS [${system}]: ${(e as Error).message}`,
    disconnected: false,
  };
}
