/**
 * A wait bounded by a timer, for the system transports (a pending read is kept, not lost, when the
 * timer wins).
 * @module
 */

/** What {@linkcode raceTimer} gives when the timer won. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

/**
 * The promise's value, or TIMED_OUT when it did not settle within the limit (it keeps running).
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(await raceTimer(Promise.resolve(1), 10), 1);
 * assertEquals(await raceTimer(new Promise(() => {}), 1), TIMED_OUT);
 * ```
 * @param p the promise
 * @param ms the limit
 * @returns its value or TIMED_OUT
 */
export function raceTimer<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<typeof TIMED_OUT>((resolve) =>
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms))
  );
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
