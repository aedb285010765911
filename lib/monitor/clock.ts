/**
 * Time for the monitor's runtime, injectable: the system clock, or a manual one that tests advance by
 * hand (timers of DEADTIME, HOSTSYNC, FINALDELAY... then run without real waiting).
 * @module
 */

/** A cancellable timer. */
export interface TimerHandle {
  /** Cancels it (no effect once fired). */
  cancel(): void;
}

/** Wall-clock time and timers. */
export interface Clock {
  /** Current time, epoch ms. */
  now(): number;
  /**
   * Calls `fn` after `ms` milliseconds.
   * @param fn the callback
   * @param ms the delay
   * @returns a handle to cancel it
   */
  setTimer(fn: () => void, ms: number): TimerHandle;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const id = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(id) };
  },
};

/**
 * A clock that only moves when told (tests).
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const clock = new ManualClock(1000);
 * const fired: number[] = [];
 * clock.setTimer(() => fired.push(clock.now()), 500);
 * await clock.advance(499);
 * assertEquals(fired, []);
 * await clock.advance(1);
 * assertEquals(fired, [1500]);
 * ```
 */
export class ManualClock implements Clock {
  #now: number;
  #timers: { at: number; fn: () => void; seq: number }[] = [];
  #seq = 0;

  /** @param start the initial time, epoch ms */
  constructor(start = Date.UTC(2024, 0, 1)) {
    this.#now = start;
  }

  /** @inheritdoc */
  now(): number {
    return this.#now;
  }

  /** @inheritdoc */
  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.#now + Math.max(0, ms), fn, seq: this.#seq++ };
    this.#timers.push(timer);
    return { cancel: () => this.#timers = this.#timers.filter((t) => t !== timer) };
  }

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Moves time forward, firing due timers in order (and letting their promises settle in between).
   * @param ms how far
   */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = end;
    await settle();
  }
}

/** Lets pending promise callbacks run (a few macrotask turns). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}
