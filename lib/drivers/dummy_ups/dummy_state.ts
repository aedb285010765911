/**
 * How dummy-ups writes what it reads (from a definition file, a SET, or a repeated upsd): its "setvar"
 * with the known-variable types, and `ups.status` / `ups.alarm` composed exactly as NUT 2.8.0 composes
 * them (words kept as given, `ignorelb` honoured, `ALARM` in front while an alarm is raised).
 * @module
 */
import { HANDLER_STATUS, type HandlerStatus } from "../../sock/messages.ts";
import type { DeviceWriter } from "../../driver/types.ts";
import { knownVar } from "./known_vars.ts";

/** Longest `ups.status` / `ups.alarm` (NUT's status buffer). */
const MAX_STATUS_LENGTH = 255;

/** C's strtol for the LB comparison: leading integer, 0 when none. */
function leadingInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*([-+]?\d+)/.exec(text);
  return m ? parseInt(m[1], 10) : 0;
}

/**
 * Writes a variable as dummy-ups does: an empty value removes it; otherwise the value is set with the
 * flags and length dummy-ups gives that variable (RW STRING, length 32, for unknown ones).
 * @param state the device state
 * @param name variable name
 * @param value the value
 * @param keepEmpty set an empty value instead of removing the variable (a `.dev` line with no value)
 */
export function writeDummyVar(state: DeviceWriter, name: string, value: string, keepEmpty = false): void {
  if (value === "" && !keepEmpty) {
    state.delInfo(name);
    return;
  }
  state.setInfo(name, value);
  const known = knownVar(name);
  state.setFlags(name, known.flags);
  if (known.length !== undefined) state.setAux(name, known.length);
}

/** The status and alarm side of dummy-ups (one per instance). */
export class DummyStatus {
  #ignoreLb: boolean;
  #alarms: string[] = [];
  #alarmActive = false;
  /** The last status words (dummy-ups starts with `OL`, its essential value). */
  #words: string[] = ["OL"];
  /** The simulated load switch has cut the load (shown as `OFF`). */
  #loadOff = false;

  /** @param ignoreLb the section's `ignorelb` flag */
  constructor(ignoreLb: boolean) {
    this.#ignoreLb = ignoreLb;
  }

  /**
   * Sets `ups.status` from words (a definition-file line, or one SET value).
   * @param state the device state
   * @param words the status words
   */
  setStatus(state: DeviceWriter, words: readonly string[]): void {
    this.#words = [...words];
    this.#commit(state);
  }

  #commit(state: DeviceWriter): void {
    let buf = "";
    for (const w of this.#words) {
      if (this.#ignoreLb && w.toUpperCase() === "LB") continue;
      buf = buf.length > 0 ? `${buf} ${w}` : w;
    }
    if (this.#ignoreLb) {
      const below = (v: string, low: string) => {
        const a = leadingInt(state.getValue(v));
        const b = leadingInt(state.getValue(low));
        return a !== undefined && b !== undefined && a < b;
      };
      if (below("battery.charge", "battery.charge.low") || below("battery.runtime", "battery.runtime.low")) {
        buf += " LB";
      }
    }
    if (this.#loadOff && !this.#words.some((w) => w.toUpperCase() === "OFF")) {
      buf = buf ? `${buf} OFF` : "OFF";
    }
    if (this.#alarmActive) buf = `ALARM ${buf}`;
    state.setInfo("ups.status", buf.slice(0, MAX_STATUS_LENGTH));
  }

  /**
   * Whether the simulated UPS has line power: its status words say OL and not OB.
   * @returns true on line power
   */
  linePower(): boolean {
    const words = this.#words.flatMap((w) => w.toUpperCase().split(/\s+/));
    return words.includes("OL") && !words.includes("OB");
  }

  /**
   * Shows (or stops showing) `OFF` for a load cut by the simulated load switch.
   * @param state the device state
   * @param off whether the load is off
   */
  setLoadOff(state: DeviceWriter, off: boolean): void {
    if (off === this.#loadOff) return;
    this.#loadOff = off;
    this.#commit(state);
  }

  /**
   * `ALARM <message>`: adds an alarm (committed by {@linkcode commitAlarms}); `ALARM` alone clears them.
   * @param message the alarm text, or empty to clear
   */
  alarm(message: string): void {
    if (message) this.#alarms.push(message);
    else this.#alarms = [];
  }

  /**
   * Publishes the alarms collected by ALARM instructions: `ups.alarm` set (or removed) and `ups.status`
   * re-written with or without `ALARM` in front.
   * @param state the device state
   */
  commitAlarms(state: DeviceWriter): void {
    const text = this.#alarms.join(" ").slice(0, MAX_STATUS_LENGTH);
    this.#alarmActive = text.length > 0;
    if (this.#alarmActive) state.setInfo("ups.alarm", text);
    else state.delInfo("ups.alarm");
    this.#commit(state);
  }

  /** Starts a new pass of ALARM instructions (at the top of the definition file). */
  resetAlarms(): void {
    this.#alarms = [];
  }
}

/**
 * dummy-ups's SET handler: any variable it serves may be changed except the `driver.*` and `server.*`
 * collections; `ups.status` goes through the status composition; an empty value removes the variable;
 * new variables cannot be created by SET (only by the definition file).
 * @param state the device state
 * @param status the status composer
 * @param name variable name
 * @param value new value
 * @returns HANDLED, or UNKNOWN for a variable that cannot be set
 */
export function dummySetVar(
  state: DeviceWriter,
  status: DummyStatus,
  name: string,
  value: string,
): HandlerStatus {
  const lower = name.toLowerCase();
  if (lower.startsWith("driver.") || lower.startsWith("server.")) return HANDLER_STATUS.UNKNOWN;
  if (state.getValue(name) === undefined) return HANDLER_STATUS.UNKNOWN;
  if (lower === "ups.status") {
    status.setStatus(state, [value]);
    return HANDLER_STATUS.HANDLED;
  }
  writeDummyVar(state, name, value);
  return HANDLER_STATUS.HANDLED;
}
