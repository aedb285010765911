/**
 * One UPS as the server serves it: its ups.conf name and description, the mirror of its driver's state,
 * the FSD latch, the count of upsmon logins, and the channel to its driver. No I/O here: the channel is
 * an interface (lib/server/driver_link.ts implements it over the driver's Unix socket).
 * @module
 */
import { DeviceState } from "../state/device_state.ts";
import type { DriverRequest } from "../sock/messages.ts";
import { formatVarLine } from "../protocol/reply.ts";

/** Why a UPS cannot answer for its data right now. */
export type Unavailable = "DRIVER-NOT-CONNECTED" | "DATA-STALE";

/** The server's side of a driver connection. */
export interface DriverChannel {
  /**
   * Whether the driver's data may be served now.
   * @param now clock in ms
   * @returns undefined when available, else the error word
   */
  availability(now: number): Unavailable | undefined;
  /**
   * Sends a request to the driver.
   * @param request INSTCMD or SET (or PING)
   * @returns false when it could not be sent (not connected)
   */
  send(request: DriverRequest): boolean;
}

/** What ups.conf says about one UPS, as far as the server cares. */
export interface UpsDefinition {
  /** Section name. */
  name: string;
  /** Driver program name. */
  driver: string;
  /** `desc =` of the section. */
  desc?: string;
  /** Path of the driver's socket (`<statepath>/<driver>-<name>`). */
  socketPath: string;
}

const NOT_CONNECTED: DriverChannel = {
  availability: () => "DRIVER-NOT-CONNECTED",
  send: () => false,
};

/**
 * A served UPS. LIST VAR and LIST RW texts are built once per change of the state and reused for every
 * client asking with the same spelling of the UPS name.
 */
export class Ups {
  /** Name from ups.conf (as spelled there). */
  readonly name: string;
  /** Description from ups.conf. */
  desc: string | undefined;
  /** Driver program name. */
  driver: string;
  /** Driver socket path. */
  socketPath: string;
  /** Mirror of the driver's state. */
  readonly state: DeviceState = new DeviceState();
  /** Number of sessions logged into this UPS (LOGIN). */
  numLogins = 0;
  /** The channel to the driver (replaced by the server; "not connected" until then). */
  channel: DriverChannel = NOT_CONNECTED;
  #fsd = false;
  #cache: { VAR?: [string, string]; RW?: [string, string] } = {};
  #watchers = new Set<() => void>();

  /**
   * Creates a UPS with no data yet.
   * @param def its definition
   */
  constructor(def: UpsDefinition) {
    this.name = def.name;
    this.desc = def.desc;
    this.driver = def.driver;
    this.socketPath = def.socketPath;
    this.state.subscribe(() => {
      this.#cache = {};
      this.changed();
    });
  }

  /**
   * Registers a listener called whenever what the server serves for this UPS may have changed: a change
   * of the mirrored state, the FSD latch, the driver's connection made or lost, its dump completed (the
   * push of status changes, lib/server/push_hub.ts, listens here). Called synchronously.
   * @param listener the callback
   * @returns a function that removes it
   */
  watch(listener: () => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  /** Tells the watchers that what is served may have changed (the driver link calls it too). */
  changed(): void {
    for (const w of this.#watchers) w();
  }

  /** The FSD latch: once set, `ups.status` reads "FSD <status>" until the UPS is removed. */
  get fsd(): boolean {
    return this.#fsd;
  }

  /** Sets (or clears, for tests) the FSD latch. */
  set fsd(value: boolean) {
    if (value === this.#fsd) return;
    this.#fsd = value;
    this.#cache = {};
    this.changed();
  }

  /**
   * Whether the data may be served now.
   * @param now clock in ms
   * @returns undefined, DRIVER-NOT-CONNECTED or DATA-STALE
   */
  availability(now: number): Unavailable | undefined {
    return this.channel.availability(now);
  }

  /** Forgets the mirrored state (driver gone or reconnecting), without a change event per variable. */
  resetState(): void {
    this.state.reset();
    this.#cache = {};
    this.changed();
  }

  /**
   * A variable's value as served: `ups.status` carries the FSD latch.
   * @param name variable name (any case)
   * @returns the value, or undefined when the driver does not have it
   */
  value(name: string): string | undefined {
    const v = this.state.getValue(name);
    if (v === undefined || !this.#fsd || name.toLowerCase() !== "ups.status") return v;
    return `FSD ${v}`;
  }

  /**
   * The body of LIST VAR or LIST RW: one line per variable, each ending in a newline.
   * @param kind VAR (every variable) or RW (writable ones)
   * @param spelling the UPS name as the client wrote it (echoed)
   * @returns the lines
   */
  listBody(kind: "VAR" | "RW", spelling: string): string {
    const hit = this.#cache[kind];
    if (hit && hit[0] === spelling) return hit[1];
    let text = "";
    for (const v of this.state.vars()) {
      if (kind === "RW" && !v.flags.includes("RW")) continue;
      const value = kind === "VAR" && this.#fsd && v.name.toLowerCase() === "ups.status"
        ? `FSD ${v.value}`
        : v.value;
      text += formatVarLine(kind, spelling, v.name, value) + "\n";
    }
    this.#cache[kind] = [spelling, text];
    return text;
  }
}
