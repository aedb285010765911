/**
 * Usage names of NUT's openups subdriver: the data of `openups_usage_lkp[]` in NUT's drivers/openups-hid.c
 * (networkupstools/nut 6c63f7745ab5), in its order.
 * @module
 */
import { usageTable } from "./table.ts";
import type { UsageTable } from "./table.ts";

/** Minibox openUPS (openUPS HID): battery cells on page 0x0000. */
export const OPENUPS_USAGES: UsageTable = usageTable([
  ["Cell1", 0x00000001], // Battery cell 1 on J6 pin 1
  ["Cell2", 0x00000002], // Battery cell 2 on J6 pin 2
  ["Cell3", 0x00000003], // Battery cell 3 on J6 pin 3
  ["Cell4", 0x00000004], // Battery cell 4 on J6 pin 4
  ["Cell5", 0x00000005], // Battery cell 5 on J6 pin 5
  ["Cell6", 0x00000006], // Battery cell 6 on J4 pin 1
]);
