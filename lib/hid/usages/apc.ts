/**
 * Usage names of NUT's apc subdriver: the data of `apc_usage_lkp[]` in NUT's drivers/apc-hid.c
 * (networkupstools/nut 6c63f7745ab5), in its order.
 * @module
 */
import { usageTable } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** APC (APC HID): vendor page 0xff86, plus the Back-UPS Pro ("BUP") usages on pages 0x85/0x86. */
export const APC_USAGES: UsageTable = usageTable([
  ["APCGeneralCollection", 0xff860005],
  ["APCEnvironment", 0xff860006],
  ["APCProbe1", 0xff860007],
  ["APCProbe2", 0xff860008],
  ["APCBattReplaceDate", 0xff860016],
  ["APCBattCapBeforeStartup", 0xff860019],
  ["APC_UPS_FirmwareRevision", 0xff860042],
  ["APCLineFailCause", 0xff860052],
  ["APCStatusFlag", 0xff860060],
  ["APCSensitivity", 0xff860061],
  ["APCPanelTest", 0xff860072],
  ["APCShutdownAfterDelay", 0xff860076],
  ["APC_USB_FirmwareRevision", 0xff860079],
  ["APCDelayBeforeReboot", 0xff86007c], // WARNING: apcupsd maps this as APCForceShutdown... which one is right?
  ["APCDelayBeforeShutdown", 0xff86007d],
  ["APCDelayBeforeStartup", 0xff86007e],
  ["BUPHibernate", 0x00850058],
  ["BUPBattCapBeforeStartup", 0x00860012],
  ["BUPDelayBeforeStartup", 0x00860076],
  ["BUPSelfTest", 0x00860010],
]);
