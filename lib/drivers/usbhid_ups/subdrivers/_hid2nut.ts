/**
 * Folder-private: the vocabulary the subdriver tables of this folder are written in, so that each reads as
 * NUT's `hid2nut[]` does (NUT's drivers/usbhid-ups.h and drivers/usbhid-ups.c, networkupstools/nut
 * 6c63f7745ab5): a variable row with NUT's format or lookup and its HU flag, a HU_FLAG_ABSENT row, an
 * instant command with NUT's value, and the "BOOL" rows with NUT's shared status lookups (`online_info`,
 * `discharging_info`, ...) as set/clear facts, the way NUT's `process_boolean_info()` sees them.
 *
 * Where lib/driver/mapping.ts and ../types.ts cannot say what NUT's rows say, the rows here carry it as
 * data the engine ignores today: vendor `ups.alarm` rows. NUT's clearing entries (`"!online"`, `"!chrg"`) have no status row: `collectFacts()` holds a fact
 * when any row says so, where NUT applies the rows in order, each setting or clearing its bit (so a later
 * row can clear what an earlier one set; MGE's `mge_onbatt_info` and `eaton_converter_online_info` do).
 * @module
 */
import {
  type Conversion,
  formatted,
  type RawValue,
  type RowFlag,
  type StatusRow,
  type VarRow,
} from "../../../driver/mapping.ts";
import type { CommandRow } from "../../../driver/mapping.ts";
import type { HidFact } from "../status.ts";
import type { FixedRow, HidAlarmRow, HidDeviceView, HidSource } from "../types.ts";

export type { HidAlarmRow, HidDeviceView };

/** NUT's HU flags of a variable row (HU_FLAG_STATIC, HU_FLAG_SEMI_STATIC, HU_FLAG_QUICK_POLL). */
export type HuFlag = "STATIC" | "SEMI_STATIC" | "QUICK";

/** How a variable row is flagged, in NUT's terms. */
export interface HidVarOptions {
  /**
   * NUT's HU flag. HU_FLAG_SEMI_STATIC becomes STATIC here: NUT reads such a row at start-up and then only
   * after a SET or an instant command (or on every poll with `pollonly`), which RowFlag cannot say.
   */
  readonly hu?: HuFlag;
  /** ST_FLAG_RW | ST_FLAG_STRING with this maximum length (every writable row of NUT's HID tables is both). */
  readonly rw?: number;
  /** ST_FLAG_STRING alone, with this length (read-only text). */
  readonly text?: number;
  /** HU_FLAG_ENUM: a writable row publishes its lookup's texts as its enumeration (ENUM). */
  readonly enumerate?: boolean;
  /** The report type (default Feature). */
  readonly type?: "Input";
}

/**
 * A variable row as NUT writes one.
 * @param name NUT's variable
 * @param path the HID path
 * @param convert NUT's printf format (`"%.0f"`) or a conversion (lookup, function, string index)
 * @param options NUT's flags
 * @returns the row
 */
export function hidVar(
  name: string,
  path: string,
  convert: string | Conversion,
  options: HidVarOptions = {},
): VarRow<HidSource> {
  const flags: RowFlag[] = [];
  if (options.rw !== undefined) flags.push("RW", "STRING");
  else if (options.text !== undefined) flags.push("STRING");
  if (options.hu === "STATIC" || options.hu === "SEMI_STATIC") flags.push("STATIC");
  if (options.hu === "QUICK") flags.push("QUICK");
  if (options.enumerate) flags.push("ENUM");
  const conversion = typeof convert === "string" ? formatted(convert) : convert;
  const maxLength = options.rw ?? options.text;
  return {
    name,
    source: options.type ? { path, type: options.type } : { path },
    convert: conversion,
    ...(flags.length > 0 ? { flags } : {}),
    ...(maxLength !== undefined ? { maxLength } : {}),
  };
}

/**
 * A HU_FLAG_ABSENT row (ST_FLAG_RW | ST_FLAG_STRING with its length, as all of NUT's are): NUT publishes the
 * value when the device has the path.
 * @param name NUT's variable
 * @param path the path the device must have
 * @param value its value (`"$offdelay"`, `"$ondelay"` for NUT's DEFAULT_OFFDELAY, DEFAULT_ONDELAY)
 * @param rw the maximum length
 * @returns the row
 */
export function hidAbsent(name: string, path: string, value: string, rw: number): FixedRow {
  return { name, value, flags: ["RW", "STRING"], maxLength: rw, source: { path } };
}

/**
 * An instant command row (HU_TYPE_CMD): NUT writes the command's parameter, else the row's value (its
 * `dfl`: DEFAULT_OFFDELAY is 20, DEFAULT_ONDELAY 30), through the row's conversion when it has one.
 * @param name NUT's command
 * @param path the HID path written
 * @param value NUT's default value (none: the command needs a parameter, or its conversion a default)
 * @param convert NUT's conversion of the value (its `nuf`)
 * @returns the row
 */
export function hidCmd(
  name: string,
  path: string,
  value?: RawValue,
  convert?: Conversion,
): CommandRow<HidSource> {
  return {
    name,
    source: { path },
    ...(value !== undefined ? { value } : {}),
    ...(convert !== undefined ? { convert } : {}),
  };
}

/** A "BOOL" row: the fact it gives, and for which raw values. */
export interface HidStatusRow extends StatusRow<HidSource> {
  /** The fact. */
  readonly fact: HidFact;
}

/**
 * NUT's info_lkp_t of a status value: the raw values (or a test of the raw value) that set a fact; its
 * clearing entries (`{ 0, "!dischrg" }`) have no row here (see the module doc).
 */
export type BoolInfo = readonly (readonly [number | ((raw: number) => boolean), HidFact])[];

/**
 * The status rows of a "BOOL" row of NUT's.
 * @param path the HID path
 * @param info the lookup
 * @param type the report type (default Feature)
 * @returns a row per entry, in the lookup's order
 */
export function hidBool(path: string, info: BoolInfo, type?: "Input"): HidStatusRow[] {
  const source: HidSource = type ? { path, type } : { path };
  return info.map(([value, fact]) => ({
    source,
    fact,
    when: typeof value === "number"
      ? (raw: RawValue) => longValue(raw) === value
      : (raw: RawValue) => value(longValue(raw)),
  }));
}

/**
 * A raw value as NUT's lookups compare it: `(long)value`.
 * @param raw the value read
 * @returns the value truncated toward zero (NaN for a text)
 */
export function longValue(raw: RawValue): number {
  return Math.trunc(Number(raw));
}

/**
 * A vendor `ups.alarm` row (NUT's lookup with the single entry `{ 1, text }`).
 * @param path the HID path
 * @param alarm the text
 * @returns the row
 */
export function hidAlarm(path: string, alarm: string): HidAlarmRow {
  return { source: { path }, alarm, when: (raw) => longValue(raw) === 1 };
}

/** NUT's `online_info`. */
export const ONLINE: BoolInfo = [[1, "ONLINE"], [0, "OFFLINE"]];
/** NUT's `discharging_info`. */
export const DISCHARGING: BoolInfo = [[1, "DISCHRG"]];
/** NUT's `charging_info`. */
export const CHARGING: BoolInfo = [[1, "CHRG"]];
/** NUT's `lowbatt_info`. */
export const LOWBATT: BoolInfo = [[1, "LOWBATT"]];
/** NUT's `overload_info`. */
export const OVERLOAD: BoolInfo = [[1, "OVERLOAD"]];
/** NUT's `replacebatt_info`. */
export const REPLACEBATT: BoolInfo = [[1, "REPLACEBATT"]];
/** NUT's `trim_info`. */
export const TRIM: BoolInfo = [[1, "TRIM"]];
/** NUT's `boost_info`. */
export const BOOST: BoolInfo = [[1, "BOOST"]];
/** NUT's `bypass_auto_info`. */
export const BYPASS_AUTO: BoolInfo = [[1, "BYPASSAUTO"]];
/** NUT's `bypass_manual_info`. */
export const BYPASS_MANUAL: BoolInfo = [[1, "BYPASSMAN"]];
/** NUT's `eco_mode_info` (0 is "normal", no status bit). */
export const ECO_MODE: BoolInfo = [[1, "ECOMODE"], [2, "ESSMODE"]];
/** NUT's `off_info` (reversed: 0 is off). */
export const OFF: BoolInfo = [[0, "OFF"]];
/** NUT's `calibration_info`. */
export const CALIBRATION: BoolInfo = [[1, "CAL"]];
/** NUT's `nobattery_info` (reversed: 0 is no battery). */
export const NOBATTERY: BoolInfo = [[0, "NOBATTERY"]];
/** NUT's `fanfail_info`. */
export const FANFAIL: BoolInfo = [[1, "FANFAIL"]];
/** NUT's `shutdownimm_info`. */
export const SHUTDOWNIMM: BoolInfo = [[1, "SHUTDOWNIMM"]];
/** NUT's `overheat_info`. */
export const OVERHEAT: BoolInfo = [[1, "OVERHEAT"]];
/** NUT's `awaitingpower_info`. */
export const AWAITINGPOWER: BoolInfo = [[1, "AWAITINGPOWER"]];
/** NUT's `commfault_info`. */
export const COMMFAULT: BoolInfo = [[1, "COMMFAULT"]];
/** NUT's `timelimitexpired_info`. */
export const TIMELIMITEXPIRED: BoolInfo = [[1, "TIMELIMITEXP"]];
/** NUT's `battvoltlo_info`. */
export const BATTVOLTLO: BoolInfo = [[1, "BATTVOLTLO"]];
/** NUT's `battvolthi_info`. */
export const BATTVOLTHI: BoolInfo = [[1, "BATTVOLTHI"]];
/** NUT's `chargerfail_info`. */
export const CHARGERFAIL: BoolInfo = [[1, "CHARGERFAIL"]];
/** NUT's `fullycharged_info` (0 is "notfullycharged", a fact of its own). */
export const FULLYCHARGED: BoolInfo = [[1, "FULLYCHARGED"], [0, "NOTFULLYCHARGED"]];
/** NUT's `depleted_info`. */
export const DEPLETED: BoolInfo = [[1, "DEPLETED"]];
/** NUT's `vrange_info`. */
export const VRANGE: BoolInfo = [[1, "VRANGE"]];
/** NUT's `frange_info`. */
export const FRANGE: BoolInfo = [[1, "FRANGE"]];

/**
 * Whether a device has a source.
 * @param device the device
 * @param source the source
 * @returns its `has()`, else whether the source can be read
 */
export function deviceHas(device: HidDeviceView, source: HidSource): boolean {
  return device.has ? device.has(source) : device.read(source) !== undefined;
}
