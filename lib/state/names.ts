/**
 * Ordering and identity of NUT names: the state tree of NUT is sorted and keyed case-insensitively
 * (strcasecmp), so `LIST VAR` comes out in that order whatever order a driver sent.
 * @module
 */

/**
 * Compares two names as C's strcasecmp does (ASCII letters folded to lower case, then byte order).
 * @param a first name
 * @param b second name
 * @returns negative, zero or positive
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(["ups.status", "battery.charge", "Battery.a"].sort(compareNames), ["Battery.a", "battery.charge", "ups.status"]);
 * ```
 */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/**
 * The key under which a name is stored: its ASCII lower-case form.
 * @param name a variable or command name
 * @returns the lookup key
 */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
