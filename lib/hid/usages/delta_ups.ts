/**
 * Usage names of NUT's delta_ups subdriver: the data of `delta_ups_usage_lkp[]` in NUT's drivers/delta_ups-hid.c
 * (networkupstools/nut 6c63f7745ab5), in its order.
 * @module
 */
import { usageTable } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** Delta (Delta UPS HID): pages 0x0000, 0xff00 and 0xffff. */
export const DELTA_UPS_USAGES: UsageTable = usageTable([
  ["DELTA1", 0x00000000],
  ["DELTA2", 0xff000055],
  ["DeltaCustom", 0xffff0010],
  ["DELTA4", 0xffff0056],
  ["DeltaConfigTransferLowMax", 0xffff0057],
  ["DeltaConfigTransferLowMin", 0xffff0058],
  ["DeltaConfigTransferHighMax", 0xffff0059],
  ["DeltaConfigTransferHighMin", 0xffff005a],
  ["DELTA9", 0xffff0060],
  ["DeltaConfigExternalBatteryPack", 0xffff0061],
  ["DELTA11", 0xffff0062],
  ["DELTA12", 0xffff0063],
  ["DELTA13", 0xffff0064],
  ["DELTA14", 0xffff0065],
  ["DELTA15", 0xffff0066],
  ["DELTA16", 0xffff0067],
  ["DELTA17", 0xffff0068],
  ["DeltaModelName", 0xffff0075],
  ["DELTA19", 0xffff0076],
  ["DeltaUPSType", 0xffff007c],
  ["DELTA21", 0xffff007d],
  ["DeltaConfigStartPowerRestoreDelay", 0xffff0081],
  ["DeltaOutputSource", 0xffff0091],
  ["DELTA24", 0xffff0092],
  ["DELTA25", 0xffff0093],
  ["DELTA26", 0xffff0094],
  ["DELTA27", 0xffff0095],
  ["DELTA28", 0xffff0096],
  ["DELTA29", 0xffff0097],
  ["DELTA30", 0xffff0098],
  ["DELTA31", 0xffff0099],
  ["DELTA32", 0xffff009a],
  ["DeltaConfigSensitivity", 0xffff009b],
  ["DeltaConfigStartPowerRestore", 0xffff009c],
]);
