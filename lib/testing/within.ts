/**
 * A time limit for one awaited step of a test, so that a regression that blocks (a FIFO opened for
 * reading waits for a writer for ever) fails the test instead of hanging the suite.
 * @module
 */

/**
 * Waits for a promise, at most `ms` milliseconds.
 * @param promise what to wait for
 * @param ms the limit
 * @param what what is awaited, for the error
 * @returns its value
 * @throws {Error} "<what> blocked for <ms> ms" when the limit passes first (and whatever the promise throws)
 * @example
 * ```ts
 * import { assertEquals } from "./asserts.ts";
 * assertEquals(await within(Promise.resolve(1), 100, "one"), 1);
 * ```
 */
export async function within<T>(promise: Promise<T>, ms: number, what = "the step"): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} blocked for ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}
