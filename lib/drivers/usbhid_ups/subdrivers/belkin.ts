/**
 * usbhid-ups's Belkin subdriver, which also drives Liebert's own USB ids (GXT3/GXT4, PowerSure PSA/PST/PSI):
 * the data of NUT's drivers/belkin-hid.c ("Belkin/Liebert HID 0.23", networkupstools/nut 6c63f7745ab5,
 * v2.8.5-941): its USB ids, `belkin_hid2nut[]` in NUT's order (Belkin's misplaced vendor usages first, then
 * the standard paths of the Liebert PSA and PSI5 firmware; debug-only unmapped rows left out), Belkin's
 * conversions (firmware in the high nibble of BELKINUPSType, the UPS type in its low one, the voltage
 * sensitivity, the test result, the status bits of BELKINPowerStatus and BELKINBatteryStatus) and Liebert's
 * voltages whose broken exponents give values 10^5 to 10^8 too small, the HID interface NUT reads on the
 * PowerSure PST (10af:0002: interface 1; interface 0 holds a 27-byte vendor report), and the USB strings'
 * formatting. Functions are written anew.
 * @module
 */
import { lookup, type RawValue, type StatusRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import type { UsbId } from "../../catalog.ts";
import { BEEPER, DATE, DIVIDE_BY_10, DIVIDE_BY_100, stringIndex } from "../conversions.ts";
import type { HidFact } from "../status.ts";
import { feature, type HidSource, idsMatch } from "../types.ts";
import { absent, bits, command, QUICK, STATIC, variable } from "./_nut_rows.ts";
import { contextual, type ConversionContext, isProduct, type ProposedHidSubdriver } from "./_proposed.ts";

const BELKIN = 0x050d;
const LIEBERT = 0x10af;

/** The devices of `belkin_usb_device_table[]`. */
const IDS: readonly UsbId[] = Object.freeze([
  { vendorId: BELKIN, productId: 0x0980, vendor: "Belkin" }, // F6C800-UNV
  { vendorId: BELKIN, productId: 0x0900, vendor: "Belkin" }, // F6C900-UNV
  { vendorId: BELKIN, productId: 0x0910, vendor: "Belkin" }, // F6C100-UNV
  { vendorId: BELKIN, productId: 0x0912, vendor: "Belkin" }, // F6C120-UNV
  { vendorId: BELKIN, productId: 0x0551, vendor: "Belkin" }, // F6C550-AVR
  { vendorId: BELKIN, productId: 0x0750, vendor: "Belkin" }, // F6C1250-TW-RK
  { vendorId: BELKIN, productId: 0x0751, vendor: "Belkin" }, // F6C1500-TW-RK
  { vendorId: BELKIN, productId: 0x0375, vendor: "Belkin" }, // F6H375-USB
  { vendorId: BELKIN, productId: 0x0f51, vendor: "Belkin" }, // Regulator PRO-USB
  { vendorId: BELKIN, productId: 0x1100, vendor: "Belkin" }, // F6C1100-UNV, F6C1200-UNV
  { vendorId: LIEBERT, productId: 0x0000, vendor: "Liebert" }, // GXT4
  { vendorId: LIEBERT, productId: 0x0001, vendor: "Liebert" }, // PowerSure PSA
  { vendorId: LIEBERT, productId: 0x0002, vendor: "Liebert" }, // PowerSure PST
  { vendorId: LIEBERT, productId: 0x0004, vendor: "Liebert" }, // PowerSure PSI 1440
  { vendorId: LIEBERT, productId: 0x0008, vendor: "Liebert" }, // GXT3
]);

function whole(raw: RawValue): number {
  return Math.trunc(Number(raw));
}

/** `ups.firmware`: the high nibble of BELKINUPSType. */
export const BELKIN_FIRMWARE = contextual((raw) =>
  Number.isFinite(Number(raw)) ? String(whole(raw) >> 4) : undefined
);

const UPS_TYPES: readonly string[] = Object.freeze([
  "online",
  "offline",
  "line-interactive",
  "simple online",
  "simple offline",
  "simple line-interactive",
]);

/** `ups.type`: the low nibble of BELKINUPSType (an unknown type reads "online"). */
export const BELKIN_UPS_TYPE = contextual((raw) => UPS_TYPES[whole(raw) & 0x0f] ?? "online");

/** `input.sensitivity`: 1 reduced, 2 low, anything else normal (NUT can read it, not set it). */
export const BELKIN_SENSITIVITY = contextual((raw) => ({ 1: "reduced", 2: "low" })[whole(raw)] ?? "normal");

/** `ups.test.result` (belkin_test_info). */
const BELKIN_TEST = lookup([
  [0, "No test initiated"],
  [1, "Done and passed"],
  [2, "Done and warning"],
  [3, "Done and error"],
  [4, "Aborted"],
  [5, "In progress"],
]);

/**
 * Liebert's line (and battery) voltage multiplier for a reading: readings under 1 V come with a broken
 * exponent, 1e7 for those around 1e-5 (2.201e-05 is 220.1 V), 1e5 for those around 1e-3 (0.001212 is
 * 121.2 V). NUT keeps the multiplier once picked, for every voltage and later readings; so does the memo.
 */
function lineMultiplier(volts: number, context?: ConversionContext): number {
  let picked: number | undefined;
  if (volts < 1) {
    if (Math.abs(volts - 1e-5) < 4e-5) picked = 1e7;
    else if (Math.abs(volts - 1e-3) < 4e-3) picked = 1e5;
  }
  if (picked !== undefined) context?.memo.set("liebert.line", picked);
  const kept = context?.memo.get("liebert.line");
  return picked ?? (typeof kept === "number" ? kept : 1);
}

/** Input, output and battery voltages of Liebert units (liebert_line_voltage_info). */
export const LIEBERT_LINE_VOLTAGE = contextual((raw, context) => {
  const v = Number(raw);
  return Number.isFinite(v) ? cFormat("%.1f", v * lineMultiplier(v, context)) : undefined;
});

/**
 * The nominal battery voltage of Liebert units (liebert_config_voltage_info): 1e-7 means a broken exponent,
 * multiplied by 1e8; NUT then also takes 1e7 for the line voltages read after it.
 */
export const LIEBERT_CONFIG_VOLTAGE = contextual((raw, context) => {
  const v = Number(raw);
  if (!Number.isFinite(v)) return undefined;
  if (v < 1 && Math.abs(v - 1e-7) < 1e-9) {
    context?.memo.set("liebert.config", 1e8);
    context?.memo.set("liebert.line", 1e7);
    return cFormat("%.1f", v * 1e8);
  }
  const kept = context?.memo.get("liebert.config");
  return cFormat("%.1f", v * (typeof kept === "number" ? kept : 1));
});

const PS = "UPS.PowerSummary";
const PRESENT = `${PS}.PresentStatus`;
const CONFIG = "UPS.BELKINConfig";
const CONTROLS = "UPS.BELKINControls";
const DEVICE = "UPS.BELKINDevice";
const STATE = "UPS.BELKINPowerState";
const POWER_STATUS = "UPS.BELKINStatus.BELKINPowerStatus";
const BATTERY_STATUS = "UPS.BELKINStatus.BELKINBatteryStatus";
const SERIAL_INDEX = `${PS}.iSerialNumber`;

/** A liebert_*_info row: any non-zero value sets the fact, zero clears it. */
function nonZero(path: string, fact: HidFact): StatusRow<HidSource> {
  return { source: feature(path), fact, when: (raw) => Number(raw) !== 0 };
}

const STATUS: readonly StatusRow<HidSource>[] = Object.freeze([
  nonZero(`${PS}.Discharging`, "DISCHRG"),
  nonZero(`${PS}.Charging`, "CHRG"),
  nonZero(`${PS}.ShutdownImminent`, "SHUTDOWNIMM"),
  nonZero(`${PS}.ACPresent`, "ONLINE"), // 0 only clears it ("!online", not "offline")
  nonZero(`${PRESENT}.Discharging`, "DISCHRG"),
  nonZero(`${PRESENT}.Charging`, "CHRG"),
  nonZero(`${PRESENT}.ShutdownImminent`, "SHUTDOWNIMM"),
  nonZero(`${PRESENT}.ACPresent`, "ONLINE"),
  nonZero(`${PRESENT}.NeedReplacement`, "REPLACEBATT"),
  nonZero(`${PRESENT}.BelowRemainingCapacityLimit`, "LOWBATT"),
  // BELKINPowerStatus: bit0 AC failure, bit4 overload, bit5 load off, bit6 overheat, bit7 UPS fault,
  // bit13 awaiting power, bit15 alarm. BELKINBatteryStatus: bit2 low, bit4 charging, bit5 discharging,
  // bit6 empty, bit7 replace (NUT maps those below).
  { source: feature(POWER_STATUS), fact: "OVERLOAD", when: bits(0x0010) },
  { source: feature(POWER_STATUS), fact: "OVERHEAT", when: bits(0x0040) },
  { source: feature(POWER_STATUS), fact: "COMMFAULT", when: bits(0x0080) },
  { source: feature(POWER_STATUS), fact: "AWAITINGPOWER", when: bits(0x2000) },
  { source: feature(POWER_STATUS), fact: "ONLINE", when: bits(0x0001, false) },
  { source: feature(BATTERY_STATUS), fact: "DEPLETED", when: bits(0x0040) },
  { source: feature(BATTERY_STATUS), fact: "REPLACEBATT", when: bits(0x0080) },
  { source: feature(BATTERY_STATUS), fact: "LOWBATT", when: bits(0x0004) },
]);

/** NUT's `ST_FLAG_RW | ST_FLAG_STRING, 10` without HU flags: read on every poll. */
const WRITABLE = Object.freeze({ flags: ["RW", "STRING"] as const, maxLength: 10 });

/** Belkin's and Liebert's tables (NUT's `belkin_subdriver`). */
export const belkinSubdriver: ProposedHidSubdriver = {
  name: "Belkin/Liebert HID",
  version: "0.23",
  usages: "belkin",
  ids: IDS,
  match: (d) => idsMatch(IDS, d),
  // 050d:0218 is Belkin's F5U218-MOB USB hub.
  claimsWithProductId: (d) => (d.vendorId === BELKIN && d.productId !== 0x0218) || d.vendorId === LIEBERT,
  variables: Object.freeze([
    variable("battery.charge", "UPS.BELKINBatterySystem.BELKINCharge", "%.0f"),
    variable("battery.charge.low", `${PS}.RemainingCapacityLimit`, "%.0f"),
    variable("battery.charge.warning", `${PS}.WarningCapacityLimit`, "%.0f"),
    variable("battery.runtime", `${PS}.RunTimeToEmpty`, "%.0f"),
    variable("battery.type", `${PS}.iDeviceChemistry`, stringIndex()),
    variable("battery.voltage", "UPS.BELKINBatterySystem.BELKINVoltage", DIVIDE_BY_10),
    variable("battery.voltage.nominal", `${CONFIG}.BELKINConfigBatteryVoltage`, "%.0f"),
    variable("input.frequency", `${STATE}.BELKINInput.BELKINFrequency`, DIVIDE_BY_10),
    variable("input.frequency.nominal", `${CONFIG}.BELKINConfigFrequency`, "%.0f"),
    variable("input.sensitivity", `${DEVICE}.BELKINVoltageSensitivity`, BELKIN_SENSITIVITY, WRITABLE),
    variable("input.transfer.high", `${CONFIG}.BELKINHighVoltageTransfer`, "%.0f", WRITABLE),
    variable("input.transfer.high.max", `${CONFIG}.BELKINHighVoltageTransferMax`, "%.0f"),
    variable("input.transfer.high.min", `${CONFIG}.BELKINHighVoltageTransferMin`, "%.0f"),
    variable("input.transfer.low", `${CONFIG}.BELKINLowVoltageTransfer`, "%.0f", WRITABLE),
    variable("input.transfer.low.max", `${CONFIG}.BELKINLowVoltageTransferMax`, "%.0f"),
    variable("input.transfer.low.min", `${CONFIG}.BELKINLowVoltageTransferMin`, "%.0f"),
    variable("input.voltage", `${STATE}.BELKINInput.BELKINVoltage`, DIVIDE_BY_10),
    variable("input.voltage.nominal", `${CONFIG}.BELKINConfigVoltage`, "%.0f"),
    variable("output.frequency", `${STATE}.BELKINOutput.BELKINFrequency`, DIVIDE_BY_10),
    variable("output.voltage", `${STATE}.BELKINOutput.BELKINVoltage`, DIVIDE_BY_10),
    variable("ups.beeper.status", `${CONTROLS}.BELKINAudibleAlarmControl`, BEEPER),
    variable("ups.timer.start", `${CONTROLS}.BELKINDelayBeforeStartup`, "%.0f", QUICK),
    variable("ups.timer.shutdown", `${CONTROLS}.BELKINDelayBeforeShutdown`, "%.0f", QUICK),
    variable("ups.timer.reboot", `${CONTROLS}.BELKINDelayBeforeReboot`, "%.0f", QUICK),
    variable("ups.firmware", `${DEVICE}.BELKINUPSType`, BELKIN_FIRMWARE),
    variable("ups.load", `${STATE}.BELKINOutput.BELKINPercentLoad`, "%.0f"),
    variable("ups.load.high", `${CONFIG}.BELKINConfigOverloadTransfer`, "%.0f"),
    variable("ups.mfr.date", `${PS}.ManufacturerDate`, DATE),
    variable("ups.power.nominal", `${CONFIG}.BELKINConfigApparentPower`, "%.0f"),
    variable("ups.serial", SERIAL_INDEX, stringIndex()),
    variable("ups.test.result", `${CONTROLS}.BELKINTest`, BELKIN_TEST),
    variable("ups.type", `${DEVICE}.BELKINUPSType`, BELKIN_UPS_TYPE),
    // Liebert PSA
    variable("battery.charge", `${PS}.RemainingCapacity`, "%.0f", QUICK),
    variable("input.frequency", "UPS.Input.Frequency", DIVIDE_BY_10),
    variable("input.voltage", "UPS.Input.Voltage", LIEBERT_LINE_VOLTAGE),
    variable("output.voltage", "UPS.Output.Voltage", LIEBERT_LINE_VOLTAGE),
    // "You would think these next two would be off by the same factor. You'd be wrong." (NUT)
    variable("battery.voltage", `${PS}.Voltage`, LIEBERT_LINE_VOLTAGE),
    variable("battery.voltage.nominal", `${PS}.ConfigVoltage`, LIEBERT_CONFIG_VOLTAGE, STATIC),
    variable("ups.load", "UPS.Output.PercentLoad", "%.0f"),
    // Liebert PSI5
    variable("input.voltage.nominal", "UPS.Flow.ConfigVoltage", "%.0f"),
    variable("input.frequency", "UPS.PowerConverter.Input.Frequency", DIVIDE_BY_100),
    variable("input.voltage", "UPS.PowerConverter.Input.Voltage", LIEBERT_LINE_VOLTAGE),
    variable("output.voltage.nominal", "UPS.Flow.ConfigVoltage", "%.0f"),
    variable("output.frequency", "UPS.PowerConverter.Output.Frequency", DIVIDE_BY_100),
    variable("output.voltage", "UPS.PowerConverter.Output.Voltage", LIEBERT_LINE_VOLTAGE),
    variable("ups.load", "UPS.OutletSystem.Outlet.PercentLoad", "%.0f"),
    variable("battery.voltage", "UPS.BatterySystem.Battery.Voltage", LIEBERT_LINE_VOLTAGE),
    variable("battery.voltage.nominal", "UPS.BatterySystem.Battery.ConfigVoltage", "%.0f"),
    variable("battery.capacity", "UPS.Flow.ConfigApparentPower", "%.0f"),
  ]),
  status: STATUS,
  commands: Object.freeze([
    command("test.battery.start.quick", `${CONTROLS}.BELKINTest`, 1),
    command("test.battery.start.deep", `${CONTROLS}.BELKINTest`, 2),
    command("test.battery.stop", `${CONTROLS}.BELKINTest`, 3),
    command("beeper.on", `${CONTROLS}.BELKINAudibleAlarmControl`, 2),
    command("beeper.off", `${CONTROLS}.BELKINAudibleAlarmControl`, 3),
    command("beeper.disable", `${CONTROLS}.BELKINAudibleAlarmControl`, 1),
    command("beeper.enable", `${CONTROLS}.BELKINAudibleAlarmControl`, 2),
    command("beeper.mute", `${CONTROLS}.BELKINAudibleAlarmControl`, 3),
    command("load.off", `${CONTROLS}.BELKINDelayBeforeShutdown`, 1),
    command("load.on", `${CONTROLS}.BELKINDelayBeforeStartup`, 1),
    command("load.off.delay", `${CONTROLS}.BELKINDelayBeforeShutdown`, 20),
    command("load.on.delay", `${CONTROLS}.BELKINDelayBeforeStartup`, 30),
    command("shutdown.stop", `${CONTROLS}.BELKINDelayBeforeShutdown`, -1),
    command("shutdown.reboot", `${CONTROLS}.BELKINDelayBeforeReboot`, 10),
  ]),
  fixed: Object.freeze([
    absent("ups.delay.start", `${CONTROLS}.BELKINDelayBeforeStartup`, "$ondelay"),
    absent("ups.delay.shutdown", `${CONTROLS}.BELKINDelayBeforeShutdown`, "$offdelay"),
  ]),
  formatMfr: (d) => (d.manufacturer ?? "Belkin").replace(/^ +/, "") || "Belkin",
  formatModel: (d) => d.product || "unknown",
  // Without a serial string, NUT takes the one UPS.PowerSummary.iSerialNumber names.
  stringPaths: Object.freeze([SERIAL_INDEX]),
  formatSerial: (d, strings) => d.serial ?? (strings?.(SERIAL_INDEX) || undefined),
  tweaks: (d) => isProduct(d, LIEBERT, [0x0002]) ? { hidReportIndex: 1 } : {},
};
