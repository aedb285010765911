/**
 * A simulated load switch for dummy-ups (an extension, off unless the `simulate_shutdown` flag is set):
 * what a UPS does with the commands of a clean shutdown and return (docs/nut-names.txt), so a power race
 * can be rehearsed end to end:
 *
 * - `shutdown.return`: the load goes off `ups.delay.shutdown` seconds later, and comes back
 *   `ups.delay.start` seconds after line power is present (at once counting if the power is already back:
 *   the power cycle that reboots hosts halted during a power race);
 * - `shutdown.stayoff`: off after `ups.delay.shutdown`, stays off whatever the power does;
 * - `shutdown.stop`: cancels a pending shutdown;
 * - `shutdown.reboot`: off now, back on after `ups.delay.start`;
 * - `load.off` / `load.on`: at once; `load.off.delay` / `load.on.delay`: after the given seconds, or
 *   `ups.delay.shutdown` / `ups.delay.start`.
 *
 * `ups.timer.shutdown` and `ups.timer.start` count down the pending switches (-1 when none). Pure: time
 * is passed in.
 * @module
 */

/** Instant commands the switch answers. */
export const LOAD_SWITCH_COMMANDS = [
  "load.off",
  "load.on",
  "load.off.delay",
  "load.on.delay",
  "shutdown.return",
  "shutdown.stayoff",
  "shutdown.stop",
  "shutdown.reboot",
] as const;

/** The delays in effect (seconds). */
export interface SwitchDelays {
  /** `ups.delay.shutdown`. */
  shutdown: number;
  /** `ups.delay.start`. */
  start: number;
}

/** What the switch shows. */
export interface SwitchView {
  /** Whether the load is powered. */
  loadOn: boolean;
  /** `ups.timer.shutdown`: seconds until the load goes off, -1 when not pending. */
  timerShutdown: number;
  /** `ups.timer.start`: seconds until the load comes back, -1 when not pending. */
  timerStart: number;
}

/** The switch. */
export class LoadSwitch {
  #on = true;
  #offAt: number | undefined;
  #onAt: number | undefined;
  #returnOnPower = false;
  #powerSince: number | undefined;
  #startDelayMs = 0;

  /** Whether the load is powered. */
  get loadOn(): boolean {
    return this.#on;
  }

  /**
   * Runs a command.
   * @param name the command
   * @param param its parameter (seconds, for the `*.delay` commands)
   * @param now current time, epoch ms
   * @param delays `ups.delay.shutdown` and `ups.delay.start`
   * @returns true when handled, false for a command the switch does not know or a bad parameter
   * @example
   * ```ts
   * import { assertEquals } from "../../testing/asserts.ts";
   * const s = new LoadSwitch();
   * s.command("shutdown.return", undefined, 0, { shutdown: 20, start: 30 });
   * assertEquals(s.tick(19_000, false), { loadOn: true, timerShutdown: 1, timerStart: -1 });
   * assertEquals(s.tick(20_000, false), { loadOn: false, timerShutdown: -1, timerStart: -1 });
   * assertEquals(s.tick(25_000, true), { loadOn: false, timerShutdown: -1, timerStart: 30 });
   * assertEquals(s.tick(55_000, true).loadOn, true);
   * ```
   */
  command(name: string, param: string | undefined, now: number, delays: SwitchDelays): boolean {
    let seconds: number | undefined;
    if (param !== undefined && param !== "") {
      if (!/^\d+$/.test(param)) return false;
      seconds = Number(param);
    }
    switch (name) {
      case "load.off":
        this.#on = false;
        this.#offAt = this.#onAt = undefined;
        this.#returnOnPower = false;
        return true;
      case "load.on":
        this.#on = true;
        this.#offAt = this.#onAt = undefined;
        this.#returnOnPower = false;
        return true;
      case "load.off.delay":
        this.#offAt = now + (seconds ?? delays.shutdown) * 1000;
        this.#returnOnPower = false;
        return true;
      case "load.on.delay":
        if (!this.#on) this.#onAt = now + (seconds ?? delays.start) * 1000;
        return true;
      case "shutdown.return":
        this.#offAt = now + (seconds ?? delays.shutdown) * 1000;
        this.#onAt = undefined;
        this.#returnOnPower = true;
        this.#startDelayMs = delays.start * 1000;
        this.#powerSince = undefined;
        return true;
      case "shutdown.stayoff":
        this.#offAt = now + (seconds ?? delays.shutdown) * 1000;
        this.#onAt = undefined;
        this.#returnOnPower = false;
        return true;
      case "shutdown.stop":
        if (this.#offAt !== undefined) {
          this.#offAt = undefined;
          this.#returnOnPower = false;
        }
        return true;
      case "shutdown.reboot":
        this.#on = false;
        this.#offAt = undefined;
        this.#returnOnPower = false;
        this.#onAt = now + (seconds ?? delays.start) * 1000;
        return true;
    }
    return false;
  }

  /**
   * Moves time forward.
   * @param now current time, epoch ms
   * @param linePower whether the UPS has line power (its status says OL, not OB)
   * @returns what the switch shows now
   */
  tick(now: number, linePower: boolean): SwitchView {
    if (this.#offAt !== undefined && now >= this.#offAt) {
      this.#on = false;
      this.#offAt = undefined;
    }
    if (!this.#on && this.#returnOnPower && this.#offAt === undefined) {
      if (linePower) {
        this.#powerSince ??= now;
        if (now - this.#powerSince >= this.#startDelayMs) {
          this.#on = true;
          this.#returnOnPower = false;
          this.#powerSince = undefined;
        }
      } else this.#powerSince = undefined;
    }
    if (this.#onAt !== undefined && now >= this.#onAt) {
      this.#on = true;
      this.#onAt = undefined;
    }
    return this.view(now);
  }

  /**
   * What the switch shows, without moving time.
   * @param now current time, epoch ms
   * @returns the view
   */
  view(now: number): SwitchView {
    const secs = (at: number | undefined) =>
      at === undefined ? -1 : Math.max(0, Math.ceil((at - now) / 1000));
    let start = this.#onAt;
    if (start === undefined && !this.#on && this.#returnOnPower && this.#powerSince !== undefined) {
      start = this.#powerSince + this.#startDelayMs;
    }
    return { loadOn: this.#on, timerShutdown: secs(this.#offAt), timerStart: secs(start) };
  }

  /**
   * The next moment something changes (for the driver to wake up then).
   * @returns epoch ms, or undefined
   */
  nextChange(): number | undefined {
    const times = [this.#offAt, this.#onAt];
    if (!this.#on && this.#returnOnPower && this.#powerSince !== undefined) {
      times.push(this.#powerSince + this.#startDelayMs);
    }
    const defined = times.filter((t): t is number => t !== undefined);
    return defined.length ? Math.min(...defined) : undefined;
  }
}
