/**
 * usbhid-ups's Powervar subdriver (Powervar UPM series, 4234:0002): the data of NUT's
 * drivers/powervar-hid.c ("Powervar HID 0.21", networkupstools/nut 6c63f7745ab5) - its USB id,
 * `powervar_hid2nut[]` in NUT's order and the ups.mfr fallback.
 *
 * Not carried: the two "BOOL" rows of InternalFailure and Good map to `yes_no_info`, whose "no"/"yes" are
 * no status bit (NUT logs them as unknown and sets nothing), so they have no status row; NUT's claim sets
 * `usb_hid_rep_index=1` unless given, which a subdriver cannot say; and it takes another product of the
 * vendor when `productid` is given, which `match` cannot see.
 * @module
 */
import { stringIndex } from "../conversions.ts";
import { type HidIdentity, type HidSubdriver, idsMatch } from "../types.ts";
import {
  CHARGING,
  DEPLETED,
  DISCHARGING,
  FULLYCHARGED,
  hidBool,
  hidVar,
  LOWBATT,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  REPLACEBATT,
  SHUTDOWNIMM,
  TIMELIMITEXPIRED,
} from "./_hid2nut.ts";

/** NUT's powervar_usb_device_table. */
const IDS = [{ vendorId: 0x4234, productId: 0x0002, vendor: "Powervar" }] as const;

/** The Powervar tables. */
export const powervarSubdriver: HidSubdriver = {
  name: "Powervar HID",
  version: "0.21",
  usages: "powervar",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d),
  variables: [
    hidVar("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex()),
    hidVar("battery.charge", "UPS.PowerSummary.RemainingCapacity", "%.0f"),
    hidVar("battery.capacity", "UPS.PowerSummary.FullChargeCapacity", "%.0f"),
    // NUT writes RuntimeToEmpty (lower-case t): its usage names compare without case (strcasecmp).
    hidVar("battery.runtime", "UPS.PowerSummary.RuntimeToEmpty", "%.0f"),
  ],
  status: [
    ...hidBool("UPS.PowerSummary.PresentStatus.ACPresent", ONLINE),
    ...hidBool("UPS.PowerSummary.PresentStatus.Discharging", DISCHARGING),
    ...hidBool("UPS.PowerSummary.PresentStatus.Charging", CHARGING),
    ...hidBool("UPS.PowerSummary.PresentStatus.ShutdownImminent", SHUTDOWNIMM),
    ...hidBool("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit", LOWBATT),
    ...hidBool("UPS.PowerSummary.PresentStatus.Overload", OVERLOAD),
    ...hidBool("UPS.PowerSummary.PresentStatus.NeedReplacement", REPLACEBATT),
    ...hidBool("UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired", TIMELIMITEXPIRED),
    ...hidBool("UPS.PowerSummary.PresentStatus.OverTemperature", OVERHEAT),
    ...hidBool("UPS.PowerSummary.PresentStatus.FullyCharged", FULLYCHARGED),
    ...hidBool("UPS.PowerSummary.PresentStatus.FullyDischarged", DEPLETED),
  ],
  commands: [],
  formatMfr: (d) => d.manufacturer ?? "Powervar",
  formatModel: (d) => d.product,
  formatSerial: (d) => d.serial,
};
