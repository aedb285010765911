/**
 * Properties checked on each input, and the error raised when one does not hold (always a failure, never a
 * typed error of a parser).
 * @module
 */

/** A property of a parser that did not hold on an input. */
export class PropertyError extends Error {
  /**
   * @param message which property, and how it failed
   */
  constructor(message: string) {
    super(message);
    this.name = "PropertyError";
  }
}

/**
 * Serializes plain data for comparison (Maps and Sets as entry lists, undefined kept apart from absent,
 * object keys in sorted order).
 * @param value plain data
 * @returns a canonical text
 */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v instanceof Map) return { "<map>": [...v.entries()] };
    if (v instanceof Set) return { "<set>": [...v] };
    if (v === undefined) return "<undefined>";
    if (typeof v === "number" && !Number.isFinite(v)) return `<${v}>`;
    if (
      v !== null && typeof v === "object" && !Array.isArray(v) &&
      Object.getPrototypeOf(v) === Object.prototype
    ) {
      // Key order is not a property: sort it away.
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * Requires two results to be equal.
 * @param what the property, for the message
 * @param actual one result
 * @param expected the other
 * @throws {PropertyError} when they differ
 * @example
 * ```ts
 * import { assertThrows } from "../lib/testing/asserts.ts";
 * sameValue("chunked = whole", [["VER"]], [["VER"]]);
 * assertThrows(() => sameValue("chunked = whole", [["VER"]], [["VE"]]), PropertyError);
 * ```
 */
export function sameValue(what: string, actual: unknown, expected: unknown): void {
  const a = canonical(actual);
  const b = canonical(expected);
  if (a !== b) throw new PropertyError(`${what}: ${clip(a)} != ${clip(b)}`);
}

/**
 * Requires a condition.
 * @param what the property
 * @param ok whether it holds
 * @throws {PropertyError} when it does not
 */
export function check(what: string, ok: boolean): void {
  if (!ok) throw new PropertyError(what);
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
