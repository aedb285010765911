/**
 * usbhid-ups's PowerCOM subdriver (IMPERIAL, Smart KING Pro, WOW, Vanguard, Black Knight Pro, Raptor;
 * 0d9f:*): the data of NUT's drivers/powercom-hid.c ("PowerCOM HID 0.75", networkupstools/nut
 * 6c63f7745ab5) - its USB ids, `powercom_hid2nut[]` in NUT's order (the WITH_UNMAPPED_DATA_POINTS rows
 * aside), the ups.mfr fallback, its two options, and its conversions written anew: the minute/second
 * words of its delays (both byte orders, and the discrete delay table of the Raptor and Smart KING Pro
 * protocol), its beeper values, its line voltages in units of 4 V, and the status bits of its vendor
 * collection.
 *
 * The options change conversions, which cannot see them: {@linkcode powercomSubdriver} is NUT with neither
 * option and the default delays, {@linkcode powercomSubdriverFor} the tables for the options of a driver
 * instance ({@linkcode powercomOptions} reads them). The commands without a value in NUT's table take the
 * parameter, else NUT's fallback (`offdelay` / `ondelay` if given, else ups.delay.shutdown / ups.delay.start
 * as first published: 20 s and 60 s), as their default.
 *
 * Not carried: `battery.voltage`, which NUT maps onto ACPresent only to read report 0xa4 itself (seven
 * ASCII bytes such as " 13.7 2") with a raw control transfer: no HID path gives it. NUT's claim rejects
 * 0d9f:0002 (the serial `powercom` driver's), reads product 0x0001 with `interruptonly` and
 * `interruptsize=8` (which a subdriver cannot say), and takes another product of the vendor when
 * `productid` is given (which `match` cannot see). NUT's ups.serial and ups.mfr rows are published by its
 * walk after the USB strings, so they win over the strings: here `formatMfr` and `formatSerial` give them
 * first (`stringPaths`).
 * @module
 */
import { type Conversion, decoded, lookup, type RawValue } from "../../../driver/mapping.ts";
import type { DriverParams, DriverVarSpec } from "../../../driver/types.ts";
import { cFormat } from "../../../driver/printf.ts";
import { DATE, stringIndex, TEST_READ } from "../conversions.ts";
import { type HidIdentity, type HidSubdriver, idsMatch } from "../types.ts";
import {
  BOOST,
  CHARGING,
  COMMFAULT,
  DISCHARGING,
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
  TRIM,
} from "./_hid2nut.ts";

/** NUT's powercom_usb_device_table. */
const IDS = [
  { vendorId: 0x0d9f, productId: 0x00a2, vendor: "PowerCOM" }, // IMP - IMPERIAL
  { vendorId: 0x0d9f, productId: 0x00a3, vendor: "PowerCOM" }, // SKP - Smart KING Pro
  { vendorId: 0x0d9f, productId: 0x00a4, vendor: "PowerCOM" }, // WOW
  { vendorId: 0x0d9f, productId: 0x00a5, vendor: "PowerCOM" }, // VGD - Vanguard
  { vendorId: 0x0d9f, productId: 0x00a6, vendor: "PowerCOM" }, // BNT - Black Knight Pro
  { vendorId: 0x0d9f, productId: 0x0004, vendor: "PowerCOM" }, // Vanguard and BNT-xxxAP
  { vendorId: 0x0d9f, productId: 0x0001, vendor: "PowerCOM" },
] as const;

/** The options of the PowerCOM subdriver (NUT's usbhid-ups `addvar()`s). */
export const POWERCOM_VARS: readonly DriverVarSpec[] = Object.freeze([
  {
    kind: "FLAG",
    name: "powercom_sdcmd_byte_order_fallback",
    description:
      "Set to use legacy byte order for Powercom HID shutdown commands. Either it was wrong forever, " +
      "or some older devices/firmwares had it the other way around",
  },
  {
    kind: "FLAG",
    name: "powercom_sdcmd_discrete_delay",
    description:
      "Set to use discrete timing table for Powercom HID shutdown commands (Raptor and Smart KING Pro series)",
  },
]);

/** What changes the PowerCOM conversions. */
export interface PowercomOptions {
  /** `powercom_sdcmd_byte_order_fallback`: the shutdown delay words of subdriver versions before 0.71. */
  readonly byteOrderFallback?: boolean;
  /** `powercom_sdcmd_discrete_delay`: shutdown delays from the protocol's table, start-up delays in minutes. */
  readonly discreteDelay?: boolean;
  /** `offdelay`, when given (seconds). */
  readonly offdelay?: number;
  /** `ondelay`, when given (seconds). */
  readonly ondelay?: number;
}

/**
 * The PowerCOM options of a driver instance.
 * @param params the instance's options
 * @returns the options
 */
export function powercomOptions(params: DriverParams): PowercomOptions {
  const seconds = (name: string) => {
    const v = params.get(name);
    return v === undefined || v.trim() === "" ? undefined : atoi(v);
  };
  return {
    byteOrderFallback: params.has("powercom_sdcmd_byte_order_fallback"),
    discreteDelay: params.has("powercom_sdcmd_discrete_delay"),
    offdelay: seconds("offdelay"),
    ondelay: seconds("ondelay"),
  };
}

/**
 * C's atoi: the leading integer of a text, 0 when there is none.
 * @param text the text
 * @returns the integer
 */
function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

/**
 * The low 16 bits of a raw value, as C's `uint16_t i = value`.
 * @param raw the value read
 * @returns the word
 */
function word(raw: RawValue): number {
  return Math.trunc(Number(raw)) & 0xffff;
}

/** The shutdown delays of the discrete table (seconds), by their index 1..18 (the last covers the rest). */
const DISCRETE_DELAYS = [12, 18, 24, 30, 36, 42, 48, 54, 60, 120, 180, 240, 300, 360, 420, 480, 540];

/**
 * The delay conversions for a set of options.
 * @param o the options
 * @returns ups.timer.start / load.on.delay, ups.timer.shutdown / shutdown.return, and shutdown.stayoff
 */
function delayConversions(
  o: PowercomOptions,
): { startup: Conversion; shutdown: Conversion; stayoff: Conversion } {
  // The start-up delay is read as whole minutes in a byte-swapped word.
  const startup = decoded(
    (raw) => {
      const i = word(raw);
      return String(60 * (((i & 0xff) << 8) + (i >> 8)));
    },
    (text) => {
      const minutes = Math.trunc(atoi(text) / 60);
      if (minutes < 0) return 0;
      if (o.discreteDelay) return minutes;
      const v = minutes & 0xffff;
      return ((v << 8) & 0xffff) + (v >> 8);
    },
  );
  // The shutdown delay word is minutes and seconds, one a byte.
  const minutesSeconds = (seconds: number, restart: "enable" | "disable") => {
    const v = seconds === 0 ? 1 : seconds; // 0 would be the maximum delay
    const [min, sec] = [Math.trunc(v / 60), v % 60];
    if (o.byteOrderFallback) return ((sec << 8) & 0xffff) + min | (restart === "enable" ? 0x4000 : 0x8000);
    return ((min << 8) & 0xffff) + sec | (restart === "enable" ? 0x0040 : 0x0080);
  };
  const shutdown = decoded(
    (raw) => {
      const i = word(raw);
      return String(o.byteOrderFallback ? 60 * (i & 0xff) + (i >> 8) : 60 * (i >> 8) + (i & 0xff));
    },
    (text) => {
      const seconds = atoi(text);
      if (seconds < 0 || seconds > 0xffff) return 0;
      if (o.discreteDelay) {
        const index = DISCRETE_DELAYS.findIndex((d) => seconds <= d);
        return index < 0 ? 18 : index + 1;
      }
      return minutesSeconds(seconds, "enable");
    },
  );
  const stayoff = decoded(
    () => undefined,
    (text) => {
      const seconds = atoi(text);
      return seconds < 0 || seconds > 0xffff ? 0 : minutesSeconds(seconds, "disable");
    },
  );
  return { startup, shutdown, stayoff };
}

/** `ups.beeper.status` (powercom_beeper_info: PowerCOM's own values). */
const POWERCOM_BEEPER = lookup([[1, "enabled"], [2, "disabled"]]);

/** Line voltages of the vendor collection, in units of 4 V. */
const FOUR_VOLTS = decoded((raw) => cFormat("%0.0f", Number(raw) * 4));

/**
 * Whether a bit of a value is set.
 * @param mask the bit
 * @returns the test
 */
function bitSet(mask: number): (v: number) => boolean {
  return (v) => (v & mask) !== 0;
}

/**
 * The PowerCOM tables for a set of options.
 * @param options the options (none: NUT's defaults)
 * @returns the subdriver
 */
export function powercomSubdriverFor(options: PowercomOptions = {}): HidSubdriver {
  const { startup, shutdown, stayoff } = delayConversions(options);
  const offdelay = options.offdelay ?? 20; // else ups.delay.shutdown as published: DEFAULT_OFFDELAY
  const ondelay = options.ondelay ?? 60; // else ups.delay.start as published: this table's "60"
  const vendor = "PowercomUPS.PowercomPowerConverter.PowercomOutput";
  return {
    name: "PowerCOM HID",
    version: "0.75",
    usages: "powercom",
    ids: IDS,
    match: (d: HidIdentity) => idsMatch(IDS, d),
    variables: [
      hidVar("battery.charge", "UPS.PowerSummary.RemainingCapacity", "%.0f"),
      hidVar("battery.charge", "UPS.Battery.RemainingCapacity", "%.0f"),
      hidVar("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", "%.0f"),
      hidVar("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", "%.0f"),
      hidVar("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", "%.0f"),
      hidVar("battery.mfr.date", "UPS.Battery.ManufacturerDate", DATE, { hu: "STATIC" }),
      hidVar("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex(), { hu: "STATIC" }),
      hidVar("ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl", POWERCOM_BEEPER),
      hidVar("ups.beeper.status", "UPS.AudibleAlarmControl", POWERCOM_BEEPER),
      hidVar("ups.load", "UPS.Output.PercentLoad", "%.0f"),
      hidVar("ups.date", "UPS.PowerSummary.ManufacturerDate", DATE, { hu: "STATIC" }),
      hidVar("ups.test.result", "UPS.Battery.Test", TEST_READ),
      hidVar("ups.timer.start", "UPS.PowerSummary.DelayBeforeStartup", startup),
      hidVar("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", shutdown, { hu: "QUICK" }),
      hidVar("ups.timer.shutdown", "UPS.PowerSummary.PCMDelayBeforeShutdown", shutdown, { hu: "QUICK" }),
      hidVar("input.voltage", "UPS.Input.Voltage", "%.1f"),
      hidVar("input.voltage.nominal", "UPS.Input.ConfigVoltage", "%.0f", { hu: "STATIC" }),
      hidVar("input.frequency", "UPS.Input.Frequency", "%.1f"),
      hidVar("output.voltage", "UPS.Output.Voltage", "%.1f"),
      hidVar("output.voltage.nominal", "UPS.Output.ConfigVoltage", "%.0f", { hu: "STATIC" }),
      hidVar("output.frequency", "UPS.Output.Frequency", "%.1f"),
      hidVar("ups.serial", "PowercomUPS.PowercomSerialNumber", stringIndex()),
      hidVar("ups.mfr", "PowercomUPS.PowercomManufacturerName", stringIndex()),
      hidVar("ups.mfr.date", "PowercomUPS.PowercomManufacturerDate", DATE),
      hidVar("battery.temperature", "PowercomUPS.PowercomBatterySystem.PowercomTemperature", "%.0f"),
      hidVar("battery.temperature", "UPS.Battery.Temperature", "%.1f"),
      hidVar("battery.charge", "PowercomUPS.PowercomBatterySystem.PowercomVoltage", "%.0f"),
      hidVar("input.frequency", "PowercomUPS.PowercomPowerConverter.PowercomInput.PowercomFrequency", "%.0f"),
      hidVar("input.voltage", "PowercomUPS.PowercomPowerConverter.PowercomInput.PowercomVoltage", FOUR_VOLTS),
      hidVar("output.voltage", `${vendor}.PowercomVoltage`, FOUR_VOLTS),
      hidVar("ups.load", `${vendor}.PowercomPercentLoad`, "%.0f"),
      hidVar("output.frequency", `${vendor}.PowercomFrequency`, "%.0f"),
      hidVar("ups.test.result", "PowercomUPS.PowercomPowerConverter.PowercomTest", TEST_READ),
      hidVar("ups.delay.shutdown", "PowercomUPS.PowercomPowerConverter.PowercomDelayBeforeShutdown", "%.0f"),
      hidVar("ups.delay.start", "PowercomUPS.PowercomPowerConverter.PowercomDelayBeforeStartup", "%.0f"),
    ],
    status: [
      ...hidBool("UPS.PowerSummary.PresentStatus.ACPresent", ONLINE),
      ...hidBool("UPS.PowerSummary.PresentStatus.BatteryPresent", NOBATTERY),
      ...hidBool("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit", LOWBATT),
      ...hidBool("UPS.PowerSummary.PresentStatus.Charging", CHARGING),
      ...hidBool("UPS.PowerSummary.PresentStatus.CommunicationLost", COMMFAULT),
      ...hidBool("UPS.PowerSummary.PresentStatus.Discharging", DISCHARGING),
      ...hidBool("UPS.PowerSummary.PresentStatus.NeedReplacement", REPLACEBATT),
      ...hidBool("UPS.PowerSummary.PresentStatus.Overload", OVERLOAD),
      ...hidBool("UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired", TIMELIMITEXPIRED),
      ...hidBool("UPS.PowerSummary.PresentStatus.ShutdownImminent", SHUTDOWNIMM),
      ...hidBool("UPS.PresentStatus.ACPresent", ONLINE),
      ...hidBool("UPS.PresentStatus.BatteryPresent", NOBATTERY),
      ...hidBool("UPS.PresentStatus.BelowRemainingCapacityLimit", LOWBATT),
      ...hidBool("UPS.PresentStatus.Boost", BOOST),
      ...hidBool("UPS.PresentStatus.Buck", TRIM),
      ...hidBool("UPS.PresentStatus.Charging", CHARGING),
      ...hidBool("UPS.PresentStatus.CommunicationLost", COMMFAULT),
      ...hidBool("UPS.PresentStatus.Discharging", DISCHARGING),
      ...hidBool("UPS.PresentStatus.NeedReplacement", REPLACEBATT),
      ...hidBool("UPS.PresentStatus.Overload", OVERLOAD),
      ...hidBool("UPS.PresentStatus.RemainingTimeLimitExpired", TIMELIMITEXPIRED),
      ...hidBool("UPS.PresentStatus.ShutdownImminent", SHUTDOWNIMM),
      // InternalChargeController: bit 0 UPS fault, 1 battery bad, 2 test mode, 4 pre-shutdown count.
      ...hidBool(`${vendor}.PowercomInternalChargeController`, [[bitSet(0x01), "FANFAIL"]]),
      ...hidBool(`${vendor}.PowercomInternalChargeController`, [[bitSet(0x02), "REPLACEBATT"]]),
      ...hidBool(`${vendor}.PowercomInternalChargeController`, [[bitSet(0x04), "CAL"]]),
      ...hidBool(`${vendor}.PowercomInternalChargeController`, [[bitSet(0x10), "SHUTDOWNIMM"]]),
      // PrimaryBatterySupport: bit 0 line fail, 1 low battery, 3 AVR, 4 AVR boosts (else bucks), 5 overload.
      ...hidBool(`${vendor}.PowercomPrimaryBatterySupport`, [[(v) => (v & 0x01) === 0, "ONLINE"]]),
      ...hidBool(`${vendor}.PowercomPrimaryBatterySupport`, [[bitSet(0x02), "LOWBATT"]]),
      ...hidBool(`${vendor}.PowercomPrimaryBatterySupport`, [[(v) => (v & 0x18) === 0x08, "TRIM"]]),
      ...hidBool(`${vendor}.PowercomPrimaryBatterySupport`, [[(v) => (v & 0x18) === 0x18, "BOOST"]]),
      ...hidBool(`${vendor}.PowercomPrimaryBatterySupport`, [[bitSet(0x20), "OVERLOAD"]]),
    ],
    commands: [
      hidCmd("beeper.toggle", "UPS.PowerSummary.AudibleAlarmControl", 1),
      hidCmd("beeper.enable", "UPS.PowerSummary.AudibleAlarmControl", 1),
      hidCmd("beeper.disable", "UPS.PowerSummary.AudibleAlarmControl", 0),
      hidCmd("test.battery.start.quick", "UPS.Battery.Test", 1),
      hidCmd("load.on.delay", "UPS.PowerSummary.DelayBeforeStartup", ondelay, startup),
      hidCmd("shutdown.return", "UPS.PowerSummary.DelayBeforeShutdown", offdelay, shutdown),
      hidCmd("shutdown.stayoff", "UPS.PowerSummary.DelayBeforeShutdown", offdelay, stayoff),
      hidCmd("load.on", "UPS.PowerSummary.PCMDelayBeforeStartup", 0, startup),
      hidCmd("load.off", "UPS.PowerSummary.PCMDelayBeforeShutdown", 0, stayoff),
      hidCmd("shutdown.return", "UPS.PowerSummary.PCMDelayBeforeShutdown", offdelay, shutdown),
      hidCmd("shutdown.stayoff", "UPS.PowerSummary.PCMDelayBeforeShutdown", offdelay, stayoff),
      hidCmd("load.off", "PowercomUPS.PowercomPowerConverter.PowercomDelayBeforeShutdown", 0),
    ],
    fixed: [
      hidAbsent("ups.delay.start", "UPS.PowerSummary.DelayBeforeStartup", "60", 8),
      hidAbsent("ups.delay.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", "$offdelay", 8),
      hidAbsent("ups.delay.shutdown", "UPS.PowerSummary.PCMDelayBeforeShutdown", "$offdelay", 8),
    ],
    // NUT's walk publishes the vendor collection's strings after the USB ones: they win when present.
    stringPaths: ["PowercomUPS.PowercomManufacturerName", "PowercomUPS.PowercomSerialNumber"],
    formatMfr: (d, strings) =>
      strings?.("PowercomUPS.PowercomManufacturerName") ?? d.manufacturer ?? "PowerCOM",
    formatModel: (d) => d.product,
    formatSerial: (d, strings) => strings?.("PowercomUPS.PowercomSerialNumber") ?? d.serial,
  };
}

/** The PowerCOM tables with neither option and the default delays. */
export const powercomSubdriver: HidSubdriver = powercomSubdriverFor();
