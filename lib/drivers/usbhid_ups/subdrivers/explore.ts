/**
 * usbhid-ups's explore subdriver: NUT's drivers/explore-hid.c ("EXPLORE HID 0.2", networkupstools/nut
 * 6c63f7745ab5, v2.8.5-941): no rows at all, the HID usage names alone (vendor usages print as hex), the
 * USB strings as they are. NUT's claim takes any device, but only with the `explore` option; the driver
 * chooses it by that option (it looks for the subdriver with the explore usage names), so `match` claims
 * nothing on its own and explore never steals a device from a vendor's subdriver.
 * @module
 */
import type { HidSubdriver } from "../types.ts";

/** The explore subdriver (NUT's `explore_subdriver`). */
export const exploreSubdriver: HidSubdriver = {
  name: "EXPLORE HID",
  version: "0.2",
  usages: "explore",
  ids: Object.freeze([]),
  match: () => false,
  variables: Object.freeze([]),
  status: Object.freeze([]),
  commands: Object.freeze([]),
  formatMfr: (d) => d.manufacturer,
  formatModel: (d) => d.product,
  formatSerial: (d) => d.serial,
};
