/**
 * `ups.status` and `ups.alarm` built as a transaction: begin, add words, commit once.
 * @module
 */
import type { DeviceState } from "./device_state.ts";
import type { StatusWord } from "./types.ts";

/** Options of a status transaction. */
export interface StatusOptions {
  /**
   * ups.conf `ignorelb`: ignore the device's LB and raise LB from battery.charge < battery.charge.low
   * or battery.runtime < battery.runtime.low instead.
   */
  ignoreLb?: boolean;
}

/**
 * A status transaction over a {@linkcode DeviceState}. Words are unique and keep the order they were set
 * in; alarms are whole sentences. `commit()` writes `ups.alarm` (or removes it) and `ups.status`, with
 * `ALARM` in front when an alarm is active, and announces only what changed.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { DeviceState } from "./device_state.ts";
 * const state = new DeviceState();
 * const s = new StatusBuilder(state);
 * s.set("OB");
 * s.set("LB");
 * s.set("OB");
 * s.commit();
 * assertEquals(state.getValue("ups.status"), "OB LB");
 * ```
 */
export class StatusBuilder {
  #state: DeviceState;
  #words: string[] = [];
  #alarms: string[] = [];
  #options: StatusOptions;

  /**
   * Starts an empty transaction.
   * @param state the state to write on commit
   * @param options ignorelb handling
   */
  constructor(state: DeviceState, options: StatusOptions = {}) {
    this.#state = state;
    this.#options = options;
  }

  /**
   * Adds a status word (ignored when already present; with ignorelb, the device's LB is ignored).
   * @param word e.g. "OL", "OB", "LB"
   */
  set(word: StatusWord | string): void {
    for (const w of word.split(/\s+/)) {
      if (!w || this.#words.includes(w)) continue;
      if (w === "LB" && this.#options.ignoreLb) continue;
      this.#words.push(w);
    }
  }

  /**
   * Whether a word is already set in this transaction.
   * @param word a status word
   * @returns true when set
   */
  has(word: string): boolean {
    return this.#words.includes(word);
  }

  /**
   * Raises an alarm message (a sentence, e.g. "[Replace battery]").
   * @param message the alarm text
   */
  alarm(message: string): void {
    if (message && !this.#alarms.includes(message)) this.#alarms.push(message);
  }

  /**
   * Writes ups.alarm and ups.status.
   * @returns true when either changed
   */
  commit(): boolean {
    if (this.#options.ignoreLb && !this.#words.includes("LB") && this.#belowLow()) this.#words.push("LB");
    let changed = false;
    if (this.#alarms.length) changed = this.#state.setInfo("ups.alarm", this.#alarms.join(" ")) || changed;
    else changed = this.#state.delInfo("ups.alarm") || changed;
    const words = this.#alarms.length ? ["ALARM", ...this.#words.filter((w) => w !== "ALARM")] : this.#words;
    changed = this.#state.setInfo("ups.status", words.join(" ")) || changed;
    return changed;
  }

  #belowLow(): boolean {
    const below = (value: string, low: string) => {
      const v = parseInt(this.#state.getValue(value) ?? "", 10);
      const l = parseInt(this.#state.getValue(low) ?? "", 10);
      return Number.isFinite(v) && Number.isFinite(l) && v < l;
    };
    return below("battery.charge", "battery.charge.low") || below("battery.runtime", "battery.runtime.low");
  }
}
