/**
 * usbhid-ups's Liebert subdriver, named before its USB vendor id turned out to be Phoenixtec's (06da:ffff:
 * PowerWalker, some Liebert units; belkin.ts drives Liebert's own ids): the data of NUT's
 * drivers/liebert-hid.c ("Phoenixtec/Liebert HID 0.41", networkupstools/nut 6c63f7745ab5, v2.8.5-941): its
 * USB id and `liebert_hid2nut[]` in NUT's order (debug-only unmapped rows left out). It has no vendor
 * usages: its paths use the HID names, Phoenixtec's own usages in hex (`UPS.PowerConverter.Output.ffff0057`).
 * @module
 */
import type { StatusRow } from "../../../driver/mapping.ts";
import type { UsbId } from "../../catalog.ts";
import { BEEPER, stringIndex, TEST_READ } from "../conversions.ts";
import { feature, type HidSource, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";
import { absent, command, STATIC, variable } from "./_nut_rows.ts";
import type { ProposedHidSubdriver } from "./_proposed.ts";

const PHOENIXTEC = 0x06da;

/** The devices of `liebert_usb_device_table[]`. */
const IDS: readonly UsbId[] = Object.freeze([{
  vendorId: PHOENIXTEC,
  productId: 0xffff,
  vendor: "Phoenixtec",
}]);

const PS = "UPS.PowerSummary";
const PRESENT = `${PS}.PresentStatus`;
const OUT = "UPS.PowerConverter.Output";
const IN = "UPS.PowerConverter.Input.[1]";

const STATUS: readonly StatusRow<HidSource>[] = Object.freeze([
  ...boolRows("online", feature(`${PRESENT}.ACPresent`)),
  ...boolRows("lowbatt", feature(`${PRESENT}.BelowRemainingCapacityLimit`)),
  ...boolRows("charging", feature(`${PRESENT}.Charging`)),
  ...boolRows("discharging", feature(`${PRESENT}.Discharging`)),
  ...boolRows("overload", feature(`${PRESENT}.Overload`)),
  ...boolRows("off", feature(`${PRESENT}.Good`)),
  ...boolRows("commfault", feature(`${PRESENT}.InternalFailure`)),
  ...boolRows("shutdownimm", feature(`${PRESENT}.ShutdownImminent`)),
  ...boolRows("trim", feature(`${IN}.PresentStatus.Buck`)),
  ...boolRows("boost", feature(`${IN}.PresentStatus.Boost`)),
]);

/** Phoenixtec's tables (NUT's `liebert_subdriver`). */
export const liebertSubdriver: ProposedHidSubdriver = {
  name: "Phoenixtec/Liebert HID",
  version: "0.41",
  usages: "liebert",
  ids: IDS,
  match: (d) => idsMatch(IDS, d),
  claimsWithProductId: (d) => d.vendorId === PHOENIXTEC,
  variables: Object.freeze([
    variable("battery.voltage", `${PS}.Voltage`, "%.2f"),
    variable("battery.charge", `${PS}.RemainingCapacity`, "%.0f"),
    variable("experimental.battery.capacity", `${PS}.FullChargeCapacity`, "%.0f"),
    variable("experimental.battery.capacity.nominal", `${PS}.DesignCapacity`, "%.0f"),
    variable("battery.runtime", `${PS}.RunTimeToEmpty`, "%.0f"),
    variable("battery.type", `${PS}.iDeviceChemistry`, stringIndex()),
    variable("ups.load", `${PS}.PercentLoad`, "%.0f"),
    variable("ups.power.nominal", "UPS.Flow.[4].ConfigApparentPower", "%.0f", STATIC),
    variable("ups.test.result", "UPS.BatterySystem.Battery.Test", TEST_READ),
    variable("ups.beeper.status", `${PS}.AudibleAlarmControl`, BEEPER, STATIC),
    variable("output.voltage", `${OUT}.Voltage`, "%.1f"),
    variable("output.voltage.nominal", "UPS.Flow.[4].ConfigVoltage", "%.0f", STATIC),
    variable("output.frequency", `${OUT}.Frequency`, "%.2f"),
    variable("output.frequency.nominal", "UPS.Flow.[4].ConfigFrequency", "%.0f", STATIC),
    variable("output.transfer.high", `${OUT}.HighVoltageTransfer`, "%.1f", STATIC),
    variable("output.transfer.low", `${OUT}.LowVoltageTransfer`, "%.1f", STATIC),
    variable("input.voltage", `${IN}.Voltage`, "%.1f"),
    variable("input.frequency", `${IN}.Frequency`, "%.2f"),
    variable("input.transfer.low", `${OUT}.ffff0057`, "%.0f", STATIC),
    variable("input.transfer.high", `${OUT}.ffff0058`, "%.0f", STATIC),
    variable("input.frequency.transfer.low", `${OUT}.ffff00f9`, "%.0f", STATIC),
    variable("input.frequency.transfer.high", `${OUT}.ffff00f8`, "%.0f", STATIC),
  ]),
  status: STATUS,
  commands: Object.freeze([
    command("test.battery.start", "UPS.BatterySystem.Battery.Test", 1),
    command("load.off.delay", `${PS}.DelayBeforeShutdown`, 20),
    command("load.on.delay", `${PS}.DelayBeforeStartup`, 30),
    command("shutdown.stop", `${PS}.DelayBeforeShutdown`, -1),
    command("beeper.toggle", `${PS}.AudibleAlarmControl`, 1),
  ]),
  fixed: Object.freeze([
    absent("ups.delay.start", `${PS}.DelayBeforeStartup`, "$ondelay"),
    absent("ups.delay.shutdown", `${PS}.DelayBeforeShutdown`, "$offdelay"),
  ]),
  formatMfr: (d) => d.manufacturer ?? "Liebert",
  formatModel: (d) => d.product,
  formatSerial: (d) => d.serial,
};
