/**
 * usbhid-ups's Legrand subdriver (Keor PDU 1cb0:0038 and Keor SP 1cb0:0032): the data of NUT's
 * drivers/legrand-hid.c ("Legrand HID 0.2", networkupstools/nut 6c63f7745ab5) - its USB ids,
 * `legrand_hid2nut[]` in NUT's order (the Keor PDU's `UPS.Input.*`/`UPS.Output.*` paths first, then the
 * Keor SP's `UPS.PowerConverter.*` ones, the first that gives a value winning), the multipliers NUT
 * applies to the SP's readings (x10, x100000, x1000000, x10000000, one decimal), and the ups.mfr
 * fallback. Legrand has no vendor usages.
 *
 * Not carried: NUT turns the interrupt pipe off for both devices (`disable_interrupt_pipe` in the id
 * table: they send nothing on it); a {@linkcode HidSubdriver} cannot say so, so give them `pollonly`.
 * NUT's four HU_FLAG_ABSENT rows (ups.delay.shutdown / ups.delay.start, on the Outlet and the Output
 * paths) are one fixed value each.
 * @module
 */
import { type Conversion, decoded, formatted, type VarRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import { DIVIDE_BY_10 } from "../conversions.ts";
import { feature, type HidIdentity, type HidSource, type HidSubdriver, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";

const F0 = formatted("%.0f");

/**
 * A reading multiplied, one decimal (NUT's legrand_times10, _times100k, _times1M, _times10M).
 * @param factor the multiplier
 * @returns the conversion
 */
function times(factor: number): Conversion {
  return decoded((raw) => cFormat("%0.1f", Number(raw) * factor));
}

/**
 * A variable row over a Feature path.
 * @param name NUT's name
 * @param path the HID path
 * @param convert the conversion
 * @param flags its flags
 * @returns the row
 */
function v(
  name: string,
  path: string,
  convert: Conversion,
  flags?: VarRow<HidSource>["flags"],
): VarRow<HidSource> {
  return { name, source: feature(path), convert, flags };
}

/** NUT's legrand_usb_device_table. */
const IDS = [
  { vendorId: 0x1cb0, productId: 0x0038, vendor: "Legrand" },
  { vendorId: 0x1cb0, productId: 0x0032, vendor: "Legrand" },
] as const;

/**
 * Legrand's tables. A device is claimed by its ids only: NUT also takes another product of the vendor
 * when the `productid` option is given, which a subdriver's match cannot see.
 */
export const legrandSubdriver: HidSubdriver = {
  name: "Legrand HID",
  version: "0.2",
  usages: "legrand",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d),
  variables: [
    v("input.voltage", "UPS.Input.Voltage", F0),
    v("input.voltage", "UPS.PowerConverter.Input.Voltage", times(1e6)),
    v("input.transfer.high", "UPS.Input.HighVoltageTransfer", F0, ["STATIC"]),
    v("input.transfer.high", "UPS.PowerConverter.Output.HighVoltageTransfer", times(10), ["STATIC"]),
    v("input.transfer.low", "UPS.Input.LowVoltageTransfer", F0, ["STATIC"]),
    v("input.transfer.low", "UPS.PowerConverter.Output.LowVoltageTransfer", F0, ["STATIC"]),
    v("input.voltage.nominal", "UPS.Input.ConfigVoltage", F0, ["STATIC"]),
    v("input.voltage.nominal", "UPS.Flow.ConfigVoltage", F0, ["STATIC"]),
    v("battery.voltage.nominal", "UPS.PowerSummary.ConfigVoltage", DIVIDE_BY_10, ["STATIC"]),
    v("battery.voltage.nominal", "UPS.BatterySystem.Battery.ConfigVoltage", F0, ["STATIC"]),
    v("battery.voltage", "UPS.PowerSummary.Voltage", DIVIDE_BY_10),
    v("battery.voltage", "UPS.BatterySystem.Battery.Voltage", times(1e5)),
    v("battery.charge", "UPS.PowerSummary.RemainingCapacity", F0),
    v("battery.runtime", "UPS.PowerSummary.RuntimeToEmpty", F0),
    v("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", F0, ["STATIC"]),
    v("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", F0, ["STATIC"]),
    v("output.voltage", "UPS.Output.Voltage", F0),
    v("output.voltage", "UPS.PowerConverter.Output.Voltage", times(1e7)),
    v("output.frequency", "UPS.Output.Frequency", F0),
    v("ups.load", "UPS.Output.PercentLoad", F0),
    v("ups.load", "UPS.OutletSystem.Outlet.PercentLoad", F0),
    v("ups.realpower.nominal", "UPS.Output.ConfigActivePower", F0, ["STATIC"]),
    v("ups.realpower.nominal", "UPS.Flow.ConfigApparentPower", F0, ["STATIC"]),
  ],
  status: [
    ...boolRows("online", feature("UPS.PowerSummary.PresentStatus.ACPresent")),
    ...boolRows("lowbatt", feature("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit")),
    ...boolRows("charging", feature("UPS.PowerSummary.PresentStatus.Charging")),
    ...boolRows("discharging", feature("UPS.PowerSummary.PresentStatus.Discharging")),
    ...boolRows("overload", feature("UPS.Output.Overload")),
  ],
  commands: [
    { name: "load.off.delay", source: feature("UPS.OutletSystem.Outlet.DelayBeforeShutdown"), value: 20 },
    { name: "load.on.delay", source: feature("UPS.OutletSystem.Outlet.DelayBeforeStartup"), value: 30 },
    { name: "load.off.delay", source: feature("UPS.Output.DelayBeforeShutdown"), value: 20 },
    { name: "load.on.delay", source: feature("UPS.Output.DelayBeforeStartup"), value: 30 },
    { name: "test.battery.start.quick", source: feature("UPS.BatterySystem.Battery.Test"), value: 1 },
    { name: "test.battery.start.deep", source: feature("UPS.BatterySystem.Battery.Test"), value: 2 },
    { name: "test.battery.stop", source: feature("UPS.BatterySystem.Battery.Test"), value: 3 },
    { name: "test.battery.start.quick", source: feature("UPS.Output.Test"), value: 1 },
    { name: "test.battery.start.deep", source: feature("UPS.Output.Test"), value: 2 },
    { name: "test.battery.stop", source: feature("UPS.Output.Test"), value: 3 },
    { name: "beeper.enable", source: feature("UPS.PowerSummary.AudibleAlarmControl"), value: 2 },
    { name: "beeper.disable", source: feature("UPS.PowerSummary.AudibleAlarmControl"), value: 3 },
  ],
  // NUT's HU_FLAG_ABSENT rows, published when the descriptor has a DelayBeforeShutdown / -Startup path.
  fixed: [
    { name: "ups.delay.shutdown", value: "$offdelay", flags: ["RW", "STRING"], maxLength: 10 },
    { name: "ups.delay.start", value: "$ondelay", flags: ["RW", "STRING"], maxLength: 10 },
  ],
  formatMfr: (d) => d.manufacturer ?? "Legrand",
};
