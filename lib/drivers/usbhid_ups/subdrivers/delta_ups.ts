/**
 * usbhid-ups's Delta subdriver (Delta RT and Amplon R series, 05dd:041b): the data of NUT's
 * drivers/delta_ups-hid.c ("Delta UPS HID 0.6", networkupstools/nut 6c63f7745ab5) - its USB ids,
 * `delta_ups_hid2nut[]` in NUT's order, its lookups (sensitivity, output source, UPS type) and the
 * ups.mfr fallback. NUT's HU_FLAG_SEMI_STATIC rows (read again after a SET or a command) are STATIC
 * here. NUT publishes no enumeration for its two writable lookups (no HU_FLAG_ENUM; upsrw shows them
 * as NUMBER), so neither do these rows.
 *
 * Not carried: `delta_ups_format_model` reads the string of `UPS.DeltaCustom.[1].DeltaModelName` and
 * falls back to the USB product string; a {@linkcode HidSubdriver.formatModel} sees only the USB
 * strings, so ups.model is the product string here.
 * @module
 */
import { type Conversion, decoded, formatted, lookup, type VarRow } from "../../../driver/mapping.ts";
import { BEEPER, KELVIN_CELSIUS, stringIndex, TEST_READ, YES_NO } from "../conversions.ts";
import { feature, type HidIdentity, type HidSource, type HidSubdriver, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";

const F0 = formatted("%.0f");
const F1 = formatted("%.1f");

/**
 * A lookup that a SET accepts but that declares no enumeration (NUT's RW rows without HU_FLAG_ENUM).
 * @param c the conversion
 * @returns the same conversion without its values
 */
function withoutEnum(c: Conversion): Conversion {
  return { toNut: c.toNut, fromNut: c.fromNut };
}

/** `input.sensitivity` (delta_ups_sensitivity_info). */
const SENSITIVITY = withoutEnum(lookup([[0, "normal"], [1, "reduced"], [2, "low"]]));

/** `input.source` (delta_ups_output_source_info). */
const OUTPUT_SOURCE = lookup([
  [0, "normal"],
  [1, "battery"],
  [2, "bypass/reserve"],
  [3, "reducing"],
  [4, "boosting"],
  [5, "manual bypass"],
  [6, "other"],
  [7, "no output"],
  [8, "on eco"],
]);

/** The UPS type of each value of the low nibble (delta_ups_type_fun folds 3..6 onto its five names). */
const UPS_TYPES = [
  "online",
  "offline",
  "line-interactive",
  "offline",
  "line-interactive",
  "3-phase",
  "split-phase",
];

/** `ups.type`: the low nibble of DeltaUPSType (7..15: none). */
const UPS_TYPE = decoded((raw) => UPS_TYPES[Math.trunc(Number(raw)) & 0x0f]);

/**
 * A variable row over a Feature path.
 * @param name NUT's name
 * @param path the HID path
 * @param convert the conversion
 * @param flags its flags
 * @param maxLength the longest text of a RW STRING
 * @returns the row
 */
function v(
  name: string,
  path: string,
  convert: Conversion,
  flags?: VarRow<HidSource>["flags"],
  maxLength?: number,
): VarRow<HidSource> {
  return { name, source: feature(path), convert, flags, maxLength };
}

/** NUT's delta_ups_usb_device_table. */
const IDS = [{ vendorId: 0x05dd, productId: 0x041b, vendor: "Delta" }] as const;

/**
 * Delta's tables. A device is claimed by its ids only: NUT also takes another product of the vendor when
 * the `productid` option is given, which a subdriver's match cannot see.
 */
export const deltaUpsSubdriver: HidSubdriver = {
  name: "Delta UPS HID",
  version: "0.6",
  usages: "delta_ups",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d),
  variables: [
    v("input.sensitivity", "UPS.DeltaCustom.[1].DeltaConfigSensitivity", SENSITIVITY, ["RW"]),
    v("input.voltage.nominal", "UPS.PowerSummary.Input.ConfigVoltage", F1, ["STATIC"]),
    v("input.voltage", "UPS.PowerSummary.Input.Voltage", F1, ["QUICK"]),
    v("input.voltage", "UPS.PowerConverter.Input.Voltage", F1, ["QUICK"]),
    v("input.transfer.low", "UPS.PowerConverter.Output.LowVoltageTransfer", F1, ["RW"]),
    v("input.transfer.high", "UPS.PowerConverter.Output.HighVoltageTransfer", F1, ["RW"]),
    v("input.transfer.low.min", "UPS.PowerConverter.Output.DeltaConfigTransferLowMin", F1, ["STATIC"]),
    v("input.transfer.low.max", "UPS.PowerConverter.Output.DeltaConfigTransferLowMax", F1, ["STATIC"]),
    v("input.transfer.high.min", "UPS.PowerConverter.Output.DeltaConfigTransferHighMin", F1, ["STATIC"]),
    v("input.transfer.high.max", "UPS.PowerConverter.Output.DeltaConfigTransferHighMax", F1, ["STATIC"]),
    v("input.source", "UPS.OutletSystem.Outlet.DeltaOutputSource", OUTPUT_SOURCE),
    v("input.frequency", "UPS.PowerConverter.Input.Frequency", F1, ["QUICK"]),
    v("battery.voltage.nominal", "UPS.BatterySystem.Battery.ConfigVoltage", F1, ["STATIC"]),
    v("battery.voltage", "UPS.BatterySystem.Battery.Voltage", F1, ["QUICK"]),
    v("battery.charge", "UPS.PowerSummary.RemainingCapacity", F0, ["QUICK"]),
    v("battery.charge", "UPS.BatterySystem.Battery.RemainingCapacity", F0),
    v("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", F0, ["RW", "STRING", "STATIC"], 5),
    v("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", F0, ["STATIC"]),
    v("battery.temperature", "UPS.BatterySystem.Temperature", KELVIN_CELSIUS, ["QUICK"]),
    v("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", F0, ["QUICK"]),
    v("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex(), ["STATIC"]),
    v("battery.capacity", "UPS.PowerSummary.DesignCapacity", F0, ["STATIC"]),
    v("battery.capacity", "UPS.PowerSummary.FullChargeCapacity", F0, ["STATIC"]),
    v("output.voltage.nominal", "UPS.Flow.ConfigVoltage", F1, ["STATIC"]),
    v("output.frequency.nominal", "UPS.Flow.ConfigFrequency", F1, ["STATIC"]),
    v("output.voltage", "UPS.PowerConverter.Output.Voltage", F1, ["QUICK"]),
    v("output.frequency", "UPS.PowerConverter.Output.Frequency", F1, ["QUICK"]),
    v("output.current", "UPS.PowerConverter.Output.Current", F1, ["QUICK"]),
    v("ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl", BEEPER, ["QUICK"]),
    v("ups.test.result", "UPS.BatterySystem.Test", TEST_READ),
    v("ups.type", "UPS.DeltaCustom.[1].DeltaUPSType", UPS_TYPE, ["STATIC"]),
    v("ups.start.auto", "UPS.DeltaCustom.[1].DeltaConfigStartPowerRestore", withoutEnum(YES_NO), ["RW"]),
    v("ups.power.nominal", "UPS.Flow.ConfigApparentPower", F0, ["STATIC"]),
    v("ups.realpower", "UPS.OutletSystem.Outlet.ActivePower", F1, ["QUICK"]),
    v("ups.realpower", "UPS.PowerConverter.Output.ActivePower", F1, ["QUICK"]),
    v("ups.load", "UPS.OutletSystem.Outlet.PercentLoad", F1, ["QUICK"]),
    v("ups.delay.start", "UPS.OutletSystem.Outlet.DeltaConfigStartPowerRestoreDelay", F0, ["RW"]),
    v("ups.timer.start", "UPS.OutletSystem.Outlet.DelayBeforeStartup", F0, ["QUICK"]),
    v("ups.timer.shutdown", "UPS.OutletSystem.Outlet.DelayBeforeShutdown", F0, ["QUICK"]),
    v("ups.timer.reboot", "UPS.OutletSystem.Outlet.DelayBeforeReboot", F0, ["QUICK"]),
  ],
  status: [
    ...boolRows("off", feature("UPS.PowerSummary.PresentStatus.Good")),
    ...boolRows("commfault", feature("UPS.PowerSummary.PresentStatus.InternalFailure")),
    ...boolRows("shutdownimm", feature("UPS.PowerSummary.PresentStatus.ShutdownImminent")),
    ...boolRows("online", feature("UPS.PowerSummary.PresentStatus.ACPresent")),
    ...boolRows("lowbatt", feature("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit")),
    ...boolRows("fullycharged", feature("UPS.PowerSummary.PresentStatus.FullyCharged")),
    ...boolRows("charging", feature("UPS.PowerSummary.PresentStatus.Charging")),
    ...boolRows("discharging", feature("UPS.PowerSummary.PresentStatus.Discharging")),
    ...boolRows("depleted", feature("UPS.PowerSummary.PresentStatus.FullyDischarged")),
    ...boolRows("replacebatt", feature("UPS.PowerSummary.PresentStatus.NeedReplacement")),
    ...boolRows("vrange", feature("UPS.PowerConverter.PresentStatus.VoltageOutOfRange")),
    ...boolRows("trim", feature("UPS.PowerConverter.PresentStatus.Buck")),
    ...boolRows("boost", feature("UPS.PowerConverter.PresentStatus.Boost")),
    ...boolRows("overload", feature("UPS.PowerConverter.PresentStatus.Overload")),
    ...boolRows("nobattery", feature("UPS.PowerConverter.PresentStatus.Used")),
    ...boolRows("overheat", feature("UPS.PowerConverter.PresentStatus.OverTemperature")),
    ...boolRows("commfault", feature("UPS.PowerConverter.PresentStatus.InternalFailure")),
    ...boolRows("awaitingpower", feature("UPS.PowerConverter.PresentStatus.AwaitingPower")),
  ],
  commands: [
    { name: "beeper.on", source: feature("UPS.PowerSummary.AudibleAlarmControl"), value: 2 },
    { name: "beeper.off", source: feature("UPS.PowerSummary.AudibleAlarmControl"), value: 3 },
    { name: "beeper.enable", source: feature("UPS.PowerSummary.AudibleAlarmControl"), value: 2 },
    { name: "beeper.disable", source: feature("UPS.PowerSummary.AudibleAlarmControl"), value: 1 },
    { name: "beeper.mute", source: feature("UPS.PowerSummary.AudibleAlarmControl"), value: 3 },
    { name: "test.battery.start.quick", source: feature("UPS.BatterySystem.Test"), value: 1 },
    { name: "test.battery.start.deep", source: feature("UPS.BatterySystem.Test"), value: 2 },
    { name: "test.battery.stop", source: feature("UPS.BatterySystem.Test"), value: 3 },
    { name: "load.on.delay", source: feature("UPS.OutletSystem.Outlet.DelayBeforeStartup"), value: 30 },
    { name: "load.off.delay", source: feature("UPS.OutletSystem.Outlet.DelayBeforeShutdown"), value: 20 },
    { name: "shutdown.stop", source: feature("UPS.OutletSystem.Outlet.DelayBeforeShutdown"), value: -1 },
    { name: "shutdown.reboot", source: feature("UPS.OutletSystem.Outlet.DelayBeforeReboot"), value: 10 },
  ],
  formatMfr: (d) => d.manufacturer ?? "Delta",
  formatModel: (d) => d.product,
};
