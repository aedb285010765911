/**
 * Usage names of NUT's tripplite subdriver: the data of `tripplite_usage_lkp[]` in NUT's drivers/tripplite-hid.c
 * (networkupstools/nut 6c63f7745ab5), in its order.
 * @module
 */
import { usageTable } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** Tripp Lite (TrippLite HID): vendor page 0xffff (the same page number as MGE, other names), and four usages it puts on the wrong page. */
export const TRIPPLITE_USAGES: UsageTable = usageTable([
  ["TLCustom", 0xffff0010],
  ["TLDelayBeforeStartup", 0xffff0056], // in minutes
  ["TLLowVoltageTransferMax", 0xffff0057],
  ["TLLowVoltageTransferMin", 0xffff0058],
  ["TLHighVoltageTransferMax", 0xffff0059],
  ["TLHighVoltageTransferMin", 0xffff005a],
  ["OutletState", 0xffff007a],
  ["OutletCount", 0xffff007b], // Number of load segments
  ["UPSFirmwareVersion", 0xffff007c],
  ["CommunicationProtocolVersion", 0xffff007d], // HID protocol version
  ["CommunicationVersion", 0xffff007e], // USB firmware version
  ["iUPSPartNumber", 0xffff007f], // String index to Part Number
  ["AutoOnDelay", 0xffff0080], // '0' (no delay) to 'n' (delay in seconds)
  ["TLWatchdog", 0xffff0092],
  ["TLOutletsAvailableMask", 0xffff0095],
  ["TLOutletsStatusMask", 0xffff0096],
  ["TLCharging", 0x00840044], // conflicts with HID spec!
  ["TLDischarging", 0x00840045],
  ["TLNeedReplacement", 0x0084004b],
  ["TLACPresent", 0x008400d0],
]);
