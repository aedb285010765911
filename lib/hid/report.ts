/**
 * Reading and writing field values in report bytes, with NUT's observable rules (drivers/hidparser.c
 * GetValue/SetValue, drivers/libhid.c HIDGetDataValue/HIDSetDataValue):
 * - a report is the bytes of GET_REPORT / an interrupt transfer / SET_REPORT, its report id first when the
 *   field has one; bit fields are little-endian, from bit 0 of the byte after the id; bytes the device did not
 *   send read as 0;
 * - the logical value keeps as many low bits as the logical range needs (sign bit included when the minimum
 *   is negative), is sign-extended only then, and is clamped into the logical range (so a field with both
 *   extents 0 always reads 0, as in NUT);
 * - the value is mapped linearly from the logical to the physical range (when the physical range is defined)
 *   and clamped into it, then scaled by 10^{@linkcode valueExponent} (volts and watts in CGS, see units.ts).
 * Writing inverts this: value / 10^exponent, mapped to logical and truncated toward zero (C's `(long)`), then
 * written into the field's bits in two's complement, every other byte of the report kept as given.
 * @module
 */
import { HidReportError } from "./errors.ts";
import { hex2 } from "./items.ts";
import { MAIN_FLAG } from "./types.ts";
import type { HidField } from "./types.ts";
import { powerOfTen, valueExponent } from "./units.ts";

/** The most bits read as one number (values above 2^53 are not exact in JavaScript). */
export const MAX_VALUE_BITS = 53;

/**
 * A field's bits as an unsigned number, nothing else applied.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const field = { reportId: 0x0c, offset: 24, size: 16 };
 * assertEquals(decodeRaw(field, new Uint8Array([0x0c, 0x64, 0x00, 0x00, 0x14, 0x0a])), 0x0a14);
 * ```
 * @param field where the field is
 * @param report the report bytes, report id first when the field has one
 * @returns the unsigned value of its low {@linkcode MAX_VALUE_BITS} bits
 * @throws {HidReportError} `REPORT_ID` when the report is of another id
 */
export function decodeRaw(field: Pick<HidField, "reportId" | "offset" | "size">, report: Uint8Array): number {
  checkReportId(field, report, false);
  return readBits(report, dataStart(field) + field.offset, Math.min(field.size, MAX_VALUE_BITS));
}

/**
 * A field's logical value, as NUT reads it (masked to the bits the logical range needs, signed when the
 * logical minimum is negative, clamped into the logical range).
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const delay = { reportId: 0x15, offset: 0, size: 16, logicalMin: -1, logicalMax: 32767 };
 * assertEquals(decodeLogical(delay, new Uint8Array([0x15, 0xff, 0xff])), -1);
 * const charge = { reportId: 0x0c, offset: 0, size: 8, logicalMin: 0, logicalMax: 100 };
 * assertEquals(decodeLogical(charge, new Uint8Array([0x0c, 0x7f])), 100); // 7 bits, clamped
 * ```
 * @param field where the field is and its logical range
 * @param report the report bytes, report id first when the field has one
 * @returns the logical value
 * @throws {HidReportError} `REPORT_ID` when the report is of another id
 */
export function decodeLogical(
  field: Pick<HidField, "reportId" | "offset" | "size" | "logicalMin" | "logicalMax">,
  report: Uint8Array,
): number {
  checkReportId(field, report, false);
  const { logicalMin: min, logicalMax: max } = field;
  const magnitude = Math.max(max >= 0 ? max : -(max + 1), min >= 0 ? min : -(min + 1));
  const bits = bitLength(magnitude);
  const signed = min < 0;
  const width = Math.min(bits + (signed ? 1 : 0), MAX_VALUE_BITS);
  let value = readBits(report, dataStart(field) + field.offset, Math.min(field.size, width));
  if (signed && value >= 2 ** bits) value -= 2 ** (bits + 1);
  if (value < min) return min;
  if (value > max) return max;
  return value;
}

/**
 * The physical value of a logical one, as NUT maps it (identity when the physical range is not defined or
 * either range is empty; else linear, clamped into the physical range). The unit exponent is not applied.
 * @param field the ranges
 * @param logical a logical value
 * @returns the physical value
 */
export function logicalToPhysical(
  field: Pick<HidField, "logicalMin" | "logicalMax" | "physicalMin" | "physicalMax" | "physicalDefined">,
  logical: number,
): number {
  const { logicalMin: lmin, logicalMax: lmax, physicalMin: pmin, physicalMax: pmax } = field;
  if (!field.physicalDefined || pmax <= pmin || lmax <= lmin) return logical;
  const physical = (logical - lmin) * ((pmax - pmin) / (lmax - lmin)) + pmin;
  if (physical > pmax) return pmax;
  if (physical < pmin) return pmin;
  return physical;
}

/**
 * The logical value of a physical one, as NUT maps it back: truncated toward zero, and clamped into the
 * logical range only when the physical range is defined (else written as is, NUT's `(long)physical`).
 * @param field the ranges
 * @param physical a physical value (unit exponent already removed)
 * @returns the logical value
 */
export function physicalToLogical(
  field: Pick<HidField, "logicalMin" | "logicalMax" | "physicalMin" | "physicalMax" | "physicalDefined">,
  physical: number,
): number {
  const { logicalMin: lmin, logicalMax: lmax, physicalMin: pmin, physicalMax: pmax } = field;
  if (!field.physicalDefined || pmax <= pmin || lmax <= lmin) return Math.trunc(physical);
  const logical = Math.trunc((physical - pmin) * ((lmax - lmin) / (pmax - pmin))) + lmin;
  if (logical > lmax) return lmax;
  if (logical < lmin) return lmin;
  return logical;
}

/**
 * A field's value as NUT reports it (`Value:` of its debug lines, before any subdriver conversion):
 * logical, mapped to physical, scaled by the unit exponent.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * // APC Back-UPS CS 500, UPS.PowerSummary.Voltage: Unit volt, exponent 5, report 09 4e 05.
 * const voltage = {
 *   reportId: 0x09, offset: 0, size: 16, logicalMin: 0, logicalMax: 65534,
 *   physicalMin: 0, physicalMax: 65534, physicalDefined: false, unit: 0x00f0d121, unitExponent: 5,
 * };
 * assertEquals(decodeField(voltage, new Uint8Array([0x09, 0x4e, 0x05])), 13.580000000000002);
 * ```
 * @param field the field
 * @param report the report bytes, report id first when the field has one
 * @returns the value
 * @throws {HidReportError} `REPORT_ID` when the report is of another id
 */
export function decodeField(field: ValueField, report: Uint8Array): number {
  return logicalToPhysical(field, decodeLogical(field, report)) * powerOfTen(valueExponent(field));
}

/**
 * For an Array field: the usage its value selects.
 * @param field an Array field (with `arrayUsages`)
 * @param report the report bytes
 * @returns the usage, or undefined for "none" (a value outside the list) or a Variable field
 * @throws {HidReportError} `REPORT_ID` when the report is of another id
 */
export function decodeArrayUsage(field: HidField, report: Uint8Array): number | undefined {
  if (field.arrayUsages === undefined) return undefined;
  checkReportId(field, report, false);
  const raw = readBits(report, dataStart(field) + field.offset, Math.min(field.size, MAX_VALUE_BITS));
  const signed = field.logicalMin < 0 && field.size <= 32 && raw >= 2 ** (field.size - 1)
    ? raw - 2 ** field.size
    : raw;
  if (signed < field.logicalMin || signed > field.logicalMax) return undefined;
  return field.arrayUsages[signed - field.logicalMin];
}

/**
 * Writes a value into a report for SET_REPORT, as NUT converts it (value / 10^exponent, physical to
 * logical, truncated toward zero), keeping every other bit of the report.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const lowCharge = {
 *   reportId: 0x11, offset: 0, size: 24, flags: 0x82, logicalMin: 0, logicalMax: 16777214,
 *   physicalMin: 0, physicalMax: 16777214, physicalDefined: false, unit: 0, unitExponent: 0,
 * };
 * assertEquals(encodeField(lowCharge, 20, new Uint8Array([0x11, 0x0a, 0x00, 0x00])), new Uint8Array([0x11, 0x14, 0x00, 0x00]));
 * ```
 * @param field the field
 * @param value the value, in the units {@linkcode decodeField} returns
 * @param report the report as read (GET_REPORT), or zeros of the report's length
 * @returns a new report: a copy with the field replaced (at least long enough to hold the field) and its id
 *   byte set
 * @throws {HidReportError} `VALUE` for a value that is not a finite number, `CONSTANT` for a field NUT
 *   refuses to set (a plain Constant), `REPORT_ID` when the report is of another id
 */
export function encodeField(
  field: ValueField & Pick<HidField, "flags">,
  value: number,
  report: Uint8Array,
): Uint8Array {
  if (!Number.isFinite(value)) throw new HidReportError("VALUE", `Cannot set ${describe(field)} to ${value}`);
  if ((field.flags & 0xff) === MAIN_FLAG.CONSTANT) {
    throw new HidReportError("CONSTANT", `Cannot set ${describe(field)}: it is a constant`);
  }
  return encodeLogical(field, physicalToLogical(field, value / powerOfTen(valueExponent(field))), report);
}

/**
 * Writes a logical value into a report: its low `size` bits in two's complement, the rest of the report kept.
 * @param field where the field is
 * @param logical an integer
 * @param report the report as read, or zeros
 * @returns a new report with the field replaced and the id byte set
 * @throws {HidReportError} `VALUE` for a value that is not an integer, `REPORT_ID` when the report is of
 *   another id
 */
export function encodeLogical(
  field: Pick<HidField, "reportId" | "offset" | "size">,
  logical: number,
  report: Uint8Array,
): Uint8Array {
  if (!Number.isInteger(logical)) {
    throw new HidReportError("VALUE", `Cannot write ${logical} into ${describe(field)}`);
  }
  checkReportId(field, report, true);
  const start = dataStart(field) + field.offset;
  const out = new Uint8Array(Math.max(report.length, Math.ceil((start + field.size) / 8)));
  out.set(report);
  if (field.reportId !== 0) out[0] = field.reportId;
  let bits = BigInt.asUintN(field.size, BigInt(logical));
  for (let i = 0; i < field.size;) {
    const bit = start + i;
    const shift = bit & 7;
    const take = Math.min(8 - shift, field.size - i);
    const mask = ((1 << take) - 1) << shift;
    const chunk = Number(bits & BigInt((1 << take) - 1)) << shift;
    out[bit >> 3] = (out[bit >> 3] & ~mask) | chunk;
    bits >>= BigInt(take);
    i += take;
  }
  return out;
}

/** What {@linkcode decodeField} and {@linkcode encodeField} read of a field. */
export type ValueField = Pick<
  HidField,
  | "reportId"
  | "offset"
  | "size"
  | "logicalMin"
  | "logicalMax"
  | "physicalMin"
  | "physicalMax"
  | "physicalDefined"
  | "unit"
  | "unitExponent"
>;

function dataStart(field: Pick<HidField, "reportId">): number {
  return field.reportId === 0 ? 0 : 8;
}

function checkReportId(
  field: Pick<HidField, "reportId" | "offset" | "size">,
  report: Uint8Array,
  fresh: boolean,
): void {
  if (field.reportId === 0) return;
  if (report.length === 0 && fresh) return;
  if (report[0] === field.reportId || (fresh && report[0] === 0)) return;
  throw new HidReportError(
    "REPORT_ID",
    report.length === 0
      ? `Empty report for ${describe(field)}`
      : `Report 0x${hex2(report[0])} given for ${describe(field)}`,
  );
}

function describe(field: Pick<HidField, "reportId" | "offset" | "size">): string {
  const path = (field as Partial<HidField>).path;
  return `${path === undefined ? "the field" : path} (report 0x${
    hex2(field.reportId)
  }, offset ${field.offset}, size ${field.size})`;
}

function readBits(bytes: Uint8Array, start: number, size: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < size;) {
    const bit = start + i;
    const shift = bit & 7;
    const take = Math.min(8 - shift, size - i);
    const chunk = ((bytes[bit >> 3] ?? 0) >> shift) & ((1 << take) - 1);
    value += chunk * scale;
    scale *= 2 ** take;
    i += take;
  }
  return value;
}

function bitLength(n: number): number {
  let bits = 0;
  while (n >= 1) {
    n = Math.floor(n / 2);
    bits++;
  }
  return bits;
}
