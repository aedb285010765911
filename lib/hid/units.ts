/**
 * Units and exponents as NUT applies them (drivers/libhid.c, "Units and exponents table (HID PDC, 3.2.3)"):
 * a value is scaled by 10^(unit exponent - k), where k is 7 for volts and for volt-amperes/watts (the HID unit
 * system is CGS: a volt is 10^7 CGS units) and 0 for every other unit. So a Voltage with Unit 0x00f0d121 and
 * exponent 5 reads 1358 as 13.58 V, and one with exponent 7 reads 230 as 230 V. NUT applies the scale to
 * every field, whatever its usage (an index string item after a Voltage item inherits its unit and reads
 * 0.03, as NUT prints it).
 * @module
 */
import type { HidField } from "./types.ts";

/** Unit item values NUT knows (HID Power Device spec, 3.2.3). */
export const UNIT = Object.freeze({
  NONE: 0x00000000,
  VOLT: 0x00f0d121,
  AMPERE: 0x00100001,
  /** Volt-ampere and watt share one code. */
  WATT: 0x0000d121,
  SECOND: 0x00001001,
  KELVIN: 0x00010001,
  HERTZ: 0x0000f001,
  AMPERE_SECOND: 0x00101001,
});

/**
 * The exponent offset NUT subtracts for a unit.
 * @param unit a Unit item value
 * @returns 7 for volt and watt/VA, 0 otherwise
 */
export function cgsOffset(unit: number): number {
  return unit === UNIT.VOLT || unit === UNIT.WATT ? 7 : 0;
}

/**
 * The decimal exponent NUT scales a field's value by.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(valueExponent({ unit: 0x00f0d121, unitExponent: 5 }), -2);
 * assertEquals(valueExponent({ unit: 0x00001001, unitExponent: 0 }), 0);
 * assertEquals(valueExponent({ unit: 0, unitExponent: -1 }), -1);
 * ```
 * @param field the field's unit and unit exponent
 * @returns unit exponent minus the unit's CGS offset
 */
export function valueExponent(field: Pick<HidField, "unit" | "unitExponent">): number {
  return field.unitExponent - cgsOffset(field.unit);
}

/**
 * 10 to an integer power, computed as NUT computes it (one multiplication by 10 or by 0.1 per step), so the
 * values carry the same binary rounding as NUT's (10^-2 is 0.010000000000000002 there too).
 * @param exponent an integer
 * @returns the power
 */
export function powerOfTen(exponent: number): number {
  const step = exponent < 0 ? 1 / 10 : 10;
  let result = 1;
  for (let i = Math.min(Math.abs(exponent), 400); i > 0; i--) result = step * result;
  return result;
}
