/**
 * usbhid-ups's APC subdriver: the data of NUT's drivers/apc-hid.c ("APC HID 0.101", networkupstools/nut
 * 6c63f7745ab5, v2.8.5-941): its USB ids, `apc_hid2nut[]` in NUT's order, its lookups (line sensitivity,
 * APCStatusFlag, APCLineFailCause) and its packed "hexadecimal as decimal" battery date, the model,
 * ups.firmware and ups.firmware.aux cut from the product string, and the tweaks of its claim functions
 * and of drivers/usbhid-ups.c for APC devices. The functions are written anew from what NUT's do.
 * @module
 */
import { decoded, lookup, type RawValue, type StatusRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import type { UsbId } from "../../catalog.ts";
import { BEEPER, DATE, KELVIN_CELSIUS, stringIndex, TEST_READ } from "../conversions.ts";
import { feature, type HidIdentity, type HidSource, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";
import { absent, command, equals, QUICK, SETTING, variable } from "./_nut_rows.ts";
import type { DeviceTweaks, ProposedHidSubdriver } from "./_proposed.ts";

const APC = 0x051d;

/** The devices of `apc_usb_device_table[]`. */
const IDS: readonly UsbId[] = Object.freeze([
  { vendorId: APC, productId: 0x0000, vendor: "APC" }, // AP9584 serial to USB kit
  { vendorId: APC, productId: 0x0002, vendor: "APC" }, // various models
  { vendorId: APC, productId: 0x0003, vendor: "APC" }, // 5G models
  { vendorId: APC, productId: 0x0004, vendor: "APC" }, // Smart-UPS 1000 firmware 04.3 (NUT #1429)
  { vendorId: APC, productId: 0x0005, vendor: "APC" }, // after 2025 (NUT #3047)
]);

/** Back-UPS models whose firmware overflows some report ids (NUT: `max_report_size`), by product prefix. */
const MAX_REPORT_PRODUCTS: readonly string[] = Object.freeze(["Back-UPS ES 525", "Back-UPS CS"]);

function twoDigits(byte: number): number {
  return (byte & 0x0f) + 10 * ((byte >> 4) & 0x0f);
}

/**
 * APC's battery dates: 0xMMDDYY with each byte two decimal digits (0x102202 is 2002/10/22), years from 70
 * in the 1900s; 0 is "not set". Written back from YYYY/MM/DD (0 for a date it cannot hold).
 */
export const APC_DATE = decoded(
  (raw: RawValue) => {
    const v = Math.trunc(Number(raw));
    if (!Number.isFinite(v)) return undefined;
    if (v === 0) return "not set";
    const yy = twoDigits(v & 0xff);
    const day = twoDigits((v >> 8) & 0xff);
    const month = twoDigits((v >> 16) & 0xff);
    const year = yy >= 70 ? 1900 + yy : 2000 + yy;
    return `${cFormat("%04d", year)}/${cFormat("%02d", month)}/${cFormat("%02d", day)}`;
  },
  (text) => {
    const m = /^(\d{1,4})\/(\d{1,2})\/(\d{1,2})/.exec(text.trim());
    if (!m) return 0;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (year >= 2070 || month > 12 || day > 31) return 0;
    const digits = (n: number) => ((Math.trunc(n / 10) & 0x0f) << 4) + (n % 10);
    return (digits(month) << 16) + (digits(day) << 8) + digits(year % 100);
  },
);

/** `input.sensitivity` (apc_sensitivity_info; its row has no HU_FLAG_ENUM: no enumeration is published). */
const SENSITIVITY = lookup([[0, "low"], [1, "medium"], [2, "high"]]);

/** APCLineFailCause values that mean the input voltage was out of range (from apcupsd). */
const VOLTAGE_CAUSES: readonly number[] = Object.freeze([1, 2, 4, 8, 9]);

const PS = "UPS.PowerSummary";
const PRESENT = `${PS}.PresentStatus`;
const OUT = "UPS.Output";
const GENERAL = "UPS.APCGeneralCollection";

/** ups.firmware and ups.firmware.aux as NUT cuts them from "<model> FW:<ups> USB FW:<usb>". */
function firmware(product: string | undefined): Record<string, string> {
  const at = product?.indexOf("FW:") ?? -1;
  if (product === undefined || at < 0) return {};
  const rest = product.slice(at + "FW:".length);
  const usb = rest.indexOf("USB FW:");
  if (usb < 0) return { "ups.firmware": rest };
  return {
    "ups.firmware": rest.slice(0, Math.max(0, usb - 1)),
    "ups.firmware.aux": rest.slice(usb + "USB FW:".length),
  };
}

/**
 * Whether usbhid-ups.c defaults `lbrb_log_delay_sec` to 3 for the device: APC Back-UPS BXnnnMI, BVKnnnM2
 * and BKnnnM2-CH (their firmware briefly reports LB and RB while calibrating, NUT #2347).
 */
function flappingBackUps(d: HidIdentity): boolean {
  const p = d.product ?? "";
  if (d.manufacturer !== "APC" && d.manufacturer !== "American Power Conversion") return false;
  const series = (s: string) => p.startsWith(s) || p.includes(` ${s}`);
  return (p.length > 6 && series("BX") && p.endsWith("MI")) ||
    (p.length > 7 && series("BVK") && p.endsWith("M2")) ||
    (p.length > 9 && series("BK") && /M2[-_]CH$/.test(p));
}

const STATUS: readonly StatusRow<HidSource>[] = Object.freeze([
  ...boolRows("online", feature(`${PRESENT}.ACPresent`)),
  ...boolRows("discharging", feature(`${PRESENT}.Discharging`)),
  ...boolRows("charging", feature(`${PRESENT}.Charging`)),
  ...boolRows("shutdownimm", feature(`${PRESENT}.ShutdownImminent`)),
  ...boolRows("lowbatt", feature(`${PRESENT}.BelowRemainingCapacityLimit`)),
  ...boolRows("overload", feature(`${PRESENT}.Overload`)),
  ...boolRows("replacebatt", feature(`${PRESENT}.NeedReplacement`)),
  ...boolRows("timelimitexpired", feature(`${PRESENT}.RemainingTimeLimitExpired`)),
  ...boolRows("nobattery", feature(`${PRESENT}.BatteryPresent`)),
  ...boolRows("charging", feature(`${PS}.Charging`)), // Back-UPS 500
  ...boolRows("discharging", feature(`${PS}.Discharging`)), // Back-UPS 500
  ...boolRows("online", feature(`${PS}.ACPresent`)), // Back-UPS 500
  ...boolRows("lowbatt", feature(`${PS}.BelowRemainingCapacityLimit`)), // Back-UPS 500
  ...boolRows("shutdownimm", feature(`${PS}.ShutdownImminent`)),
  // APC Back-UPS LS 500: 8 is normal operation, 16 seen briefly at power-on, 0 is off.
  { source: feature(`${PS}.APCStatusFlag`), fact: "OFF", when: equals(0) },
  // The cause of the last transfer (two rows in NUT, to clear both reasons).
  {
    source: feature("UPS.Input.APCLineFailCause"),
    fact: "VRANGE",
    when: (raw) => VOLTAGE_CAUSES.includes(Math.trunc(Number(raw))),
  },
  { source: feature("UPS.Input.APCLineFailCause"), fact: "FRANGE", when: equals(7) },
]);

/** APC's tables (NUT's `apc_subdriver`). */
export const apcSubdriver: ProposedHidSubdriver = {
  name: "APC HID",
  version: "0.101",
  usages: "apc",
  ids: IDS,
  match: (d) => idsMatch(IDS, d),
  claimsWithProductId: (d) => d.vendorId === APC,
  variables: Object.freeze([
    variable("battery.charge", `${PS}.RemainingCapacity`, "%.0f"),
    variable("battery.charge.low", `${PS}.RemainingCapacityLimit`, "%.0f", SETTING),
    variable("battery.charge.warning", `${PS}.WarningCapacityLimit`, "%.0f"),
    variable("battery.runtime", "UPS.Battery.RunTimeToEmpty", "%.0f"),
    variable("battery.runtime", `${PS}.RunTimeToEmpty`, "%.0f"),
    variable("battery.runtime.low", "UPS.Battery.RemainingTimeLimit", "%.0f", SETTING),
    variable("battery.runtime.low", `${PS}.RemainingTimeLimit`, "%.0f", SETTING),
    variable("battery.voltage", "UPS.Battery.Voltage", "%.1f"),
    variable("battery.voltage", `${PS}.Voltage`, "%.1f"),
    variable("battery.voltage.nominal", "UPS.Battery.ConfigVoltage", "%.1f"),
    variable("battery.voltage.nominal", `${PS}.ConfigVoltage`, "%.1f"), // Back-UPS 500
    variable("battery.temperature", "UPS.Battery.Temperature", KELVIN_CELSIUS),
    variable("battery.type", `${PS}.iDeviceChemistry`, stringIndex()),
    variable("battery.mfr.date", "UPS.Battery.ManufacturerDate", DATE, SETTING),
    variable("battery.mfr.date", `${PS}.APCBattReplaceDate`, APC_DATE), // Back-UPS 500, ES/CyberFort 500
    // 0 on a Back-UPS ES 650, 0x92501 on a Back-UPS BF500 made 2005/01/20 (NUT's note).
    variable("battery.date", "UPS.Battery.APCBattReplaceDate", APC_DATE),
    variable("ups.load", `${OUT}.PercentLoad`, "%.1f"),
    variable("ups.load", "UPS.PowerConverter.PercentLoad", "%.0f"),
    // USB HID PDC defaults
    variable("ups.timer.start", `${PS}.DelayBeforeStartup`, "%.0f", QUICK),
    variable("ups.timer.shutdown", `${PS}.DelayBeforeShutdown`, "%.0f", QUICK),
    variable("ups.timer.reboot", `${PS}.DelayBeforeReboot`, "%.0f", QUICK),
    // Smart-UPS RM
    variable("ups.timer.start", `${OUT}.DelayBeforeStartup`, "%.0f", QUICK),
    variable("ups.timer.shutdown", `${OUT}.DelayBeforeShutdown`, "%.0f", QUICK),
    variable("ups.timer.reboot", `${OUT}.DelayBeforeReboot`, "%.0f", QUICK),
    // Back-UPS ES
    variable("ups.timer.start", `${GENERAL}.APCDelayBeforeStartup`, "%.0f", QUICK),
    variable("ups.timer.shutdown", `${GENERAL}.APCDelayBeforeShutdown`, "%.0f", QUICK),
    variable("ups.timer.reboot", `${GENERAL}.APCDelayBeforeReboot`, "%.0f", QUICK),
    variable("ups.test.result", "UPS.Battery.Test", TEST_READ),
    variable("ups.beeper.status", `${PS}.AudibleAlarmControl`, BEEPER),
    variable("ups.mfr.date", "UPS.ManufacturerDate", DATE),
    variable("ups.mfr.date", `${PS}.ManufacturerDate`, DATE), // Back-UPS 500
    variable("ups.realpower.nominal", "UPS.PowerConverter.ConfigActivePower", "%.0f"),
    variable("ups.realpower.nominal", `${OUT}.ConfigActivePower`, "%.0f"),
    variable("input.voltage", "UPS.Input.Voltage", "%.1f"),
    variable("input.voltage.nominal", "UPS.Input.ConfigVoltage", "%.0f"),
    variable("input.transfer.low", `${OUT}.LowVoltageTransfer`, "%.0f", SETTING),
    variable("input.transfer.high", `${OUT}.HighVoltageTransfer`, "%.0f", SETTING),
    // Back-UPS RS
    variable("input.transfer.low", "UPS.Input.LowVoltageTransfer", "%.0f", SETTING),
    variable("input.transfer.high", "UPS.Input.HighVoltageTransfer", "%.0f", SETTING),
    variable("input.sensitivity", "UPS.Input.APCSensitivity", SENSITIVITY, SETTING),
    variable("output.voltage", `${OUT}.Voltage`, "%.1f"),
    variable("output.voltage.nominal", `${OUT}.ConfigVoltage`, "%.1f"),
    variable("output.current", `${OUT}.Current`, "%.2f"),
    variable("output.frequency", `${OUT}.Frequency`, "%.1f"),
    variable("ambient.temperature", "UPS.APCEnvironment.APCProbe1.Temperature", KELVIN_CELSIUS),
    variable("ambient.humidity", "UPS.APCEnvironment.APCProbe1.Humidity", "%.1f"),
  ]),
  status: STATUS,
  commands: Object.freeze([
    command("test.battery.start.quick", "UPS.BatterySystem.Battery.Test", 1),
    command("test.battery.start.quick", "UPS.Battery.Test", 1), // Back-UPS RS (experimental)
    command("test.battery.start.deep", "UPS.BatterySystem.Battery.Test", 2),
    command("test.battery.start.deep", "UPS.Battery.Test", 2), // Back-UPS RS (experimental)
    command("test.battery.stop", "UPS.BatterySystem.Battery.Test", 3),
    command("test.battery.stop", "UPS.Battery.Test", 3), // Back-UPS RS (experimental)
    command("test.panel.start", "UPS.APCPanelTest", 1),
    command("test.panel.stop", "UPS.APCPanelTest", 0),
    command("test.panel.start", `${PS}.APCPanelTest`, 1), // Back-UPS 500
    command("test.panel.stop", `${PS}.APCPanelTest`, 0), // Back-UPS 500
    // USB HID PDC defaults (NUT's DEFAULT_OFFDELAY 20, DEFAULT_ONDELAY 30)
    command("load.off.delay", `${PS}.DelayBeforeShutdown`, 20),
    command("load.on.delay", `${PS}.DelayBeforeStartup`, 30),
    command("shutdown.stop", `${PS}.DelayBeforeShutdown`, -1),
    command("shutdown.reboot", `${PS}.DelayBeforeReboot`, 10),
    // Smart-UPS RM
    command("load.off.delay", `${OUT}.DelayBeforeShutdown`, 20),
    command("load.on.delay", `${OUT}.DelayBeforeStartup`, 30),
    command("shutdown.stop", `${OUT}.DelayBeforeShutdown`, -1),
    command("shutdown.reboot", `${OUT}.DelayBeforeReboot`, 10),
    // Back-UPS ES
    command("load.off.delay", `${GENERAL}.APCDelayBeforeShutdown`, 20),
    command("load.on.delay", `${GENERAL}.APCDelayBeforeStartup`, 30),
    command("shutdown.stop", `${GENERAL}.APCDelayBeforeShutdown`, -1),
    command("shutdown.reboot", `${GENERAL}.APCDelayBeforeReboot`, 10),
    // Back-UPS CS
    command("shutdown.return", `${OUT}.APCDelayBeforeReboot`, 1),
    command("beeper.on", `${PS}.AudibleAlarmControl`, 2),
    command("beeper.off", `${PS}.AudibleAlarmControl`, 3),
    command("beeper.enable", `${PS}.AudibleAlarmControl`, 2),
    command("beeper.disable", `${PS}.AudibleAlarmControl`, 1),
    command("beeper.mute", `${PS}.AudibleAlarmControl`, 3),
  ]),
  fixed: Object.freeze([
    absent("ups.delay.start", `${PS}.DelayBeforeStartup`, "$ondelay"),
    absent("ups.delay.shutdown", `${PS}.DelayBeforeShutdown`, "$offdelay"),
    absent("ups.delay.start", `${OUT}.DelayBeforeStartup`, "$ondelay"), // Smart-UPS RM
    absent("ups.delay.shutdown", `${OUT}.DelayBeforeShutdown`, "$offdelay"),
    absent("ups.delay.start", `${GENERAL}.APCDelayBeforeStartup`, "$ondelay"), // Back-UPS ES
    absent("ups.delay.shutdown", `${GENERAL}.APCDelayBeforeShutdown`, "$offdelay"),
  ]),
  formatMfr: (d) => d.manufacturer ?? "APC",
  formatModel: (d) => {
    const product = d.product ?? "unknown";
    const at = product.indexOf("FW:");
    return at < 0 ? product : product.slice(0, Math.max(0, at - 1));
  },
  formatSerial: (d) => d.serial,
  usbValues: (d) => firmware(d.product),
  tweaks: (d): DeviceTweaks => ({
    ...(d.vendorId === APC && d.productId === 0x0002 &&
        MAX_REPORT_PRODUCTS.some((p) => d.product?.startsWith(p))
      ? { maxReport: true }
      : {}),
    // 5G models speak a proprietary protocol on the interrupt pipe.
    ...(d.vendorId === APC && (d.productId === 0x0003 || d.productId === 0x0004) ? { pollOnly: true } : {}),
    ...(flappingBackUps(d) ? { lbrbLogDelaySec: 3 } : {}),
  }),
};
