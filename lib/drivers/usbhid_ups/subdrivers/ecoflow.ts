/**
 * usbhid-ups's EcoFlow subdriver (River 3 Plus, Delta 3 Plus power stations, 3746:ffff): the data of
 * NUT's drivers/ecoflow-hid.c ("EcoFlow HID 0.01", networkupstools/nut 6c63f7745ab5) - its USB ids,
 * `ecoflow_hid2nut[]` in NUT's order (the rows NUT builds only WITH_UNMAPPED_DATA_POINTS are left out, as
 * NUT's default build leaves them out), the runtime in minutes made seconds, and the ups.mfr fallback.
 * NUT's HU_FLAG_SEMI_STATIC rows (read again after a SET or a command) are STATIC here. EcoFlow has no
 * vendor usages and no instant commands (NUT's are commented out: the devices ignore them).
 * @module
 */
import { type Conversion, decoded, formatted, type VarRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import { BEEPER, DATE, stringIndex } from "../conversions.ts";
import { feature, type HidIdentity, type HidSource, type HidSubdriver, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";

const F0 = formatted("%.0f");
const F1 = formatted("%.1f");

/** `battery.runtime`: RunTimeToEmpty is in minutes (ecoflow_battery_runtime_conversion); negative: none. */
const RUNTIME_MINUTES = decoded((raw) => {
  const minutes = Number(raw);
  return minutes >= 0 ? cFormat("%.0f", minutes * 60) : undefined;
});

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

/** NUT's ecoflow_usb_device_table. */
const IDS = [{ vendorId: 0x3746, productId: 0xffff, vendor: "EcoFlow" }] as const;

/**
 * EcoFlow's tables. A device is claimed by its ids only: NUT also takes another product of the vendor
 * when the `productid` option is given, which a subdriver's match cannot see.
 */
export const ecoflowSubdriver: HidSubdriver = {
  name: "EcoFlow HID",
  version: "0.01",
  usages: "ecoflow",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d),
  variables: [
    v("ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl", BEEPER, ["QUICK"]),
    v("ups.power.nominal", "UPS.Flow.[4].ConfigActivePower", F0, ["STATIC"]),
    v("battery.voltage.nominal", "UPS.PowerSummary.ConfigVoltage", F1, ["STATIC"]),
    v("ups.timer.reboot", "UPS.OutletSystem.Outlet.DelayBeforeReboot", F0, ["QUICK"]),
    v("ups.timer.shutdown", "UPS.OutletSystem.Outlet.DelayBeforeShutdown", F0, ["QUICK"]),
    v("battery.capacity.nominal", "UPS.PowerSummary.DesignCapacity", F0, ["STATIC"]),
    v("battery.capacity", "UPS.PowerSummary.FullChargeCapacity", F0, ["STATIC"]),
    v("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex(), ["STATIC"]),
    v("experimental.ups.powersummary.ioeminformation", "UPS.PowerSummary.iOEMInformation", stringIndex(), [
      "STATIC",
    ]),
    v("ups.mfr.date", "UPS.PowerSummary.ManufacturerDate", DATE),
    v(
      "experimental.ups.powersummary.presentstatus.shutdownrequested",
      "UPS.PowerSummary.PresentStatus.ShutdownRequested",
      F0,
    ),
    v(
      "experimental.ups.powersummary.presentstatus.voltagenotregulated",
      "UPS.PowerSummary.PresentStatus.VoltageNotRegulated",
      F0,
    ),
    v("experimental.ups.powersummary.rechargeable", "UPS.PowerSummary.Rechargeable", F0),
    v("battery.charge", "UPS.PowerSummary.RemainingCapacity", F0, ["QUICK"]),
    v("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", F0, ["RW", "STRING", "STATIC"], 5),
    v("battery.runtime.low", "UPS.PowerSummary.RemainingTimeLimit", F0, ["STATIC"]),
    v("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", RUNTIME_MINUTES, ["QUICK"]),
    v("battery.voltage", "UPS.PowerSummary.Voltage", F1, ["QUICK"]),
    v("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", F0, ["STATIC"]),
  ],
  status: [
    ...boolRows("online", feature("UPS.PowerSummary.PresentStatus.ACPresent")),
    ...boolRows("nobattery", feature("UPS.PowerSummary.PresentStatus.BatteryPresent")),
    ...boolRows("lowbatt", feature("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit")),
    ...boolRows("commfault", feature("UPS.PowerSummary.PresentStatus.CommunicationLost")),
    ...boolRows("charging", feature("UPS.PowerSummary.PresentStatus.Charging")),
    ...boolRows("discharging", feature("UPS.PowerSummary.PresentStatus.Discharging")),
    ...boolRows("fullycharged", feature("UPS.PowerSummary.PresentStatus.FullyCharged")),
    ...boolRows("depleted", feature("UPS.PowerSummary.PresentStatus.FullyDischarged")),
    ...boolRows("replacebatt", feature("UPS.PowerSummary.PresentStatus.NeedReplacement")),
    ...boolRows("overload", feature("UPS.PowerSummary.PresentStatus.Overload")),
    ...boolRows("timelimitexpired", feature("UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired")),
    ...boolRows("shutdownimm", feature("UPS.PowerSummary.PresentStatus.ShutdownImminent")),
  ],
  commands: [],
  formatMfr: (d) => d.manufacturer ?? "EcoFlow",
};
