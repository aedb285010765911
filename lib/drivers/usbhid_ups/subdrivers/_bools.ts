/**
 * NUT's boolean info tables as status rows (folder-private): drivers/usbhid-ups.c maps a status bit's
 * value through a table such as `online_info` (1 -> "online", 0 -> "offline") or `off_info` (0 -> "off",
 * reversed) to internal status bits; here each (value, bit) pair of such a table becomes a
 * {@linkcode StatusRow} whose fact holds when the value is exactly that one (NUT compares the value
 * truncated to an integer with the table's, so a 2 on a 0/1 table sets nothing). The names are NUT's
 * table names without `_info`; `!bit` entries (which only clear a bit) need no row.
 * @module
 */
import type { RawValue, StatusRow } from "../../../driver/mapping.ts";
import type { HidFact } from "../status.ts";
import type { HidSource } from "../types.ts";

/** The value -> fact pairs of NUT's boolean tables (drivers/usbhid-ups.c, `*_info[]`). */
const TABLES = {
  online: [[1, "ONLINE"], [0, "OFFLINE"]],
  discharging: [[1, "DISCHRG"]],
  charging: [[1, "CHRG"]],
  lowbatt: [[1, "LOWBATT"]],
  overload: [[1, "OVERLOAD"]],
  replacebatt: [[1, "REPLACEBATT"]],
  trim: [[1, "TRIM"]],
  boost: [[1, "BOOST"]],
  bypass_auto: [[1, "BYPASSAUTO"]],
  bypass_manual: [[1, "BYPASSMAN"]],
  off: [[0, "OFF"]],
  calibration: [[1, "CAL"]],
  nobattery: [[0, "NOBATTERY"]],
  fanfail: [[1, "FANFAIL"]],
  shutdownimm: [[1, "SHUTDOWNIMM"]],
  overheat: [[1, "OVERHEAT"]],
  awaitingpower: [[1, "AWAITINGPOWER"]],
  commfault: [[1, "COMMFAULT"]],
  timelimitexpired: [[1, "TIMELIMITEXP"]],
  battvoltlo: [[1, "BATTVOLTLO"]],
  battvolthi: [[1, "BATTVOLTHI"]],
  chargerfail: [[1, "CHARGERFAIL"]],
  fullycharged: [[1, "FULLYCHARGED"], [0, "NOTFULLYCHARGED"]],
  depleted: [[1, "DEPLETED"]],
  vrange: [[1, "VRANGE"]],
  frange: [[1, "FRANGE"]],
} as const satisfies Record<string, readonly (readonly [number, HidFact])[]>;

/** A boolean table of NUT's, by its name without `_info` (`online` is `online_info`). */
export type NutBool = keyof typeof TABLES;

/**
 * Whether a raw value is exactly a table's value, as NUT compares them.
 * @param raw the value read
 * @param value the table's value
 * @returns true when they are equal once the raw value is truncated to an integer
 */
function isValue(raw: RawValue, value: number): boolean {
  return Math.trunc(Number(raw)) === value;
}

/**
 * The status rows of one of NUT's `"BOOL"` rows: a source read through a boolean table.
 * @example
 * ```ts
 * import { assertEquals } from "../../../testing/asserts.ts";
 * const rows = boolRows("online", { path: "UPS.PowerSummary.PresentStatus.ACPresent" });
 * assertEquals(rows.map((r) => [r.fact, r.when!(1), r.when!(0)]), [["ONLINE", true, false], ["OFFLINE", false, true]]);
 * ```
 * @param table the table's name
 * @param source where the value is read
 * @returns one row per fact the table can set
 */
export function boolRows(table: NutBool, source: HidSource): StatusRow<HidSource>[] {
  return TABLES[table].map(([value, fact]) => ({ source, fact, when: (raw) => isValue(raw, value) }));
}
