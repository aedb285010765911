/**
 * usbhid-ups's Arduino subdriver (boards running the Arduino HID Power Device library: Leonardo, Leonardo
 * ETH, Pro Micro): the data of NUT's drivers/arduino-hid.c ("Arduino HID 0.22", networkupstools/nut
 * 6c63f7745ab5) - its USB ids, `arduino_hid2nut[]` in NUT's order and the ups.mfr fallback. The board has
 * no vendor usages, so the paths read with the HID tables alone.
 *
 * Not carried: NUT's claim also sets the board's endpoints and report descriptor index
 * (`usb_hid_ep_in=4`, `usb_hid_ep_out=5`, `usb_hid_rep_index=2` unless given), which a subdriver cannot
 * say; and it takes another product of these vendors when `productid` is given, which `match` cannot see.
 * @module
 */
import { stringIndex } from "../conversions.ts";
import { type HidIdentity, type HidSubdriver, idsMatch } from "../types.ts";
import {
  CHARGING,
  DEPLETED,
  DISCHARGING,
  FULLYCHARGED,
  hidAbsent,
  hidBool,
  hidCmd,
  hidVar,
  LOWBATT,
  NOBATTERY,
  ONLINE,
  OVERLOAD,
  REPLACEBATT,
  SHUTDOWNIMM,
  TIMELIMITEXPIRED,
} from "./_hid2nut.ts";

/** NUT's arduino_usb_device_table. */
const IDS = [
  { vendorId: 0x2341, productId: 0x0036, vendor: "Arduino" },
  { vendorId: 0x2341, productId: 0x8036, vendor: "Arduino" },
  { vendorId: 0x2a03, productId: 0x0036, vendor: "Arduino" },
  { vendorId: 0x2a03, productId: 0x8036, vendor: "Arduino" },
  { vendorId: 0x2a03, productId: 0x0040, vendor: "Arduino" },
  { vendorId: 0x2a03, productId: 0x8040, vendor: "Arduino" },
] as const;

/** The Arduino tables (the sketch library's Power Device reports). */
export const arduinoSubdriver: HidSubdriver = {
  name: "Arduino HID",
  version: "0.22",
  usages: "arduino",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d),
  variables: [
    hidVar("ups.timer.start", "UPS.PowerSummary.DelayBeforeStartup", "%.0f", { hu: "QUICK" }),
    hidVar("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", "%.0f", { hu: "QUICK" }),
    hidVar("ups.timer.reboot", "UPS.PowerSummary.DelayBeforeReboot", "%.0f", { hu: "QUICK" }),
    hidVar("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex(), { hu: "STATIC" }),
    hidVar("battery.voltage.nominal", "UPS.PowerSummary.ConfigVoltage", "%.2f", { hu: "QUICK" }),
    hidVar("battery.voltage", "UPS.PowerSummary.Voltage", "%.2f", { hu: "QUICK" }),
    hidVar("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", "%.0f", { hu: "QUICK" }),
    hidVar("battery.runtime.low", "UPS.PowerSummary.RemainingTimeLimit", "%.0f", { hu: "SEMI_STATIC" }),
    // The library reports capacities in percent (CapacityMode 2), as NUT assumes.
    hidVar("battery.charge", "UPS.PowerSummary.RemainingCapacity", "%.0f"),
    hidVar("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", "%.0f", { hu: "SEMI_STATIC" }),
    hidVar("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", "%.0f", { hu: "SEMI_STATIC" }),
    hidVar("ups.load", "UPS.PowerSummary.PercentLoad", "%.0f"),
    hidVar("input.voltage", "UPS.PowerConverter.Input.[1].Voltage", "%.1f"),
    hidVar("output.voltage", "UPS.PowerConverter.Output.Voltage", "%.1f"),
  ],
  status: [
    ...hidBool("UPS.PowerSummary.PresentStatus.ACPresent", ONLINE),
    ...hidBool("UPS.PowerSummary.PresentStatus.Discharging", DISCHARGING),
    ...hidBool("UPS.PowerSummary.PresentStatus.Charging", CHARGING),
    ...hidBool("UPS.PowerSummary.PresentStatus.NeedReplacement", REPLACEBATT),
    ...hidBool("UPS.PowerSummary.PresentStatus.ShutdownImminent", SHUTDOWNIMM),
    ...hidBool("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit", LOWBATT),
    ...hidBool("UPS.PowerSummary.PresentStatus.Overload", OVERLOAD),
    ...hidBool("UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired", TIMELIMITEXPIRED),
    ...hidBool("UPS.PowerSummary.PresentStatus.BatteryPresent", NOBATTERY),
    ...hidBool("UPS.PowerSummary.PresentStatus.FullyCharged", FULLYCHARGED),
    ...hidBool("UPS.PowerSummary.PresentStatus.FullyDischarged", DEPLETED),
  ],
  commands: [
    hidCmd("load.off.delay", "UPS.PowerSummary.DelayBeforeShutdown", 20),
    hidCmd("load.on.delay", "UPS.PowerSummary.DelayBeforeStartup", 30),
    hidCmd("shutdown.stop", "UPS.PowerSummary.DelayBeforeShutdown", -1),
    hidCmd("shutdown.reboot", "UPS.PowerSummary.DelayBeforeReboot", 10),
  ],
  fixed: [
    hidAbsent("ups.delay.start", "UPS.PowerSummary.DelayBeforeStartup", "$ondelay", 10),
    hidAbsent("ups.delay.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", "$offdelay", 10),
  ],
  formatMfr: (d) => d.manufacturer ?? "Arduino",
  formatModel: (d) => d.product,
  formatSerial: (d) => d.serial,
};
