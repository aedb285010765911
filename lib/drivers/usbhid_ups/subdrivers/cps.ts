/**
 * usbhid-ups's CyberPower subdriver: the data of NUT's drivers/cps-hid.c ("CyberPower HID 0.85",
 * networkupstools/nut 6c63f7745ab5, v2.8.5-941): its USB ids (CyberPower and the Cyber Energy brand on an
 * ST Microelectronics id), `cps_hid2nut[]` in NUT's order, the delays and poll frequency NUT defaults to for
 * CPS devices (docs/man/usbhid-ups.txt: offdelay 60, ondelay 120, pollfreq 12), and its conversions: the
 * charge clamped to 100, the battery status in percent, the line sensitivity, and for 0764:0501 the battery
 * voltage scaled by 2/3 when it reads over 1.4 times nominal and the frequencies read in tenths of Hz. Those
 * two need the published values and keep their decision per device (see _proposed.ts); without a context
 * they give the value unscaled, as NUT does until it knows the nominal values. Functions are written anew.
 * @module
 */
import { lookup, type RawValue, type StatusRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import type { UsbId } from "../../catalog.ts";
import { BEEPER, DATE, KELVIN_CELSIUS, stringIndex, TEST_READ } from "../conversions.ts";
import { feature, type HidSource, idsMatch } from "../types.ts";
import { boolRows } from "./_bools.ts";
import { absent, command, QUICK, SETTING, STATIC, variable } from "./_nut_rows.ts";
import { contextual, type ConversionContext, isProduct, type ProposedHidSubdriver } from "./_proposed.ts";

const CPS = 0x0764;
/** ST Microelectronics, whose ids it delegates; Cyber Energy devices use one. */
const STMICRO = 0x0483;

/** The devices of `cps_usb_device_table[]`. */
const IDS: readonly UsbId[] = Object.freeze([
  { vendorId: CPS, productId: 0x0005, vendor: "CyberPower" }, // 900AVR/BC900D
  { vendorId: CPS, productId: 0x0501, vendor: "CyberPower" }, // CP1200AVR, CP1000PFCLCD, CP1500C, CP550HG...
  { vendorId: CPS, productId: 0x0601, vendor: "CyberPower" }, // OR2200LCDRM2U, PR6000LCDRTXL5U, CP1350EPFCLCD
  { vendorId: STMICRO, productId: 0xa430, vendor: "Cyber Energy" },
]);

/** Whether NUT checks the scales of a device (its id table gives 0764:0501 `cps_battery_scale`). */
function mayNeedScaling(context?: ConversionContext): context is ConversionContext {
  return context !== undefined && isProduct(context.device, CPS, [0x0501]);
}

function number(raw: RawValue): number | undefined {
  const v = Number(raw);
  return Number.isFinite(v) ? v : undefined;
}

/** The battery voltage scale: 2/3 when the first reading with a nominal voltage is over 1.4 times it. */
function batteryScale(volts: number, context?: ConversionContext): number {
  if (!mayNeedScaling(context)) return 1;
  const kept = context.memo.get("cps.battery.scale");
  if (typeof kept === "number") return kept;
  const nominal = Number(context.get("battery.voltage.nominal"));
  if (!Number.isFinite(nominal) || nominal === 0) return 1; // decided once the nominal voltage is known
  const scale = volts / nominal > 1.4 ? 2 / 3 : 1;
  context.memo.set("cps.battery.scale", scale);
  return scale;
}

/** The nominal frequency NUT guesses from the limits or the reading (0: neither 50 nor 60 Hz). */
function guessNominal(hz: number, low: number, high: number): number {
  const within = (x: number, above: number, upTo: number) => above < x && x <= upTo;
  for (const nominal of [50, 60]) {
    if (
      within(low, nominal - 5, nominal) || (nominal <= high && high <= nominal + 5) ||
      within(hz, nominal - 5, nominal + 5) || within(hz, (nominal - 5) * 10, (nominal + 5) * 10)
    ) {
      return nominal;
    }
  }
  return 0;
}

/** The frequency scale: 1 when the reading is within the limits, 0.1 when a tenth of it is. */
function frequencyScale(hz: number, side: "input" | "output", context?: ConversionContext): number {
  if (!mayNeedScaling(context)) return 1;
  const key = `cps.${side}.frequency.scale`;
  const kept = context.memo.get(key);
  if (typeof kept === "number") return kept;
  const published = (name: string) => Number(context.get(`${side}.frequency.${name}`)) || 0;
  const nominal = published("nominal") || guessNominal(hz, published("low"), published("high"));
  const low = published("low") || (nominal ? nominal * 0.95 : 45);
  const high = published("high") || (nominal ? nominal * 1.05 : 65);
  const fits = (x: number) => low <= x && x <= high;
  const scale = fits(hz) ? 1 : fits(hz / 10) ? 0.1 : undefined;
  if (scale === undefined) return 1; // reported as is, and tried again with the next reading
  context.memo.set(key, scale);
  return scale;
}

/** `battery.voltage` (cps_battvolt). */
export const CPS_BATTERY_VOLTAGE = contextual((raw, context) => {
  const v = number(raw);
  return v === undefined ? undefined : cFormat("%.1f", batteryScale(v, context) * v);
});

/**
 * input.frequency or output.frequency (cps_input_freq, cps_output_freq).
 * @param side which
 * @returns the conversion
 */
function cpsFrequency(side: "input" | "output") {
  return contextual((raw, context) => {
    const v = number(raw);
    return v === undefined ? undefined : cFormat("%.1f", frequencyScale(v, side, context) * v);
  });
}

/** `battery.charge`, clamped to 100 (cps_battcharge). */
export const CPS_CHARGE = contextual((raw) => {
  const v = number(raw);
  return v === undefined ? undefined : cFormat("%.0f", v < 100 ? v : 100);
});

/** `battery.status`: FullChargeCapacity in percent (cps_battstatus). */
export const CPS_BATTERY_STATUS = contextual((raw) => {
  const v = number(raw);
  return v === undefined ? undefined : `${cFormat("%.0f", v)}%`;
});

/** `input.sensitivity` (cps_sensitivity_info, enumerated: HU_FLAG_ENUM). */
const SENSITIVITY = lookup([[0, "low"], [1, "normal"], [2, "high"]]);

const PS = "UPS.PowerSummary";
const PRESENT = `${PS}.PresentStatus`;
const OUT = "UPS.Output";

const STATUS: readonly StatusRow<HidSource>[] = Object.freeze([
  ...boolRows("online", feature(`${PRESENT}.ACPresent`)),
  ...boolRows("charging", feature(`${PRESENT}.Charging`)),
  ...boolRows("discharging", feature(`${PRESENT}.Discharging`)),
  ...boolRows("lowbatt", feature(`${PRESENT}.BelowRemainingCapacityLimit`)),
  ...boolRows("fullycharged", feature(`${PRESENT}.FullyCharged`)),
  ...boolRows("timelimitexpired", feature(`${PRESENT}.RemainingTimeLimitExpired`)),
  ...boolRows("replacebatt", feature(`${PRESENT}.NeedReplacement`)),
  ...boolRows("boost", feature(`${OUT}.Boost`)),
  ...boolRows("overload", feature(`${OUT}.Overload`)),
]);

/** CyberPower's tables (NUT's `cps_subdriver`). */
export const cpsSubdriver: ProposedHidSubdriver = {
  name: "CyberPower HID",
  version: "0.85",
  usages: "cps",
  ids: IDS,
  match: (d) => idsMatch(IDS, d),
  claimsWithProductId: (d) => d.vendorId === CPS || d.vendorId === STMICRO,
  defaults: Object.freeze({ offdelay: 60, ondelay: 120, pollfreq: 12 }),
  variables: Object.freeze([
    variable("battery.type", `${PS}.iDeviceChemistry`, stringIndex()),
    variable("battery.mfr.date", "UPS.Battery.ManufacturerDate", DATE, SETTING),
    variable("battery.mfr.date", `${PS}.iOEMInformation`, stringIndex()),
    variable("battery.charge.warning", `${PS}.WarningCapacityLimit`, "%.0f"),
    variable("battery.charge.low", `${PS}.RemainingCapacityLimit`, "%.0f", SETTING),
    variable("battery.charge", `${PS}.RemainingCapacity`, CPS_CHARGE),
    variable("battery.runtime", `${PS}.RunTimeToEmpty`, "%.0f"),
    variable("battery.runtime.low", `${PS}.RemainingTimeLimit`, "%.0f", SETTING),
    variable("battery.voltage.nominal", `${PS}.ConfigVoltage`, "%.0f"),
    variable("battery.voltage", `${PS}.Voltage`, CPS_BATTERY_VOLTAGE),
    variable("battery.status", `${PS}.FullChargeCapacity`, CPS_BATTERY_STATUS),
    variable("ups.load", `${OUT}.PercentLoad`, "%.0f"),
    variable("ups.beeper.status", `${PS}.AudibleAlarmControl`, BEEPER),
    variable("ups.test.result", `${OUT}.Test`, TEST_READ),
    variable("ups.power", `${OUT}.ApparentPower`, "%.0f"),
    variable("ups.power.nominal", `${OUT}.ConfigApparentPower`, "%.0f"),
    variable("ups.realpower", `${OUT}.ActivePower`, "%.0f"),
    variable("ups.realpower.nominal", `${OUT}.ConfigActivePower`, "%.0f"),
    variable("ups.timer.start", `${OUT}.DelayBeforeStartup`, "%.0f", QUICK),
    variable("ups.timer.shutdown", `${OUT}.DelayBeforeShutdown`, "%.0f", QUICK),
    variable("ups.timer.reboot", `${OUT}.DelayBeforeReboot`, "%.0f", QUICK),
    variable("ups.firmware", `${PS}.CPSFirmwareVersion`, stringIndex(), STATIC),
    variable("ups.temperature", `${PS}.Temperature`, KELVIN_CELSIUS),
    variable("input.frequency", "UPS.Input.Frequency", cpsFrequency("input")),
    variable("input.voltage.nominal", "UPS.Input.ConfigVoltage", "%.0f"),
    variable("input.voltage", "UPS.Input.Voltage", "%.1f"),
    variable("input.transfer.low", "UPS.Input.LowVoltageTransfer", "%.0f", SETTING),
    variable("input.transfer.high", "UPS.Input.HighVoltageTransfer", "%.0f", SETTING),
    // CP1350EPFCLCD ("why oh why UPS.Output?", NUT's comment)
    variable("input.transfer.low", `${OUT}.LowVoltageTransfer`, "%.0f", SETTING),
    variable("input.transfer.high", `${OUT}.HighVoltageTransfer`, "%.0f", SETTING),
    // NUT declares a length of 0 for this STRING: no maximum length is published.
    variable("input.sensitivity", `${OUT}.CPSInputSensitivity`, SENSITIVITY, {
      flags: ["RW", "STRING", "STATIC", "ENUM"],
    }),
    variable("output.frequency", `${OUT}.Frequency`, cpsFrequency("output")),
    variable("output.voltage", `${OUT}.Voltage`, "%.1f"),
    variable("output.voltage.nominal", `${OUT}.ConfigVoltage`, "%.0f"),
  ]),
  status: STATUS,
  commands: Object.freeze([
    command("test.battery.start.quick", `${OUT}.Test`, 1),
    command("test.battery.start.deep", `${OUT}.Test`, 2),
    command("test.battery.stop", `${OUT}.Test`, 3),
    // NUT's DEFAULT_OFFDELAY_CPS and DEFAULT_ONDELAY_CPS
    command("load.off.delay", `${OUT}.DelayBeforeShutdown`, 60),
    command("load.on.delay", `${OUT}.DelayBeforeStartup`, 120),
    command("shutdown.stop", `${OUT}.DelayBeforeShutdown`, -1),
    command("shutdown.reboot", `${OUT}.DelayBeforeReboot`, 10),
    command("beeper.on", `${PS}.AudibleAlarmControl`, 2),
    command("beeper.off", `${PS}.AudibleAlarmControl`, 3),
    command("beeper.enable", `${PS}.AudibleAlarmControl`, 2),
    command("beeper.disable", `${PS}.AudibleAlarmControl`, 1),
    command("beeper.mute", `${PS}.AudibleAlarmControl`, 3),
  ]),
  fixed: Object.freeze([
    absent("ups.delay.start", `${OUT}.DelayBeforeStartup`, "$ondelay"),
    absent("ups.delay.shutdown", `${OUT}.DelayBeforeShutdown`, "$offdelay"),
  ]),
  formatMfr: (d) => d.manufacturer ?? "CPS",
  formatModel: (d) => d.product,
  formatSerial: (d) => d.serial,
};
