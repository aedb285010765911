/**
 * usbhid-ups's Tripp Lite subdriver: the data of NUT's drivers/tripplite-hid.c ("TrippLite HID 0.85",
 * networkupstools/nut 6c63f7745ab5, v2.8.5-941): its USB ids (Tripp Lite, the HP and Delta/Minuteman units
 * built on its firmware) with the scale each product id gets (battery voltage in tenths of volts on older
 * units; the Smart1500LCDT and the newer AVR750U report voltages 10^5 too small and frequencies and
 * currents in hundredths), `tripplite_hid2nut[]` in NUT's order (its debug-only unmapped rows left out),
 * the battery chemistry NUT reports as "unknown" on firmware that gives a wrong string index (AVR550U
 * 1003, OMNI1000LCD 2005), and NUT's refusal of 09ae:0001 (a serial-over-USB unit: tripplite_usb). The
 * scales need the device's product id: conversions read it from their context (see _proposed.ts) and
 * give the value unscaled without one. Functions are written anew.
 * @module
 */
import type { RawValue, StatusRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import type { UsbId } from "../../catalog.ts";
import {
  BEEPER,
  KELVIN_CELSIUS,
  stringIndex,
  type StringIndexConversion,
  TEST_READ,
} from "../conversions.ts";
import { feature, type HidSource, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";
import { absent, command, QUICK, STATIC, variable } from "./_nut_rows.ts";
import { contextual, type ConversionContext, isProduct, type ProposedHidSubdriver } from "./_proposed.ts";

const TRIPPLITE = 0x09ae;
const HP = 0x03f0;
const DELTA = 0x05dd;

/** The handler NUT's id table runs for a device: the scales of its values. */
type Handler = "battery_scale_0dot1" | "battery_scale_1dot0" | "smart1500lcdt_scale";

/** `tripplite_usb_device_table[]`: each device with its handler, in NUT's order. */
const TABLE: readonly (readonly [vendorId: number, productId: number, handler: Handler])[] = Object.freeze([
  [TRIPPLITE, 0x1003, "battery_scale_0dot1"], // AVR550U
  [TRIPPLITE, 0x1007, "battery_scale_0dot1"], // AVR750U
  [TRIPPLITE, 0x1008, "battery_scale_0dot1"], // ECO550UPS
  [TRIPPLITE, 0x1009, "battery_scale_0dot1"],
  [TRIPPLITE, 0x1010, "battery_scale_0dot1"],
  [TRIPPLITE, 0x1330, "battery_scale_1dot0"], // SU3000LCD2UHV
  [TRIPPLITE, 0x2005, "battery_scale_0dot1"], // OMNI1000LCD
  [TRIPPLITE, 0x2007, "battery_scale_0dot1"], // OMNI900LCD
  [TRIPPLITE, 0x2008, "battery_scale_0dot1"],
  [TRIPPLITE, 0x2009, "battery_scale_0dot1"], // Smart1000LCD
  [TRIPPLITE, 0x2010, "battery_scale_0dot1"],
  [TRIPPLITE, 0x2011, "battery_scale_0dot1"],
  [TRIPPLITE, 0x2012, "battery_scale_0dot1"],
  [TRIPPLITE, 0x2013, "battery_scale_0dot1"],
  [TRIPPLITE, 0x2014, "battery_scale_0dot1"],
  [TRIPPLITE, 0x3008, "battery_scale_1dot0"],
  [TRIPPLITE, 0x3009, "battery_scale_1dot0"],
  [TRIPPLITE, 0x3010, "battery_scale_1dot0"],
  [TRIPPLITE, 0x3011, "battery_scale_1dot0"],
  [TRIPPLITE, 0x3012, "battery_scale_1dot0"], // SMART2200RMXL2U
  [TRIPPLITE, 0x3013, "battery_scale_1dot0"],
  [TRIPPLITE, 0x3014, "battery_scale_1dot0"],
  [TRIPPLITE, 0x3015, "battery_scale_1dot0"],
  [TRIPPLITE, 0x3016, "smart1500lcdt_scale"], // Smart1500LCD (newer unit)
  [TRIPPLITE, 0x3024, "smart1500lcdt_scale"], // AVR750U (newer unit)
  [TRIPPLITE, 0x4001, "battery_scale_1dot0"], // SmartOnline SU1500RTXL2UA (older unit?)
  [TRIPPLITE, 0x4002, "battery_scale_1dot0"], // SmartOnline SU6000RT4U?
  [TRIPPLITE, 0x4003, "battery_scale_1dot0"], // SmartOnline SU1500RTXL2ua
  [TRIPPLITE, 0x4004, "battery_scale_1dot0"], // SmartOnline SU1000XLA
  [TRIPPLITE, 0x4005, "battery_scale_1dot0"],
  [TRIPPLITE, 0x4006, "battery_scale_1dot0"],
  [TRIPPLITE, 0x4007, "battery_scale_1dot0"],
  [TRIPPLITE, 0x4008, "battery_scale_1dot0"],
  [HP, 0x0001, "battery_scale_1dot0"],
  [HP, 0x1fe0, "battery_scale_1dot0"], // R1500 G2 and G3 INTL
  [HP, 0x1fe1, "battery_scale_1dot0"], // T750 G2
  [HP, 0x1fe2, "battery_scale_1dot0"],
  [HP, 0x1fe3, "battery_scale_1dot0"], // T1500 G3
  [HP, 0x1f06, "battery_scale_1dot0"], // T750 INTL
  [HP, 0x1f08, "battery_scale_1dot0"], // T1000 INTL
  [HP, 0x1f09, "battery_scale_1dot0"], // T1500 INTL
  [HP, 0x1f0a, "battery_scale_1dot0"], // R/T 2200 INTL (like SMART2200RMXL2U)
  [DELTA, 0xa011, "battery_scale_1dot0"], // Enterprise Plus E1500RM2U
  [DELTA, 0xa0a0, "battery_scale_1dot0"], // PRO1500RT2U
]);

const VENDORS: Readonly<Record<number, string>> = {
  [TRIPPLITE]: "Tripp Lite",
  [HP]: "HP",
  [DELTA]: "Delta/Minuteman",
};

/** The devices of the table. */
const IDS: readonly UsbId[] = Object.freeze(
  TABLE.map(([vendorId, productId]) => ({ vendorId, productId, vendor: VENDORS[vendorId] })),
);

/** The scales of a handler's values. */
interface Scales {
  readonly battery: number;
  readonly voltage: number;
  readonly frequency: number;
  readonly current: number;
}

const SCALES: Readonly<Record<Handler, Scales>> = Object.freeze({
  battery_scale_1dot0: { battery: 1, voltage: 1, frequency: 1, current: 1 },
  battery_scale_0dot1: { battery: 0.1, voltage: 1, frequency: 1, current: 1 },
  smart1500lcdt_scale: { battery: 100000, voltage: 100000, frequency: 0.01, current: 0.01 },
});

/**
 * The scales of a device: its handler's (none without a context, or for a device NUT takes unlisted:
 * NUT's defaults of 1).
 * @param context the conversion's context
 * @returns the scales
 */
function scales(context?: ConversionContext): Scales {
  const d = context?.device;
  const entry = d && TABLE.find(([v, p]) => v === d.vendorId && p === d.productId);
  return SCALES[entry ? entry[2] : "battery_scale_1dot0"];
}

/**
 * A value printed with one decimal after its scale.
 * @param which the scale
 * @returns the conversion
 */
function scaled(which: keyof Scales) {
  return contextual((raw: RawValue, context) => {
    const v = Number(raw);
    return Number.isFinite(v) ? cFormat("%.1f", scales(context)[which] * v) : undefined;
  });
}

/** Products whose firmware gives a wrong string index for the battery chemistry (AVR550U, OMNI1000LCD). */
const WRONG_CHEMISTRY_INDEX: readonly number[] = Object.freeze([0x1003, 0x2005]);

/** `battery.type`: the string at its index, "unknown" on firmware that gives a wrong one. */
export const TRIPPLITE_CHEMISTRY: StringIndexConversion = {
  stringIndex: true,
  toNut: (text: RawValue, context?: ConversionContext) =>
    context !== undefined && WRONG_CHEMISTRY_INDEX.includes(context.device.productId)
      ? "unknown"
      : String(text),
};

const PS = "UPS.PowerSummary";
const PRESENT = `${PS}.PresentStatus`;
const CONVERTER = "UPS.PowerConverter";
const OUTLET = "UPS.OutletSystem.Outlet";

const STATUS: readonly StatusRow<HidSource>[] = Object.freeze([
  ...boolRows("commfault", feature(`${PRESENT}.InternalFailure`)),
  ...boolRows("shutdownimm", feature(`${PRESENT}.ShutdownImminent`)),
  ...boolRows("online", feature(`${PRESENT}.ACPresent`)),
  ...boolRows("lowbatt", feature(`${PRESENT}.BelowRemainingCapacityLimit`)),
  ...boolRows("fullycharged", feature(`${PRESENT}.FullyCharged`)),
  ...boolRows("charging", feature(`${PRESENT}.Charging`)),
  ...boolRows("discharging", feature(`${PRESENT}.Discharging`)),
  ...boolRows("depleted", feature(`${PRESENT}.FullyDischarged`)),
  ...boolRows("replacebatt", feature(`${PRESENT}.NeedReplacement`)),
  // The same on OMNI1000LCD units that swap the 0x84 and 0x85 pages (untested in NUT).
  ...boolRows("online", feature(`${PRESENT}.TLACPresent`)),
  // Tripp Lite's 0x00840045 (HP's ConfigPercentLoad: ups.load.nominal below).
  ...boolRows("discharging", feature(`${PRESENT}.TLDischarging`)),
  ...boolRows("charging", feature(`${PRESENT}.TLCharging`)),
  ...boolRows("replacebatt", feature(`${PRESENT}.TLNeedReplacement`)),
  ...boolRows("vrange", feature(`${CONVERTER}.PresentStatus.VoltageOutOfRange`)),
  ...boolRows("trim", feature(`${CONVERTER}.PresentStatus.Buck`)),
  ...boolRows("boost", feature(`${CONVERTER}.PresentStatus.Boost`)),
  ...boolRows("overload", feature(`${CONVERTER}.PresentStatus.Overload`)),
  ...boolRows("overheat", feature(`${CONVERTER}.PresentStatus.OverTemperature`)),
  ...boolRows("commfault", feature(`${CONVERTER}.PresentStatus.InternalFailure`)),
  ...boolRows("awaitingpower", feature(`${CONVERTER}.PresentStatus.AwaitingPower`)),
]);

/** Tripp Lite's tables (NUT's `tripplite_subdriver`). */
export const trippliteSubdriver: ProposedHidSubdriver = {
  name: "TrippLite HID",
  version: "0.85",
  usages: "tripplite",
  ids: IDS,
  match: (d) => idsMatch(IDS, d),
  // HP makes many USB devices that are no UPS (NUT says nothing of them); 09ae:0001 is for tripplite_usb.
  claimsWithProductId: (d) => d.vendorId === HP || (d.vendorId === TRIPPLITE && d.productId !== 0x0001),
  variables: Object.freeze([
    variable("device.part", "UPS.TLCustom.[1].iUPSPartNumber", stringIndex(), STATIC),
    variable("battery.charge", `${PS}.RemainingCapacity`, "%.0f"),
    variable("battery.charge", "UPS.BatterySystem.Battery.RemainingCapacity", "%.0f"),
    variable("battery.charge.low", `${PS}.RemainingCapacityLimit`, "%.0f", {
      flags: ["RW", "STRING", "STATIC"],
      maxLength: 5,
    }),
    variable("battery.charge.warning", `${PS}.WarningCapacityLimit`, "%.0f"),
    variable("battery.runtime", `${PS}.RunTimeToEmpty`, "%.0f"),
    variable("battery.voltage.nominal", "UPS.BatterySystem.Battery.ConfigVoltage", "%.1f", STATIC),
    variable("battery.voltage", "UPS.BatterySystem.Battery.Voltage", scaled("battery")),
    variable("battery.type", `${PS}.iDeviceChemistry`, TRIPPLITE_CHEMISTRY, STATIC),
    variable("battery.temperature", "UPS.BatterySystem.Temperature", KELVIN_CELSIUS),
    variable("ups.timer.start", `${OUTLET}.DelayBeforeStartup`, "%.0f", QUICK),
    variable("ups.timer.start", `${OUTLET}.TLDelayBeforeStartup`, "%.0f", QUICK),
    variable("ups.timer.shutdown", `${OUTLET}.DelayBeforeShutdown`, "%.0f", QUICK),
    variable("ups.timer.reboot", `${OUTLET}.DelayBeforeReboot`, "%.0f", QUICK),
    variable("ups.test.result", "UPS.BatterySystem.Test", TEST_READ),
    variable("ups.beeper.status", `${PS}.AudibleAlarmControl`, BEEPER),
    variable("ups.power.nominal", "UPS.Flow.ConfigApparentPower", "%.0f", STATIC),
    variable("ups.power", `${OUTLET}.ActivePower`, "%.1f"),
    variable("ups.power", `${CONVERTER}.Output.ActivePower`, "%.1f"),
    variable("ups.load", `${OUTLET}.PercentLoad`, "%.0f"),
    // NUT does not know the format yet (HP T1500 G3: 262).
    variable("ups.firmware", "UPS.TLCustom.[1].UPSFirmwareVersion", "%.0f", STATIC),
    // Seconds left before the watchdog reboots the UPS (0: disabled).
    variable("ups.watchdog.status", `${OUTLET}.TLWatchdog`, "%.0f"),
    // HP's standard 0x00840045 (Tripp Lite's TLDischarging above).
    variable("ups.load.nominal", "UPS.Flow.ConfigPercentLoad", "%.0f"),
    variable("input.voltage.nominal", `${PS}.Input.ConfigVoltage`, "%.0f", STATIC),
    variable("input.voltage", `${PS}.Input.Voltage`, scaled("voltage")),
    variable("input.voltage", `${CONVERTER}.Input.Voltage`, scaled("voltage")),
    variable("input.frequency", `${CONVERTER}.Input.Frequency`, scaled("frequency")),
    variable("input.transfer.low", `${CONVERTER}.Output.LowVoltageTransfer`, "%.1f", {
      flags: ["RW", "STRING", "STATIC"],
      maxLength: 5,
    }),
    variable("input.transfer.low.max", `${CONVERTER}.Output.TLLowVoltageTransferMax`, "%.0f", STATIC),
    variable("input.transfer.low.min", `${CONVERTER}.Output.TLLowVoltageTransferMin`, "%.0f", STATIC),
    variable("input.transfer.high", `${CONVERTER}.Output.HighVoltageTransfer`, "%.1f", {
      flags: ["RW", "STRING", "STATIC"],
      maxLength: 5,
    }),
    variable("input.transfer.high.max", `${CONVERTER}.Output.TLHighVoltageTransferMax`, "%.0f", STATIC),
    variable("input.transfer.high.min", `${CONVERTER}.Output.TLHighVoltageTransferMin`, "%.0f", STATIC),
    variable("output.voltage.nominal", "UPS.Flow.ConfigVoltage", "%.0f", STATIC),
    variable("output.voltage", `${CONVERTER}.Output.Voltage`, scaled("voltage")),
    variable("output.voltage", `${PS}.Voltage`, scaled("voltage")),
    variable("output.current", `${CONVERTER}.Output.Current`, scaled("current")),
    variable("output.frequency.nominal", "UPS.Flow.ConfigFrequency", "%.0f", STATIC),
    variable("output.frequency", `${CONVERTER}.Output.Frequency`, scaled("frequency")),
  ]),
  status: STATUS,
  commands: Object.freeze([
    command("test.battery.start.quick", "UPS.BatterySystem.Test", 1), // reported to work on OMNI1000
    command("test.battery.start.deep", "UPS.BatterySystem.Test", 2), // reported not to work
    command("test.battery.stop", "UPS.BatterySystem.Test", 3), // reported not to work
    command("load.off.delay", `${OUTLET}.DelayBeforeShutdown`, 20),
    command("load.on.delay", `${OUTLET}.DelayBeforeStartup`, 30),
    command("load.on.delay", `${OUTLET}.TLDelayBeforeStartup`, 30),
    command("shutdown.stop", `${OUTLET}.DelayBeforeShutdown`, -1),
    command("shutdown.reboot", `${OUTLET}.DelayBeforeReboot`, 10),
    // The ECO550UPS has no DelayBeforeStartup: its watchdog reboots it.
    command("shutdown.reboot", `${OUTLET}.TLWatchdog`, 10),
    // The UPS reboots when this timer expires.
    command("reset.watchdog", `${OUTLET}.TLWatchdog`, 60),
    command("beeper.on", `${PS}.AudibleAlarmControl`, 2),
    command("beeper.off", `${PS}.AudibleAlarmControl`, 3),
    command("beeper.disable", `${PS}.AudibleAlarmControl`, 1),
    command("beeper.enable", `${PS}.AudibleAlarmControl`, 2),
    command("beeper.mute", `${PS}.AudibleAlarmControl`, 3),
  ]),
  fixed: Object.freeze([
    absent("ups.delay.start", `${OUTLET}.DelayBeforeStartup`, "$ondelay"),
    absent("ups.delay.start", `${OUTLET}.TLDelayBeforeStartup`, "$ondelay"),
    absent("ups.delay.shutdown", `${OUTLET}.DelayBeforeShutdown`, "$offdelay"),
  ]),
  formatMfr: (d) => d.manufacturer,
  formatModel: (d) => d.product,
  formatSerial: (d) => d.serial,
  // SU3000LCD2UHV firmware answers report 0x54 wrongly (drivers/usbhid-ups.c skips it).
  tweaks: (d) => isProduct(d, TRIPPLITE, [0x1330]) ? { skipReportIds: [0x54] } : {},
};
