/**
 * Builders for the rows of NUT's `hid_info_t` tables (folder-private; the apc, cps, tripplite, belkin and
 * liebert tables use them), so those read as NUT's do: a variable (NUT name, HID path, format or
 * conversion, flags), a HU_TYPE_CMD command with its value and a HU_FLAG_ABSENT value; the "BOOL" rows
 * are _bools.ts's. Every source is a Feature report, as NUT reads its table's paths (Input values arrive by
 * the interrupt pipe). NUT's flags become: ST_FLAG_RW -> RW, ST_FLAG_STRING -> STRING (its length ->
 * maxLength), HU_FLAG_STATIC -> STATIC, HU_FLAG_SEMI_STATIC -> STATIC (NUT reads those again after a SET or
 * a command, or in pollonly mode, which RowFlag cannot say), HU_FLAG_QUICK_POLL -> QUICK, HU_FLAG_ENUM -> ENUM.
 * @module
 */
import {
  type CommandRow,
  type Conversion,
  formatted,
  type RawValue,
  type RowFlag,
  type VarRow,
} from "../../../driver/mapping.ts";
import { feature, type FixedRow, type HidSource } from "../types.ts";

/** A variable's flags and length. */
export interface RowOptions {
  /** When it is read, whether it can be set. */
  readonly flags?: readonly RowFlag[];
  /** Longest text of a RW STRING. */
  readonly maxLength?: number;
}

/** NUT's `ST_FLAG_RW | ST_FLAG_STRING, 10` with HU_FLAG_SEMI_STATIC (a setting read at start-up). */
export const SETTING: RowOptions = Object.freeze({
  flags: ["RW", "STRING", "STATIC"] as const,
  maxLength: 10,
});

/** HU_FLAG_QUICK_POLL. */
export const QUICK: RowOptions = Object.freeze({ flags: ["QUICK"] as const });

/** HU_FLAG_STATIC (and HU_FLAG_SEMI_STATIC on a read-only row). */
export const STATIC: RowOptions = Object.freeze({ flags: ["STATIC"] as const });

/**
 * A variable row.
 * @param name NUT's name
 * @param path the HID path
 * @param convert a printf format (NUT's `dfl`) or a conversion (NUT's info_lkp_t)
 * @param options flags and length
 * @returns the row
 */
export function variable(
  name: string,
  path: string,
  convert: string | Conversion,
  options: RowOptions = {},
): VarRow<HidSource> {
  return {
    name,
    source: feature(path),
    convert: typeof convert === "string" ? formatted(convert) : convert,
    ...(options.flags ? { flags: options.flags } : {}),
    ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}),
  };
}

/**
 * A test on a raw value as NUT's lookups make it (`(long)value == hid_value`).
 * @param value the value
 * @returns the test
 */
export function equals(value: number): (raw: RawValue) => boolean {
  return (raw) => Math.trunc(Number(raw)) === value;
}

/**
 * A test on bits of a raw value (Belkin's status words: `(long)value & mask`).
 * @param mask the bits
 * @param set true: holds when one of them is set; false: when none is
 * @returns the test
 */
export function bits(mask: number, set = true): (raw: RawValue) => boolean {
  return (raw) => ((Math.trunc(Number(raw)) & mask) !== 0) === set;
}

/**
 * A command row (HU_TYPE_CMD): what to write when the command comes without a parameter.
 * @param name NUT's name
 * @param path the HID path
 * @param value NUT's `dfl` (a parameter overrides it)
 * @returns the row
 */
export function command(name: string, path: string, value: number): CommandRow<HidSource> {
  return { name, source: feature(path), value };
}

/**
 * A HU_FLAG_ABSENT row: a settable value the driver keeps, published when the device has the path.
 * @param name NUT's name
 * @param path the HID path
 * @param value its value (`$ondelay`, `$offdelay`: the driver's options)
 * @returns the row
 */
export function absent(name: string, path: string, value: string): FixedRow {
  return { name, value, flags: ["RW", "STRING"], maxLength: 10, source: feature(path) };
}
