/**
 * Test assertions over node:assert (the std library on JSR is not reachable from this project's network).
 * @module
 */
import assert from "node:assert/strict";

/**
 * Deep strict equality.
 * @param actual value under test
 * @param expected value it must equal
 * @param message context printed on failure
 */
export function assertEquals<T>(actual: unknown, expected: T, message?: string): asserts actual is T {
  assert.deepStrictEqual(actual, expected, message);
}

/**
 * Deep strict inequality.
 * @param actual value under test
 * @param expected value it must differ from
 * @param message context printed on failure
 */
export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  assert.notDeepStrictEqual(actual, expected, message);
}

/**
 * Truthiness.
 * @param value value under test
 * @param message context printed on failure
 */
export function assert_(value: unknown, message?: string): asserts value {
  assert.ok(value, message);
}
export { assert_ as assert };

/**
 * The string contains the fragment.
 * @param actual text under test
 * @param expected fragment
 */
export function assertStringIncludes(actual: string, expected: string): void {
  if (!actual.includes(expected)) {
    throw new assert.AssertionError({
      message: `expected ${JSON.stringify(actual)} to include ${JSON.stringify(expected)}`,
    });
  }
}

/**
 * The function throws an error of the given class, whose message includes `includes`.
 * @param fn code under test
 * @param errorClass expected class
 * @param includes expected message fragment
 * @returns the error
 */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  errorClass?: new (...args: never[]) => E,
  includes?: string,
): E {
  try {
    fn();
  } catch (e) {
    checkError(e, errorClass, includes);
    return e as E;
  }
  throw new assert.AssertionError({ message: "expected function to throw" });
}

/**
 * The promise rejects with an error of the given class, whose message includes `includes`.
 * @param fn code under test
 * @param errorClass expected class
 * @param includes expected message fragment
 * @returns the error
 */
export async function assertRejects<E extends Error = Error>(
  fn: () => Promise<unknown>,
  errorClass?: new (...args: never[]) => E,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (e) {
    checkError(e, errorClass, includes);
    return e as E;
  }
  throw new assert.AssertionError({ message: "expected promise to reject" });
}

function checkError(e: unknown, errorClass?: new (...args: never[]) => Error, includes?: string): void {
  if (errorClass && !(e instanceof errorClass)) {
    throw new assert.AssertionError({ message: `expected ${errorClass.name}, got ${String(e)}` });
  }
  if (includes && !(e instanceof Error && e.message.includes(includes))) {
    throw new assert.AssertionError({
      message: `expected message to include ${JSON.stringify(includes)}, got ${String(e)}`,
    });
  }
}
