/**
 * usbhid-ups's subdrivers, in the order NUT tries them (drivers/usbhid-ups.c `subdriver_list`): explore
 * first (it claims a device only with the `explore` option), mge, then the others by name.
 * @module
 */
import type { DriverVarSpec } from "../../../driver/types.ts";
import type { HidSubdriver } from "../types.ts";

/** The subdrivers, in NUT's order. */
export const SUBDRIVERS: readonly HidSubdriver[] = Object.freeze([]);

/** Options of the subdrivers (PowerCOM's). */
export const SUBDRIVER_VARS: readonly DriverVarSpec[] = Object.freeze([]);
