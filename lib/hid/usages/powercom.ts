/**
 * Usage names of NUT's powercom subdriver: the data of `powercom_usage_lkp[]` in NUT's drivers/powercom-hid.c
 * (networkupstools/nut 6c63f7745ab5), in its order.
 * @module
 */
import { usageTable } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** PowerCOM (PowerCOM HID): page 0x0002 (used as a Power Device page), and single usages on 0x84, 0xff86, 0x00ff. */
export const POWERCOM_USAGES: UsageTable = usageTable([
  ["PowercomUPS", 0x00020004],
  ["PowercomBatterySystem", 0x00020010],
  ["PowercomPowerConverter", 0x00020016],
  ["PowercomInput", 0x0002001a],
  ["PowercomOutput", 0x0002001c],
  ["PowercomVoltage", 0x00020030],
  ["PowercomFrequency", 0x00020032],
  ["PowercomPercentLoad", 0x00020035],
  ["PowercomTemperature", 0x00020036],
  ["PowercomDelayBeforeStartup", 0x00020056],
  ["PowercomDelayBeforeShutdown", 0x00020057],
  ["PowercomTest", 0x00020058],
  ["PowercomShutdownRequested", 0x00020068],
  ["PowercomInternalChargeController", 0x00020081],
  ["PowercomPrimaryBatterySupport", 0x00020082],
  ["PowercomDesignCapacity", 0x00020083],
  ["PowercomSpecificationInfo", 0x00020084],
  ["PowercomManufacturerDate", 0x00020085],
  ["PowercomSerialNumber", 0x00020086],
  ["PowercomManufacturerName", 0x00020087],
  ["POWERCOM1", 0x0084002f],
  ["POWERCOM2", 0xff860060],
  ["POWERCOM3", 0xff860080],
  ["PCMDelayBeforeStartup", 0x00ff0056],
  ["PCMDelayBeforeShutdown", 0x00ff0057],
]);
