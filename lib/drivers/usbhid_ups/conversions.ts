/**
 * The conversions NUT's HID tables share (drivers/usbhid-ups.c's info lookup tables), as
 * lib/driver/mapping.ts conversions: status facts, test results, beeper, yes/no, on/off, the packed
 * battery date of the Power Device spec, hex, the divisions, Kelvin to Celsius, and a string
 * descriptor index (read by the driver, which then gives the conversion the string).
 * @module
 */
import { type Conversion, decoded, lookup, type RawValue } from "../../driver/mapping.ts";
import { cFormat } from "../../driver/printf.ts";

/** A conversion whose raw value is a string descriptor index: the driver reads the string first. */
export interface StringIndexConversion extends Conversion {
  /** Marks it. */
  readonly stringIndex: true;
}

/**
 * The string the device has at the index the value gives (NUT's stringid_conversion).
 * @returns the conversion (it receives the string, trimmed by NUT's rules)
 */
export function stringIndex(): StringIndexConversion {
  return { stringIndex: true, toNut: (raw) => String(raw) };
}

/**
 * Whether a conversion wants a string descriptor read first.
 * @param c the conversion
 * @returns true for {@linkcode stringIndex}
 */
export function isStringIndex(c: Conversion): c is StringIndexConversion {
  return (c as Partial<StringIndexConversion>).stringIndex === true;
}

/** `ups.test.result` (UPS.BatterySystem.Test as read). */
export const TEST_READ: Conversion = lookup([
  [1, "Done and passed"],
  [2, "Done and warning"],
  [3, "Done and error"],
  [4, "Aborted"],
  [5, "In progress"],
  [6, "No test initiated"],
  [7, "Test scheduled"],
]);

/** What writing UPS.BatterySystem.Test asks for. */
export const TEST_WRITE: Conversion = lookup([
  [0, "No test"],
  [1, "Quick test"],
  [2, "Deep test"],
  [3, "Abort test"],
]);

/** `ups.beeper.status`. */
export const BEEPER: Conversion = lookup([[1, "disabled"], [2, "enabled"], [3, "muted"]]);

/** no/yes. */
export const YES_NO: Conversion = lookup([[0, "no"], [1, "yes"]]);

/** off/on. */
export const ON_OFF: Conversion = lookup([[0, "off"], [1, "on"]]);

/**
 * The battery date of the Power Device spec, (year - 1980) * 512 + month * 32 + day, as YYYY/MM/DD;
 * 0 is "not set". Written back from YYYY/MM/DD.
 */
export const DATE: Conversion = decoded(
  (raw) => {
    const v = Math.trunc(Number(raw));
    if (!Number.isFinite(v)) return undefined;
    if (v === 0) return "not set";
    const year = 1980 + (v >> 9), month = (v >> 5) & 0x0f, day = v & 0x1f;
    return `${cFormat("%04d", year)}/${cFormat("%02d", month)}/${cFormat("%02d", day)}`;
  },
  (text) => {
    const m = /^(\d{1,4})\/(\d{1,2})\/(\d{1,2})/.exec(text.trim());
    if (!m) return 0;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (year - 1980 > 127 || month > 12 || day > 31) return 0;
    return ((year - 1980) << 9) + (month << 5) + day;
  },
);

/** A number as 8 hex digits (NUT's hex_conversion). */
export const HEX: Conversion = decoded((raw) => cFormat("%08lx", Math.trunc(Number(raw)) >>> 0));

/** Tenths, one decimal (NUT's divide_by_10_conversion). */
export const DIVIDE_BY_10: Conversion = decoded((raw) => cFormat("%0.1f", Number(raw) * 0.1));

/** Hundredths, one decimal (NUT's divide_by_100_conversion). */
export const DIVIDE_BY_100: Conversion = decoded((raw) => cFormat("%0.1f", Number(raw) * 0.01));

/** Kelvin to Celsius, one decimal; a value outside 273..373 is taken as Celsius already (some firmware). */
export const KELVIN_CELSIUS: Conversion = decoded((raw: RawValue) => {
  const v = Number(raw);
  return cFormat("%.1f", v >= 273 && v <= 373 ? v - 273.15 : v);
});
