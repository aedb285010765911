/**
 * Time, injectable: the system clock, or a manual one that tests advance by hand. The monitor's timers
 * (DEADTIME, HOSTSYNC, FINALDELAY...) and the drivers' polls, delays and reconnect backoff run on it, so
 * their tests run without real waiting.
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

/**
 * Waits on a clock.
 * @param clock the clock
 * @param ms how long
 * @param signal gives up early (the promise then rejects with the signal's reason)
 * @returns when the time has passed
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      timer.cancel();
      reject(signal!.reason);
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
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
