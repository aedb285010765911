/**
 * NUT's text for HID fields: the `Path:` lines usbhid-ups prints at debug level 1 (drivers/libhid.c
 * HIDDumpTree: `Path: %s, Type: %s, ReportID: 0x%02x, Offset: %i, Size: %i, Value: %g`), which NUT's explore
 * mode and its gen-usbhid-subdriver.sh script read, and C's `%g` that they use for values.
 * @module
 */
import { hex2 } from "./items.ts";
import type { HidField } from "./types.ts";

/**
 * One `Path:` line, with or without a value (NUT prints it without when the report could not be read).
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const field = { path: "UPS.PowerSummary.RemainingCapacity", type: "Feature", reportId: 0x0c, offset: 0, size: 8 } as const;
 * assertEquals(formatPathLine(field, 100), "Path: UPS.PowerSummary.RemainingCapacity, Type: Feature, ReportID: 0x0c, Offset: 0, Size: 8, Value: 100");
 * assertEquals(formatPathLine(field), "Path: UPS.PowerSummary.RemainingCapacity, Type: Feature, ReportID: 0x0c, Offset: 0, Size: 8");
 * ```
 * @param field the field
 * @param value its value (see decodeField), if read
 * @returns the line, without a newline (offsets above 255 are printed as they are; NUT keeps them in 8 bits)
 */
export function formatPathLine(
  field: Pick<HidField, "path" | "type" | "reportId" | "offset" | "size">,
  value?: number,
): string {
  const head = `Path: ${field.path}, Type: ${field.type}, ReportID: 0x${hex2(field.reportId)}, ` +
    `Offset: ${field.offset}, Size: ${field.size}`;
  return value === undefined ? head : `${head}, Value: ${formatG(value)}`;
}

/**
 * A number as C's `printf("%g")` writes it (6 significant digits by default, rounded half to even on the
 * exact binary value as glibc does, trailing zeros dropped, exponent form below 1e-4 and from
 * 10^precision on).
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([formatG(13.580000000000002), formatG(0.03), formatG(2580), formatG(-1)], ["13.58", "0.03", "2580", "-1"]);
 * assertEquals([formatG(4278190079), formatG(0.00001), formatG(1234567), formatG(123456.5)], ["4.27819e+09", "1e-05", "1.23457e+06", "123456"]);
 * ```
 * @param value a number
 * @param precision significant digits (C's default 6; 0 counts as 1; at most 99)
 * @returns the text
 */
export function formatG(value: number, precision = 6): string {
  if (Number.isNaN(value)) return "nan";
  const sign = value < 0 || Object.is(value, -0) ? "-" : "";
  if (!Number.isFinite(value)) return `${sign}inf`;
  if (value === 0) return `${sign}0`;
  const p = Math.max(1, Math.min(Math.trunc(precision), 99));
  // 100 significant digits: exact for every tie a double can be, so rounding below is on the exact value.
  const [mantissa, e] = Math.abs(value).toExponential(99).split("e");
  const all = mantissa.replace(".", "");
  let exp = Number(e);
  const digits = all.slice(0, p).split("").map(Number);
  const next = all.charCodeAt(p) - 48;
  const tail = /[1-9]/.test(all.slice(p + 1));
  if (next > 5 || (next === 5 && (tail || digits[p - 1] % 2 === 1))) {
    let i = p - 1;
    while (i >= 0 && digits[i] === 9) digits[i--] = 0;
    if (i >= 0) digits[i]++;
    else {
      digits.unshift(1);
      digits.pop();
      exp++;
    }
  }
  const kept = digits.join("");
  if (exp < p && exp >= -4) {
    const int = exp >= 0 ? kept.slice(0, exp + 1) : "0";
    const frac = (exp >= 0 ? kept.slice(exp + 1) : "0".repeat(-exp - 1) + kept).replace(/0+$/, "");
    return `${sign}${int}${frac === "" ? "" : `.${frac}`}`;
  }
  const frac = kept.slice(1).replace(/0+$/, "");
  return `${sign}${kept[0]}${frac === "" ? "" : `.${frac}`}e${exp < 0 ? "-" : "+"}${
    String(Math.abs(exp)).padStart(2, "0")
  }`;
}
