/**
 * usbhid-ups's iDowell subdriver (iDowell iBox, GoldenMate LiFePO4 units 075d:0300, and GoldenMate packs
 * on the Phoenixtec id 06da:ffff): the data of NUT's drivers/idowell-hid.c ("iDowell HID 0.22",
 * networkupstools/nut 6c63f7745ab5) - its USB ids, `idowell_hid2nut[]` in NUT's order (the rows NUT builds
 * only WITH_UNMAPPED_DATA_POINTS or DEBUG are left out), its claim (on 06da:ffff only a device whose strings
 * say GoldenMate's "-BMS-"/"Smart-Battery" firmware, so that liebert and mge keep the other Phoenixtec
 * devices) and the ups.mfr fallback. NUT's `idowell_fix_report_desc` (GoldenMate's report 0x02 maxima) is
 * lib/hid's fix-up of the "idowell" usage names. iDowell has no vendor usages.
 * @module
 */
import { type Conversion, formatted, type VarRow } from "../../../driver/mapping.ts";
import { stringIndex } from "../conversions.ts";
import { feature, type HidIdentity, type HidSource, type HidSubdriver, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";

const F0 = formatted("%.0f");
const F1 = formatted("%.1f");

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

/** The Phoenixtec vendor id, shared with the liebert and mge subdrivers. */
const PHOENIXTEC = 0x06da;

/** NUT's idowell_usb_device_table. */
const IDS = [
  { vendorId: 0x075d, productId: 0x0300, vendor: "iDowell" },
  { vendorId: PHOENIXTEC, productId: 0xffff, vendor: "GoldenMate" },
] as const;

/**
 * Whether a device's strings are those of GoldenMate's BMS firmware (NUT's idowell_is_goldenmate).
 * @param d the device
 * @returns true for a manufacturer with "BMS" or a product with "Smart-Battery" in it
 */
function isGoldenMate(d: HidIdentity): boolean {
  return (d.manufacturer?.includes("BMS") ?? false) || (d.product?.includes("Smart-Battery") ?? false);
}

/**
 * iDowell's tables. A device is claimed by its ids (on 06da:ffff, GoldenMate's only): NUT also takes
 * another product of the vendor when the `productid` option is given, which a subdriver's match cannot
 * see.
 */
export const idowellSubdriver: HidSubdriver = {
  name: "iDowell HID",
  version: "0.22",
  usages: "idowell",
  ids: IDS,
  match: (d: HidIdentity) => idsMatch(IDS, d) && (d.vendorId !== PHOENIXTEC || isGoldenMate(d)),
  variables: [
    v("device.mfr", "UPS.PowerSummary.iManufacturer", stringIndex(), ["STATIC"]),
    v("device.model", "UPS.PowerSummary.iProduct", stringIndex(), ["STATIC"]),
    v("device.serial", "UPS.PowerSummary.iSerialNumber", stringIndex(), ["STATIC"]),
    v("battery.capacity.design", "UPS.PowerSummary.DesignCapacity", F0, ["STATIC"]),
    v("battery.charge", "UPS.PowerSummary.RemainingCapacity", F0),
    v("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", F0, ["STATIC"]),
    v("battery.charge.low", "UPS.PowerSummary.WarningCapacityLimit", F0, ["STATIC"]),
    v("battery.capacity.full", "UPS.PowerSummary.FullChargeCapacity", F0),
    v("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", F0),
    v("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex(), ["STATIC"]),
    v("ups.timer.start", "UPS.PowerSummary.DelayBeforeStartup", F0, ["QUICK"]),
    v("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", F0, ["QUICK"]),
    v("ups.load", "UPS.PowerSummary.PercentLoad", F0),
    v("ups.power.nominal", "UPS.Flow.[4].ConfigApparentPower", F0, ["STATIC"]),
    v("input.transfer.high", "UPS.PowerConverter.Output.HighVoltageTransfer", F0, ["STATIC"]),
    v("input.transfer.low", "UPS.PowerConverter.Output.LowVoltageTransfer", F0, ["STATIC"]),
    v("output.voltage", "UPS.PowerConverter.Output.Voltage", F1),
    v("battery.voltage", "UPS.PowerSummary.Voltage", F1),
    v("output.voltage.nominal", "UPS.Flow.[4].ConfigVoltage", F0, ["STATIC"]),
    v("battery.voltage.nominal", "UPS.PowerSummary.ConfigVoltage", F1, ["STATIC"]),
    v("output.frequency.nominal", "UPS.Flow.[4].ConfigFrequency", F0, ["STATIC"]),
  ],
  status: [
    ...boolRows("online", feature("UPS.PowerSummary.PresentStatus.ACPresent")),
    ...boolRows("nobattery", feature("UPS.PowerSummary.PresentStatus.BatteryPresent")),
    ...boolRows("lowbatt", feature("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit")),
    ...boolRows("charging", feature("UPS.PowerSummary.PresentStatus.Charging")),
    ...boolRows("commfault", feature("UPS.PowerSummary.PresentStatus.CommunicationLost")),
    ...boolRows("discharging", feature("UPS.PowerSummary.PresentStatus.Discharging")),
    ...boolRows("off", feature("UPS.PowerSummary.PresentStatus.Good")),
    ...boolRows("commfault", feature("UPS.PowerSummary.PresentStatus.InternalFailure")),
    ...boolRows("replacebatt", feature("UPS.PowerSummary.PresentStatus.NeedReplacement")),
    ...boolRows("overload", feature("UPS.PowerSummary.PresentStatus.Overload")),
    ...boolRows("shutdownimm", feature("UPS.PowerSummary.PresentStatus.ShutdownImminent")),
  ],
  commands: [
    { name: "load.off.delay", source: feature("UPS.PowerSummary.DelayBeforeShutdown"), value: 20 },
    { name: "load.on.delay", source: feature("UPS.PowerSummary.DelayBeforeStartup"), value: 30 },
    { name: "shutdown.stop", source: feature("UPS.PowerSummary.DelayBeforeShutdown"), value: -1 },
  ],
  // NUT's HU_FLAG_ABSENT rows (published when the descriptor has DelayBeforeStartup / DelayBeforeShutdown).
  fixed: [
    { name: "ups.delay.start", value: "$ondelay", flags: ["RW", "STRING"], maxLength: 10 },
    { name: "ups.delay.shutdown", value: "$offdelay", flags: ["RW", "STRING"], maxLength: 10 },
  ],
  formatMfr: (d) => d.manufacturer ?? "iDowell",
};
