/**
 * Usage names of NUT's powervar subdriver: the data of `powervar_usage_lkp[]` in NUT's drivers/powervar-hid.c
 * (networkupstools/nut 6c63f7745ab5), in its order.
 * @module
 */
import { usageTable } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** Powervar (Powervar HID): vendor page 0xff00. */
export const POWERVAR_USAGES: UsageTable = usageTable([
  ["POWERVAR1", 0xff000001],
]);
