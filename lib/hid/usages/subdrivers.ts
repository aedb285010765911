/**
 * Which usage names each of NUT's usbhid-ups subdrivers writes paths with: its vendor table, then the HID
 * Power Device and Battery System tables (NUT's `<name>_utab[]`). Subdrivers without vendor usages (arduino,
 * ecoflow, idowell, legrand, liebert, salicru) and explore use the HID tables alone, so usages of other pages
 * print as 8 hex digits (`UPS.ff860016`). NUT names no Generic Desktop or Button usage in any table: such usages
 * print as hex too (`00010030`).
 * @module
 */
import { APC_USAGES } from "./apc.ts";
import { BELKIN_USAGES } from "./belkin.ts";
import { CPS_USAGES } from "./cps.ts";
import { DELTA_UPS_USAGES } from "./delta_ups.ts";
import { EVER_USAGES } from "./ever.ts";
import { BATTERY_SYSTEM_USAGES, POWER_DEVICE_USAGES } from "./hid.ts";
import { MGE_USAGES } from "./mge.ts";
import { OPENUPS_USAGES } from "./openups.ts";
import { POWERCOM_USAGES } from "./powercom.ts";
import { POWERVAR_USAGES } from "./powervar.ts";
import { TRIPPLITE_USAGES } from "./tripplite.ts";
import { UsageNames } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** The subdrivers of NUT's usbhid-ups (the names of their drivers/<name>-hid.c files). */
export type HidSubdriverName =
  | "apc"
  | "arduino"
  | "belkin"
  | "cps"
  | "delta_ups"
  | "ecoflow"
  | "ever"
  | "explore"
  | "idowell"
  | "legrand"
  | "liebert"
  | "mge"
  | "openups"
  | "powercom"
  | "powervar"
  | "salicru"
  | "tripplite";

/** NUT's `hid_usage_lkp[]`: the Power Device page, then the Battery System page. */
export const HID_USAGES: UsageTable = Object.freeze([...POWER_DEVICE_USAGES, ...BATTERY_SYSTEM_USAGES]);

const NONE: UsageTable = Object.freeze([]);

/** The vendor table of every subdriver (empty for those that have none). */
export const SUBDRIVER_USAGES: Readonly<Record<HidSubdriverName, UsageTable>> = Object.freeze({
  apc: APC_USAGES,
  arduino: NONE,
  belkin: BELKIN_USAGES,
  cps: CPS_USAGES,
  delta_ups: DELTA_UPS_USAGES,
  ecoflow: NONE,
  ever: EVER_USAGES,
  explore: NONE,
  idowell: NONE,
  legrand: NONE,
  liebert: NONE,
  mge: MGE_USAGES,
  openups: OPENUPS_USAGES,
  powercom: POWERCOM_USAGES,
  powervar: POWERVAR_USAGES,
  salicru: NONE,
  tripplite: TRIPPLITE_USAGES,
});

/**
 * The names a subdriver writes and reads paths with.
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals(usageNamesFor("apc").name(0xff860016), "APCBattReplaceDate");
 * assertEquals(usageNamesFor("explore").name(0xff860016), undefined);
 * assertEquals(usageNamesFor("mge").name(0x00840004), "UPS");
 * ```
 * @param subdriver a subdriver name
 * @returns its vendor table, then the HID tables
 */
export function usageNamesFor(subdriver: HidSubdriverName): UsageNames {
  return new UsageNames([SUBDRIVER_USAGES[subdriver], HID_USAGES]);
}

/**
 * Whether a string names a subdriver.
 * @param name a name
 * @returns true for one of {@linkcode HidSubdriverName}
 */
export function isHidSubdriverName(name: string): name is HidSubdriverName {
  return Object.hasOwn(SUBDRIVER_USAGES, name);
}
