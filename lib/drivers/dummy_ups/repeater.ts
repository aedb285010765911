/**
 * dummy-ups' repeater mode: `port = ups@host[:port]` makes the driver a NUT client that mirrors another
 * server's device (LIST VAR each poll, STARTTLS when offered, as NUT 2.8.0's repeater). NUT 2.8.0 takes
 * no credentials and forwards nothing; with `-x username=... -x password=...` (an extension) SET and
 * instant commands are forwarded to the remote upsd and its commands are mirrored.
 * @module
 */
import { NutClient } from "../../client/client.ts";
import { splitName } from "../../client/address.ts";
import { NutError } from "../../protocol/errors.ts";
import { HANDLER_STATUS, type HandlerStatus } from "../../sock/messages.ts";
import type { DeviceWriter } from "../../driver/types.ts";
import type { Logger } from "../../log.ts";
import { type DummyStatus, writeDummyVar } from "./dummy_state.ts";

/** Options of a {@linkcode Repeater}. */
export interface RepeaterOptions {
  /** `ups@host[:port]`. */
  target: string;
  /** Where values go. */
  state: DeviceWriter;
  /** ups.status composer. */
  status: DummyStatus;
  /** Logger. */
  log: Logger;
  /** upsd.users user for forwarding SET / INSTCMD. */
  username?: string;
  /** Its password. */
  password?: string;
  /** Limit of one network call (default 5 s). */
  timeoutMs?: number;
}

/** Commands the repeater always declares (NUT's dummy-ups declares load.off in every mode). */
const OWN_COMMANDS = new Set(["load.off"]);

/** Mirrors a remote device. */
export class Repeater {
  #opts: RepeaterOptions;
  #ups: string;
  #host: string;
  #port: number;
  #client: NutClient | undefined;
  #cmdClient: NutClient | undefined;
  #mirrored = new Set<string>();
  #commands = new Set<string>();

  /**
   * @param options target, state, credentials
   * @throws {Error} "invalid UPS definition" when the target cannot be parsed
   */
  constructor(options: RepeaterOptions) {
    this.#opts = options;
    try {
      const a = splitName(options.target);
      this.#ups = a.ups;
      this.#host = a.host;
      this.#port = a.port;
    } catch {
      throw new Error("Error: invalid UPS definition.\nRequired format: upsname[@hostname[:port]]");
    }
  }

  /** True when SET and INSTCMD are forwarded. */
  get forwarding(): boolean {
    return this.#opts.username !== undefined && this.#opts.password !== undefined;
  }

  async #connect(login: boolean): Promise<NutClient> {
    const c = await NutClient.connect(this.#host, this.#port, {
      tls: "try",
      timeoutMs: this.#opts.timeoutMs ?? 5000,
      connectTimeoutMs: this.#opts.timeoutMs ?? 5000,
    });
    if (login && this.forwarding) {
      try {
        await c.username(this.#opts.username!);
        await c.password(this.#opts.password!);
      } catch (e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /**
   * Connects (if needed) and mirrors the remote variables (and commands, when forwarding).
   * @throws {Error} when the server cannot be reached or refuses (e.g. UNKNOWN-UPS, DATA-STALE)
   */
  async poll(): Promise<void> {
    if (!this.#client || this.#client.closed) {
      this.#client = await this.#connect(false);
      this.#opts.log.debug(1, `Connected to ${this.#ups}@${this.#host}`);
    }
    const client = this.#client;
    let vars;
    try {
      vars = await client.listVar(this.#ups);
    } catch (e) {
      if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
        throw new Error("Error: upsd is too old to support this query");
      }
      throw e;
    }
    const { state, status } = this.#opts;
    const seen = new Set<string>();
    for (const v of vars) {
      if (v.name.startsWith("driver.")) continue;
      seen.add(v.name);
      if (v.name === "ups.status") status.setStatus(state, [v.value]);
      else writeDummyVar(state, v.name, v.value);
    }
    for (const name of this.#mirrored) if (!seen.has(name)) state.delInfo(name);
    this.#mirrored = seen;
    if (this.forwarding) {
      const cmds = new Set(await client.listCmd(this.#ups));
      for (const c of cmds) if (!this.#commands.has(c)) state.addCmd(c);
      for (const c of this.#commands) if (!cmds.has(c) && !OWN_COMMANDS.has(c)) state.delCmd(c);
      this.#commands = cmds;
    }
  }

  /** Drops the connections (the next poll reconnects). */
  disconnect(): void {
    this.#client?.close();
    this.#client = undefined;
    this.#cmdClient?.close();
    this.#cmdClient = undefined;
  }

  async #forward(words: (c: NutClient) => Promise<string | undefined>, what: string): Promise<HandlerStatus> {
    if (!this.forwarding) {
      this.#opts.log.notice(`${what}: repeater has no credentials to forward it (set username and password)`);
      return HANDLER_STATUS.UNKNOWN;
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        if (!this.#cmdClient || this.#cmdClient.closed) {
          this.#cmdClient = await this.#connect(true);
          await this.#cmdClient.setTracking(true).catch(() => {});
        }
        const id = await words(this.#cmdClient);
        if (id === undefined) return HANDLER_STATUS.HANDLED;
        const result = await this.#cmdClient.waitTracking(id, { timeoutMs: 10_000, intervalMs: 200 });
        return trackingStatus(result);
      } catch (e) {
        if (e instanceof NutError) return errorStatus(e.code);
        this.#cmdClient?.close();
        this.#cmdClient = undefined;
        if (attempt === 1) {
          this.#opts.log.warn(`${what}: ${(e as Error).message}`);
          return HANDLER_STATUS.FAILED;
        }
      }
    }
    return HANDLER_STATUS.FAILED;
  }

  /**
   * Forwards an instant command.
   * @param name command
   * @param param its parameter
   * @returns the remote result
   */
  instCmd(name: string, param: string | undefined): Promise<HandlerStatus> {
    return this.#forward((c) => c.instCmd(this.#ups, name, param), `instcmd ${name}`);
  }

  /**
   * Forwards a SET.
   * @param name variable
   * @param value new value
   * @returns the remote result
   */
  setVar(name: string, value: string): Promise<HandlerStatus> {
    return this.#forward((c) => c.setVar(this.#ups, name, value), `setvar ${name}`);
  }
}

/** GET TRACKING result → handler status. */
function trackingStatus(result: string): HandlerStatus {
  if (result === "SUCCESS") return HANDLER_STATUS.HANDLED;
  const word = result.split(" ")[1] ?? "";
  return errorStatus(word);
}

/** A remote refusal → handler status. */
function errorStatus(code: string): HandlerStatus {
  switch (code) {
    case "CMD-NOT-SUPPORTED":
    case "VAR-NOT-SUPPORTED":
    case "UNKNOWN":
      return HANDLER_STATUS.UNKNOWN;
    case "INVALID-ARGUMENT":
    case "INVALID-VALUE":
    case "READONLY":
    case "TOO-LONG":
      return HANDLER_STATUS.INVALID;
    default:
      return HANDLER_STATUS.FAILED;
  }
}
