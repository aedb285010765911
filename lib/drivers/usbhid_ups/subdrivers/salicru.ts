/**
 * usbhid-ups's Salicru subdriver (SPS Home, SPS ADV, SLC TWIN PRO2/PRO3, 2e66:*): the data of NUT's
 * drivers/salicru-hid.c ("Salicru HID 0.4", networkupstools/nut 6c63f7745ab5) - its USB ids,
 * `salicru_hid2nut[]` in NUT's order (its `#ifdef DEBUG` rows and commented-out rows aside) and the
 * ups.mfr fallback. The devices have no vendor usages NUT names, so the paths read with the HID tables
 * alone. NUT's table lists `ups.test.result` from UPS.BatterySystem.Battery.Test twice; so does this one.
 *
 * Not carried: NUT's claim takes another product of the vendor when `productid` is given, which `match`
 * cannot see.
 * @module
 */
import { BEEPER, stringIndex, TEST_READ } from "../conversions.ts";
import { type HidIdentity, type HidSubdriver, idsMatch } from "../types.ts";
import {
  BOOST,
  CHARGING,
  COMMFAULT,
  DISCHARGING,
  FULLYCHARGED,
  hidBool,
  hidCmd,
  hidVar,
  LOWBATT,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  TIMELIMITEXPIRED,
} from "./_hid2nut.ts";

/** NUT's salicru_usb_device_table. */
const IDS = [
  { vendorId: 0x2e66, productId: 0x0101, vendor: "Salicru" }, // SPS 3000 ADV RT2
  { vendorId: 0x2e66, productId: 0x0201, vendor: "Salicru" }, // SLC TWIN PRO2 / TWINPRO3 / TWINRT3
  { vendorId: 0x2e66, productId: 0x0202, vendor: "Salicru" },
  { vendorId: 0x2e66, productId: 0x0203, vendor: "Salicru" },
  { vendorId: 0x2e66, productId: 0x0300, vendor: "Salicru" }, // SPS 850 HOME
  { vendorId: 0x2e66, productId: 0x0302, vendor: "Salicru" }, // SPS 850 ADV T
] as const;

/** The Salicru tables: the SPS rows first, then those of the TWIN PRO2 descriptors. */
export const salicruSubdriver: HidSubdriver = {
  name: "Salicru HID",
  version: "0.4",
  usages: "salicru",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d),
  variables: [
    hidVar("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex()),
    hidVar("battery.charge", "UPS.PowerSummary.RemainingCapacity", "%.0f"),
    hidVar("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", "%.0f"),
    hidVar("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", "%.0f", {
      hu: "SEMI_STATIC",
      rw: 10,
    }),
    hidVar("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", "%.0f"),
    hidVar("battery.runtime.low", "UPS.PowerSummary.RemainingTimeLimit", "%.0f", {
      hu: "SEMI_STATIC",
      rw: 10,
    }),
    hidVar("battery.voltage.nominal", "UPS.PowerSummary.ConfigVoltage", "%.0f"),
    hidVar("battery.voltage", "UPS.PowerSummary.Voltage", "%.2f"),
    hidVar("ups.load", "UPS.Output.PercentLoad", "%.0f"),
    hidVar("ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl", BEEPER),
    hidVar("ups.test.result", "UPS.Output.Test", TEST_READ),
    hidVar("ups.realpower.nominal", "UPS.Output.ConfigActivePower", "%.0f"),
    hidVar("input.frequency", "UPS.Input.Frequency", "%.1f"),
    hidVar("input.voltage.nominal", "UPS.Input.ConfigVoltage", "%.0f"),
    hidVar("input.voltage", "UPS.Input.Voltage", "%.1f"),
    hidVar("input.transfer.high", "UPS.PowerConverter.Output.HighVoltageTransfer", "%.0f", { hu: "STATIC" }),
    hidVar("input.transfer.low", "UPS.PowerConverter.Output.LowVoltageTransfer", "%.0f", { hu: "STATIC" }),
    hidVar("output.frequency", "UPS.Output.Frequency", "%.1f"),
    hidVar("output.voltage", "UPS.Output.Voltage", "%.1f"),
    hidVar("output.voltage.nominal", "UPS.Output.ConfigVoltage", "%.0f"),
    // Salicru Twin Pro 2 descriptors.
    hidVar("ups.load", "UPS.PowerSummary.PercentLoad", "%.0f"),
    hidVar("ups.test.result", "UPS.BatterySystem.Battery.Test", TEST_READ),
    hidVar("ups.realpower.nominal", "UPS.Flow.[4].ConfigActivePower", "%.0f"),
    hidVar("ups.realpower", "UPS.PowerConverter.Output.ActivePower", "%.0f"),
    hidVar("input.frequency", "UPS.PowerConverter.Input.[1].Frequency", "%.1f"),
    hidVar("input.voltage", "UPS.PowerConverter.Input.[1].Voltage", "%.1f"),
    hidVar("output.frequency", "UPS.PowerConverter.Output.Frequency", "%.1f"),
    hidVar("output.voltage", "UPS.PowerConverter.Output.Voltage", "%.1f"),
    hidVar("output.voltage.nominal", "UPS.PowerSummary.ConfigVoltage", "%.0f"),
    hidVar("ups.test.result", "UPS.BatterySystem.Battery.Test", TEST_READ),
  ],
  status: [
    ...hidBool("UPS.PowerSummary.PresentStatus.ACPresent", ONLINE),
    ...hidBool("UPS.PowerSummary.PresentStatus.Charging", CHARGING),
    ...hidBool("UPS.PowerSummary.PresentStatus.Discharging", DISCHARGING),
    ...hidBool("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit", LOWBATT),
    ...hidBool("UPS.PowerSummary.PresentStatus.FullyCharged", FULLYCHARGED),
    ...hidBool("UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired", TIMELIMITEXPIRED),
    ...hidBool("UPS.Output.CommunicationLost", COMMFAULT),
    ...hidBool("UPS.Output.Boost", BOOST),
    ...hidBool("UPS.Output.Overload", OVERLOAD),
    // Salicru Twin Pro 2 descriptors.
    ...hidBool("UPS.PowerSummary.PresentStatus.Overload", OVERLOAD),
    ...hidBool("UPS.PowerSummary.PresentStatus.OverTemperature", OVERHEAT),
  ],
  commands: [
    hidCmd("test.battery.start.quick", "UPS.BatterySystem.Battery.Test", 1),
    hidCmd("test.battery.start.deep", "UPS.BatterySystem.Battery.Test", 2),
    hidCmd("test.battery.stop", "UPS.BatterySystem.Battery.Test", 3),
  ],
  formatMfr: (d) => d.manufacturer ?? "Salicru",
  formatModel: (d) => d.product,
  formatSerial: (d) => d.serial,
};
