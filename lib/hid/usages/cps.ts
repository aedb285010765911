/**
 * Usage names of NUT's cps subdriver: the data of `cps_usage_lkp[]` in NUT's drivers/cps-hid.c
 * (networkupstools/nut 6c63f7745ab5), in its order.
 * @module
 */
import { usageTable } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** CyberPower (CyberPower HID): vendor page 0xff01. */
export const CPS_USAGES: UsageTable = usageTable([
  ["CPSFirmwareVersion", 0xff0100d0],
  ["CPSInputSensitivity", 0xff010043],
]);
