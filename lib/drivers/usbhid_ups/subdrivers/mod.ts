/**
 * usbhid-ups's subdrivers, in the order NUT tries them (drivers/usbhid-ups.c `subdriver_list`): explore
 * first (it claims a device only with the `explore` option), mge, then the others by name. MGE, openUPS
 * and PowerCOM make tables for each device (its model family and ABM, its scales, the instance's options).
 * @module
 */
import type { DriverVarSpec } from "../../../driver/types.ts";
import type { HidSubdriver } from "../types.ts";
import { apcSubdriver } from "./apc.ts";
import { arduinoSubdriver } from "./arduino.ts";
import { belkinSubdriver } from "./belkin.ts";
import { cpsSubdriver } from "./cps.ts";
import { deltaUpsSubdriver } from "./delta_ups.ts";
import { ecoflowSubdriver } from "./ecoflow.ts";
import { everSubdriver } from "./ever.ts";
import { exploreSubdriver } from "./explore.ts";
import { idowellSubdriver } from "./idowell.ts";
import { legrandSubdriver } from "./legrand.ts";
import { liebertSubdriver } from "./liebert.ts";
import { MGE_ALARMS, mgeSubdriver, mgeSubdriverFor } from "./mge.ts";
import { openupsSubdriver, openupsSubdriverFor } from "./openups.ts";
import { POWERCOM_VARS, powercomOptions, powercomSubdriver, powercomSubdriverFor } from "./powercom.ts";
import { powervarSubdriver } from "./powervar.ts";
import { salicruSubdriver } from "./salicru.ts";
import { trippliteSubdriver } from "./tripplite.ts";

const mge: HidSubdriver = {
  ...mgeSubdriver,
  alarms: MGE_ALARMS,
  forDevice: (device) => ({ ...mgeSubdriverFor(device), alarms: MGE_ALARMS }),
};

const openups: HidSubdriver = {
  ...openupsSubdriver,
  forDevice: (device) => openupsSubdriverFor(device.identity),
};

const powercom: HidSubdriver = {
  ...powercomSubdriver,
  forDevice: (_device, params) => powercomSubdriverFor(powercomOptions(params)),
};

/** The subdrivers, in NUT's order. */
export const SUBDRIVERS: readonly HidSubdriver[] = Object.freeze([
  exploreSubdriver,
  mge,
  apcSubdriver,
  arduinoSubdriver,
  belkinSubdriver,
  cpsSubdriver,
  deltaUpsSubdriver,
  ecoflowSubdriver,
  everSubdriver,
  idowellSubdriver,
  legrandSubdriver,
  liebertSubdriver,
  openups,
  powercom,
  powervarSubdriver,
  salicruSubdriver,
  trippliteSubdriver,
]);

/** Options of the subdrivers (PowerCOM's). */
export const SUBDRIVER_VARS: readonly DriverVarSpec[] = POWERCOM_VARS;
