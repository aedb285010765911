/**
 * usbhid-ups's MGE subdriver (Eaton, MGE Office Protection Systems, Dell, Powerware, HP, AEG, IBM and
 * KSTAR-built units): the data of NUT's drivers/mge-hid.c ("MGE HID 1.59", networkupstools/nut
 * 6c63f7745ab5) - its USB ids and claim rule, `mge_hid2nut[]` in NUT's order, its lookups (charger type,
 * enabled/disabled, UPS type, sensitivity, outlet ECO control and protection, bypass switches, ECO/ESS
 * mode), and its functions written anew: the model name from the iProduct and iModel strings (else the
 * nominal power; mge_models.ts), ampere-hours, power factor, date and time, the battery voltages of the
 * families that report them, the Advanced Battery Monitoring (ABM) charger status, the computed real
 * power, the nominal output voltages a model accepts, and the Protection Station / Ellipse ECO / 3S rows.
 * NUT's HU_FLAG_SEMI_STATIC rows are STATIC here (see _hid2nut.ts).
 *
 * Many of NUT's MGE functions depend on what it learnt of the device at start-up (its model family, its
 * country, whether ABM is on and through which path, its first nominal output voltage, its nominal
 * power): a conversion cannot see those, so {@linkcode mgeSubdriver} is NUT before it knows the device
 * (an unknown line-interactive/online model: no family rows, no ABM, no computed real power; ups.model
 * from the iModel string through `stringPaths`, without NUT's fallback to the nominal power) and
 * {@linkcode mgeSubdriverFor} the tables NUT ends up with for a given device ({@linkcode mgeContext}).
 * A driver that knows the device at start-up should use the latter (proposed: a `forDevice` hook of
 * HidSubdriver with this signature).
 *
 * Differences from NUT, each because a row sees only its own raw value:
 * - ups.realpower when the device has no ActivePower: NUT computes it from the published ups.load,
 *   ups.power.nominal and output.powerfactor; here it is a row over PercentLoad with the nominal power and
 *   power factor of start-up (NUT's very first pass uses 0.8, output.powerfactor being later in its table).
 * - input.eco.switchable reads 1 as "ECO" and input.bypass.switch.on 1 as "on" without NUT's check of the
 *   bypass voltage and frequency against the transfer limits (NUT then publishes nothing, or "normal"/"off"
 *   on the other variable).
 * - ABM is decided once, at start-up (NUT re-reads ABMEnable on every quick poll).
 * - CHRG from PresentStatus.Charging: NUT drops it at battery.charge 100; the status composer shows CHRG
 *   only below 100 when the device gives no FullyCharged.
 * - ups.date and ups.time (UPS.PowerSummary.Time, local time) are read-only: NUT writes one with the
 *   other's current value.
 * - the `ups.alarm` rows are {@linkcode MGE_ALARMS}: HidSubdriver has no place for vendor alarm texts.
 * - NUT also takes an unlisted product of Eaton, Powerware, AEG, IBM, HP or Dell when `productid` is
 *   given, which `match` cannot see.
 * @module
 */
import { type Conversion, decoded, lookup, type RawValue, type VarRow } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import { BEEPER, KELVIN_CELSIUS, ON_OFF, stringIndex, TEST_READ, YES_NO } from "../conversions.ts";
import { type HidIdentity, type HidSource, type HidSubdriver, idsMatch } from "../types.ts";
import {
  BATTVOLTHI,
  BATTVOLTLO,
  type BoolInfo,
  BOOST,
  BYPASS_AUTO,
  BYPASS_MANUAL,
  CHARGERFAIL,
  CHARGING,
  COMMFAULT,
  deviceHas,
  DISCHARGING,
  ECO_MODE,
  FANFAIL,
  FRANGE,
  hidAbsent,
  hidAlarm,
  type HidAlarmRow,
  hidBool,
  hidCmd,
  type HidDeviceView,
  hidVar,
  longValue,
  LOWBATT,
  NOBATTERY,
  OFF,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  REPLACEBATT,
  SHUTDOWNIMM,
  TRIM,
  VRANGE,
} from "./_hid2nut.ts";
import { isOffline, type MgeFamily, mgeModel } from "./mge_models.ts";

const DELL = 0x047c;
const PHOENIXTEC = 0x06da;
const KSTAR = 0x09d6;

/** NUT's mge_usb_device_table. */
const IDS = [
  { vendorId: 0x0463, productId: 0x0001, vendor: "Eaton" },
  { vendorId: 0x0463, productId: 0xffff, vendor: "Eaton" },
  { vendorId: DELL, productId: 0xffff, vendor: "Dell" },
  { vendorId: 0x0592, productId: 0x0004, vendor: "Powerware" }, // PW 9140
  { vendorId: 0x03f0, productId: 0x1fe5, vendor: "HP" }, // R/T3000
  { vendorId: 0x03f0, productId: 0x1fe6, vendor: "HP" }, // R/T3000
  { vendorId: 0x03f0, productId: 0x1fe7, vendor: "HP" },
  { vendorId: 0x03f0, productId: 0x1fe8, vendor: "HP" },
  { vendorId: 0x2b2d, productId: 0xffff, vendor: "AEG" }, // PROTECT B / NAS
  { vendorId: PHOENIXTEC, productId: 0xffff, vendor: "AEG" }, // AEG PROTECT NAS (else liebert-hid's)
  { vendorId: 0x04b3, productId: 0x0001, vendor: "IBM" }, // 6000 VA LCD 4U Rack UPS; 5396-1Kx
  { vendorId: KSTAR, productId: 0x0001, vendor: "KSTAR" }, // MasterPower MF-UPS650VA, MicroPower
] as const;

/**
 * NUT's claim: a listed device, except that Phoenixtec's id is taken only with "AEG" in its strings and
 * KSTAR's only with "KSTAR" as its manufacturer, whatever the product.
 * @param d the device
 * @returns true when the MGE tables drive it
 */
function claims(d: HidIdentity): boolean {
  if (d.vendorId === PHOENIXTEC) {
    return (d.manufacturer ?? "").includes("AEG") || (d.product ?? "").includes("AEG");
  }
  if (d.vendorId === KSTAR) return (d.manufacturer ?? "").includes("KSTAR");
  return idsMatch(IDS, d);
}

/**
 * ups.model as mge_format_model makes it: Dell's product string as it is, else the name of the iProduct
 * and iModel strings (nothing to look up without an iModel).
 * @param d the device
 * @param iModel the iModel string, or the nominal power as an integer ("" for none)
 * @returns the model
 */
function modelName(d: HidIdentity, iModel: string): string | undefined {
  if (d.vendorId === DELL || iModel === "") return d.product;
  return mgeModel(d.product ?? "unknown", iModel).name;
}

/** NUT's country code of Europe (UPS.PowerSummary.Country) that some rows test. */
const COUNTRY_EUROPE = 0;

/** What the MGE tables depend on, as NUT knows it once it has read the device at start-up. */
export interface MgeContext {
  /** The model family (DEFAULT: not in NUT's model table). */
  readonly family: MgeFamily;
  /** ups.model as NUT formats it (none: the USB product string). */
  readonly model?: string;
  /** UPS.PowerSummary.Country (none: unknown, NUT's -1). */
  readonly country?: number;
  /** ABM on (UPS.BatterySystem.Charger.ABMEnable 1) and the path NUT takes: Charger.Mode, else Charger.Status. */
  readonly abm?: "mode" | "status";
  /** The first UPS.Flow.[4].ConfigVoltage read (what the accepted nominal output voltages follow). */
  readonly nominalVoltage?: number;
  /** For the computed ups.realpower: ups.power.nominal and the power factor (0.8 without PowerFactor). */
  readonly realpower?: { readonly nominal: number; readonly powerFactor: number };
}

/** battery.capacity: ampere-seconds as ampere-hours. */
const AMPERE_HOURS = decoded((raw) => cFormat("%.2f", Number(raw) / 3600));

/** output.powerfactor: hundredths. */
const POWER_FACTOR = decoded((raw) => cFormat("%.2f", Number(raw) / 100));

/** battery.voltage.nominal of the Evolution 650, whatever it reports. */
const TWELVE_VOLTS = decoded(() => "12");

/** eaton_charger_type_info. */
const CHARGER_TYPE = lookup([
  [0, "None"],
  [1, "Extended (CLA)"],
  [2, "Large extension"],
  [3, "Extra large extension (XL)"],
  [4, "ABM"],
  [5, "Constant Charge (CC)"],
]);

/** eaton_enable_disable_info. */
const ENABLE_DISABLE = lookup([[0, "disabled"], [1, "enabled"]]);

/** mge_upstype_conversion (NUT's texts, its "standy" included). */
const UPS_TYPE = lookup([
  [1, "offline / line interactive"],
  [2, "online"],
  [3, "online - unitary/parallel"],
  [4, "online - parallel with hot standy"],
  [5, "online - hot standby redundancy"],
]);

/** mge_sensitivity_info. */
const SENSITIVITY = lookup([[0, "normal"], [1, "high"], [2, "low"]]);

/** outlet_eco_yes_no_info. */
const OUTLET_ECO = lookup([[0, "The outlet is not ECO controlled"], [1, "The outlet is ECO controlled"]]);

/** eaton_outlet_protection_status_info. */
const OUTLET_PROTECTION = lookup([[0, "not powered"], [1, "not protected"], [2, "protected"]]);

/** eaton_input_bypass_mode_off_info. */
const BYPASS_SWITCH_OFF = lookup([[0, "disabled"], [1, "off"]]);

/** eaton_input_bypass_mode_on_info (without NUT's check of the bypass against the transfer limits). */
const BYPASS_SWITCH_ON = lookup([[0, "disabled"], [1, "on"]]);

/**
 * input.eco.switchable: normal, ECO (High Efficiency; NUT also checks the bypass against the ECO limits) or
 * ESS (Energy Saver System); set with those words or NUT's `vendor:mge-hid:` buzzwords.
 */
const ECO_SWITCHABLE = decoded(
  (raw) => ["normal", "ECO", "ESS"][longValue(raw)],
  (text) => {
    const i = ["normal", "ECO", "ESS"].indexOf(text.replace(/^vendor:mge-hid:/, ""));
    return i < 0 ? undefined : i;
  },
);

/** The date and time parts of UPS.PowerSummary.Time (seconds since 1970), in local time. */
function localTime(raw: RawValue): Date | undefined {
  const d = new Date(Math.trunc(Number(raw)) * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** ups.date: YYYY/MM/DD of UPS.PowerSummary.Time (none unless the year has four digits, as NUT's strftime check). */
const UPS_DATE = decoded((raw) => {
  const d = localTime(raw);
  if (!d || d.getFullYear() < 1000 || d.getFullYear() > 9999) return undefined;
  return `${d.getFullYear()}/${cFormat("%02d", d.getMonth() + 1)}/${cFormat("%02d", d.getDate())}`;
});

/** ups.time: HH:MM:SS of UPS.PowerSummary.Time. */
const UPS_TIME = decoded((raw) => {
  const d = localTime(raw);
  if (!d) return undefined;
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => cFormat("%02d", n)).join(":");
});

/** outlet.power of the Protection Station: the master outlet's threshold for the slave outlets (VA). */
const PEGASUS_THRESHOLD: Conversion = {
  toNut: (raw) => cFormat("%.0f", Number(raw)),
  fromNut: (text) => (["10", "25", "60"].includes(text) ? Number(text) : undefined),
  values: ["10", "25", "60"],
};

/** pegasus_yes_no_info: 0 is "no", anything else "yes"; a SET of a text starting with "yes" is 1, else 0. */
const PEGASUS_YES_NO = decoded(
  (raw) => (Number(raw) === 0 ? "no" : "yes"),
  (text) => (text.startsWith("yes") ? 1 : 0),
);

/** The families whose PowerSummary.Voltage and ConfigVoltage are the battery's. */
const VOLTAGE_FAMILIES: ReadonlySet<MgeFamily> = new Set([
  "EVOLUTION",
  "EVOLUTION_650",
  "PULSAR_M",
  "5P",
  "9E",
]);

/** The nominal output voltages NUT offers, in its order. */
const NOMINAL_VOLTAGES = [200, 208, 220, 230, 240, 100, 110, 120, 127];

/**
 * output.voltage.nominal: the value, when the model accepts it (low-voltage models 100-127 V; 200/208 V
 * ones also 220-240 V unless offline; 220-240 V ones also 200/208 V unless offline); the enumeration is
 * the accepted ones.
 * @param ctx the device
 * @returns the conversion
 */
function nominalOutputVoltage(ctx: MgeContext): Conversion {
  const accepts = (value: number) => {
    const nominal = Math.trunc(ctx.nominalVoltage ?? value);
    const online = !isOffline(ctx.family);
    const lv = [100, 110, 120, 127], v208 = [200, 208], v230 = [220, 230, 240];
    if (lv.includes(nominal)) return lv.includes(value);
    if (v208.includes(nominal)) return v208.includes(value) || (v230.includes(value) && online);
    if (v230.includes(nominal)) return v230.includes(value) || (v208.includes(value) && online);
    return true; // NUT cannot tell: it publishes the value
  };
  return {
    toNut: (raw) => (accepts(longValue(raw)) ? cFormat("%.0f", Number(raw)) : undefined),
    fromNut: (text) => (NOMINAL_VOLTAGES.map(String).includes(text) ? Number(text) : undefined),
    ...(ctx.nominalVoltage === undefined ? {} : { values: NOMINAL_VOLTAGES.filter(accepts).map(String) }),
  };
}

/** The ABM charger states of each path (Charger.Mode, Charger.Status; 5 is "ABM not activated"). */
const ABM_STATES: Readonly<Record<"mode" | "status", Readonly<Record<number, string>>>> = {
  mode: { 1: "charging", 2: "discharging", 3: "floating", 4: "resting", 6: "off" },
  status: { 1: "charging", 2: "floating", 3: "resting", 4: "discharging", 6: "off" },
};

/**
 * battery.charger.status with ABM on: NUT reads both Charger.Mode and Charger.Status with the states of
 * the path it took.
 * @param path the path
 * @returns the conversion
 */
function abmStatus(path: "mode" | "status"): Conversion {
  return decoded((raw) => ABM_STATES[path][longValue(raw)]);
}

/**
 * The status facts of Charger.Mode and Charger.Status with ABM on: charging and floating are CHRG,
 * discharging DISCHRG (again with the states of the path NUT took, for both rows).
 * @param path the path
 * @returns the facts by value
 */
function abmFacts(path: "mode" | "status"): BoolInfo {
  return path === "mode"
    ? [[1, "CHRG"], [3, "CHRG"], [2, "DISCHRG"]]
    : [[1, "CHRG"], [2, "CHRG"], [4, "DISCHRG"]];
}

/**
 * C's round(): half away from zero.
 * @param x the value
 * @returns the rounded value
 */
function round(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * ups.realpower where the device has no ActivePower: ups.load percent of the nominal power times the
 * power factor, rounded (eaton_compute_realpower_fun), as a row over PercentLoad.
 * @param ctx the device
 * @returns the row, or none when NUT has no nominal power to compute with
 */
function computedRealpower(ctx: MgeContext): VarRow<HidSource>[] {
  if (!ctx.realpower) return [];
  const { nominal, powerFactor } = ctx.realpower;
  const realpower = decoded((raw) => {
    const load = Number.parseInt(cFormat("%.0f", Number(raw)), 10);
    return cFormat("%.0f", round(load * 0.01 * nominal * powerFactor));
  });
  return [hidVar("ups.realpower", "UPS.PowerSummary.PercentLoad", realpower)];
}

/**
 * A row when a condition holds.
 * @param condition the condition
 * @param row the row
 * @returns the row, or none
 */
function when(condition: boolean, row: VarRow<HidSource>): VarRow<HidSource>[] {
  return condition ? [row] : [];
}

/**
 * The MGE tables for what NUT knows of the device.
 * @param ctx the device
 * @returns the subdriver
 */
function tables(ctx: MgeContext): HidSubdriver {
  // Protection Station and Ellipse ECO, and the 3S outside Europe: the rows of their ECO control.
  const pegasus = ctx.family === "PEGASUS" || (ctx.family === "3S" && ctx.country !== COUNTRY_EUROPE);
  return {
    name: "MGE HID",
    version: "1.59",
    usages: "mge",
    ids: IDS,
    match: claims,

    variables: [
      // device.country (UPS.PowerSummary.Country) is read only to know the country: never published.
      hidVar("device.usb.version", "UPS.System.USB.iVersion", stringIndex(), { hu: "STATIC", text: 20 }),
      hidVar("battery.charge", "UPS.PowerSummary.RemainingCapacity", "%.0f"),
      hidVar("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimitSetting", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", "%.0f", { hu: "STATIC" }),
      hidVar("battery.charge.restart", "UPS.PowerSummary.RestartLevel", "%.0f", { hu: "SEMI_STATIC", rw: 3 }),
      hidVar("battery.capacity", "UPS.BatterySystem.Battery.DesignCapacity", AMPERE_HOURS, { hu: "STATIC" }),
      hidVar("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", "%.0f"),
      hidVar("battery.runtime.low", "UPS.PowerSummary.RemainingTimeLimit", "%.0f", { rw: 10 }),
      hidVar("battery.runtime.elapsed", "UPS.StatisticSystem.Input.[1].Statistic.[1].Time", "%.0f", {
        hu: "QUICK",
      }),
      hidVar("battery.runtime.low", "UPS.PowerSummary.RemainingTimeLimit", "%.0f", { rw: 10 }),
      hidVar("battery.temperature", "UPS.BatterySystem.Battery.Temperature", KELVIN_CELSIUS),
      hidVar("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex(), { hu: "STATIC" }),
      hidVar("battery.voltage", "UPS.BatterySystem.Voltage", "%.1f"),
      ...when(
        VOLTAGE_FAMILIES.has(ctx.family),
        hidVar("battery.voltage", "UPS.PowerSummary.Voltage", "%.1f"),
      ),
      hidVar("battery.voltage.nominal", "UPS.BatterySystem.ConfigVoltage", "%.0f", { hu: "STATIC" }),
      ...when(
        VOLTAGE_FAMILIES.has(ctx.family),
        hidVar(
          "battery.voltage.nominal",
          "UPS.PowerSummary.ConfigVoltage",
          ctx.family === "EVOLUTION_650" ? TWELVE_VOLTS : "%.0f",
          { hu: "STATIC" },
        ),
      ),
      hidVar("battery.protection", "UPS.BatterySystem.Battery.DeepDischargeProtection", YES_NO, {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("battery.energysave", "UPS.PowerConverter.Input.[3].EnergySaving", YES_NO, {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("battery.energysave.load", "UPS.PowerConverter.Input.[3].ConfigPercentLoad", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("battery.energysave.delay", "UPS.PowerConverter.Input.[3].EnergySaving.ShutdownTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("battery.energysave.delay", "UPS.PowerConverter.Input.[3].ShutdownTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("battery.energysave.realpower", "UPS.PowerConverter.Input.[3].ConfigActivePower", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      // battery.charger.abm.status, .mode.status and .type.status only decide the ABM path: never published.
      ...(ctx.abm
        ? [
          hidVar("battery.charger.status", "UPS.BatterySystem.Charger.Mode", abmStatus(ctx.abm), {
            hu: "QUICK",
          }),
        ]
        : []),
      ...(ctx.abm
        ? [
          hidVar("battery.charger.status", "UPS.BatterySystem.Charger.Status", abmStatus(ctx.abm), {
            hu: "QUICK",
          }),
        ]
        : []),
      hidVar("battery.charger.type", "UPS.BatterySystem.Charger.ChargerType", CHARGER_TYPE, { hu: "QUICK" }),
      hidVar("ups.efficiency", "UPS.PowerConverter.Output.Efficiency", "%.0f"),
      hidVar("ups.firmware", "UPS.PowerSummary.iVersion", stringIndex(), { hu: "STATIC" }),
      hidVar("ups.load", "UPS.PowerSummary.PercentLoad", "%.0f"),
      hidVar("ups.load.high", "UPS.Flow.[4].ConfigPercentLoad", "%.0f", { hu: "SEMI_STATIC", rw: 5 }),
      hidVar("ups.timer.start", "UPS.PowerSummary.DelayBeforeStartup", "%.0f", { hu: "QUICK" }),
      hidVar("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", "%.0f", { hu: "QUICK" }),
      hidVar("ups.timer.reboot", "UPS.PowerSummary.DelayBeforeReboot", "%.0f", { hu: "QUICK" }),
      hidVar("ups.test.result", "UPS.BatterySystem.Battery.Test", TEST_READ),
      hidVar("ups.test.interval", "UPS.BatterySystem.Battery.TestPeriod", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 8,
      }),
      hidVar("ups.beeper.status", "UPS.BatterySystem.Battery.AudibleAlarmControl", BEEPER, {
        hu: "SEMI_STATIC",
      }),
      hidVar("ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl", BEEPER, { hu: "SEMI_STATIC" }),
      hidVar("ups.beeper.status", "UPS.AudibleAlarmControl", BEEPER, { hu: "SEMI_STATIC" }),
      hidVar("ups.temperature", "UPS.PowerSummary.Temperature", KELVIN_CELSIUS),
      hidVar("ups.power", "UPS.PowerConverter.Output.ApparentPower", "%.0f"),
      hidVar("ups.L1.power", "UPS.PowerConverter.Output.Phase.[1].ApparentPower", "%.0f"),
      hidVar("ups.L2.power", "UPS.PowerConverter.Output.Phase.[2].ApparentPower", "%.0f"),
      hidVar("ups.L3.power", "UPS.PowerConverter.Output.Phase.[3].ApparentPower", "%.0f"),
      hidVar("ups.power.nominal", "UPS.Flow.[4].ConfigApparentPower", "%.0f", { hu: "STATIC" }),
      hidVar("ups.realpower", "UPS.PowerConverter.Output.ActivePower", "%.0f"),
      ...computedRealpower(ctx),
      hidVar("ups.L1.realpower", "UPS.PowerConverter.Output.Phase.[1].ActivePower", "%.0f"),
      hidVar("ups.L2.realpower", "UPS.PowerConverter.Output.Phase.[2].ActivePower", "%.0f"),
      hidVar("ups.L3.realpower", "UPS.PowerConverter.Output.Phase.[3].ActivePower", "%.0f"),
      hidVar("ups.realpower.nominal", "UPS.Flow.[4].ConfigActivePower", "%.0f", { hu: "STATIC" }),
      hidVar("ups.start.auto", "UPS.PowerConverter.Input.[1].AutomaticRestart", YES_NO, {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("ups.start.battery", "UPS.PowerConverter.Input.[3].StartOnBattery", YES_NO, {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("ups.start.reboot", "UPS.PowerConverter.Output.ForcedReboot", YES_NO, {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("ups.shutdown", "UPS.PowerSummary.PresentStatus.Switchable", ENABLE_DISABLE, {
        hu: "SEMI_STATIC",
        enumerate: true,
        rw: 10,
      }),
      hidVar("ups.date", "UPS.PowerSummary.Time", UPS_DATE),
      hidVar("ups.time", "UPS.PowerSummary.Time", UPS_TIME),
      hidVar("ups.type", "UPS.PowerConverter.ConverterType", UPS_TYPE, { hu: "STATIC" }),
      hidVar("input.voltage", "UPS.PowerConverter.Input.[1].Voltage", "%.1f"),
      hidVar("input.L1-N.voltage", "UPS.PowerConverter.Input.[1].Phase.[1].Voltage", "%.1f"),
      hidVar("input.L2-N.voltage", "UPS.PowerConverter.Input.[1].Phase.[2].Voltage", "%.1f"),
      hidVar("input.L3-N.voltage", "UPS.PowerConverter.Input.[1].Phase.[3].Voltage", "%.1f"),
      hidVar("input.L1-L2.voltage", "UPS.PowerConverter.Input.[1].Phase.[12].Voltage", "%.1f"),
      hidVar("input.L2-L3.voltage", "UPS.PowerConverter.Input.[1].Phase.[23].Voltage", "%.1f"),
      hidVar("input.L3-L1.voltage", "UPS.PowerConverter.Input.[1].Phase.[31].Voltage", "%.1f"),
      hidVar("input.voltage.nominal", "UPS.Flow.[1].ConfigVoltage", "%.0f", { hu: "STATIC" }),
      hidVar("input.current", "UPS.PowerConverter.Input.[1].Current", "%.2f"),
      hidVar("input.L1.current", "UPS.PowerConverter.Input.[1].Phase.[1].Current", "%.1f"),
      hidVar("input.L2.current", "UPS.PowerConverter.Input.[1].Phase.[2].Current", "%.1f"),
      hidVar("input.L3.current", "UPS.PowerConverter.Input.[1].Phase.[3].Current", "%.1f"),
      hidVar("input.current.nominal", "UPS.Flow.[1].ConfigCurrent", "%.2f", { hu: "STATIC" }),
      hidVar("input.frequency", "UPS.PowerConverter.Input.[1].Frequency", "%.1f"),
      hidVar("input.frequency.nominal", "UPS.Flow.[1].ConfigFrequency", "%.0f", { hu: "STATIC" }),
      hidVar("input.transfer.low", "UPS.PowerConverter.Output.LowVoltageTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.eco.low", "UPS.PowerConverter.Output.LowVoltageEcoTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.bypass.low", "UPS.PowerConverter.Output.LowVoltageBypassTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.boost.low", "UPS.PowerConverter.Output.LowVoltageBoostTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.boost.high", "UPS.PowerConverter.Output.HighVoltageBoostTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.trim.low", "UPS.PowerConverter.Output.LowVoltageBuckTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.high", "UPS.PowerConverter.Output.HighVoltageTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.eco.high", "UPS.PowerConverter.Output.HighVoltageEcoTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.transfer.bypass.high", "UPS.PowerConverter.Output.HighVoltageBypassTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar(
        "input.transfer.frequency.bypass.range",
        "UPS.PowerConverter.Output.FrequencyRangeBypassTransfer",
        "%.0f",
        { hu: "SEMI_STATIC", rw: 5 },
      ),
      hidVar(
        "input.transfer.frequency.eco.range",
        "UPS.PowerConverter.Output.FrequencyRangeEcoTransfer",
        "%.0f",
        { hu: "SEMI_STATIC", rw: 5 },
      ),
      hidVar("input.transfer.hysteresis", "UPS.PowerConverter.Output.HysteresisVoltageTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar(
        "input.transfer.bypass.forced",
        "UPS.PowerConverter.Input.[2].ForcedTransferEnable",
        ENABLE_DISABLE,
        { hu: "SEMI_STATIC", rw: 8 },
      ),
      hidVar(
        "input.transfer.bypass.overload",
        "UPS.PowerConverter.Input.[2].OverloadTransferEnable",
        ENABLE_DISABLE,
        { hu: "SEMI_STATIC", rw: 8 },
      ),
      hidVar(
        "input.transfer.bypass.outlimits",
        "UPS.PowerConverter.Input.[2].OutOfToleranceTransferEnable",
        ENABLE_DISABLE,
        { hu: "SEMI_STATIC", rw: 8 },
      ),
      hidVar("input.transfer.trim.high", "UPS.PowerConverter.Output.HighVoltageBuckTransfer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.sensitivity", "UPS.PowerConverter.Output.SensitivityMode", SENSITIVITY, {
        hu: "SEMI_STATIC",
        rw: 10,
      }),
      hidVar("input.voltage.extended", "UPS.PowerConverter.Output.ExtendedVoltageMode", YES_NO, {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.frequency.extended", "UPS.PowerConverter.Output.ExtendedFrequencyMode", YES_NO, {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("input.bypass.voltage", "UPS.PowerConverter.Input.[2].Voltage", "%.1f", { hu: "QUICK" }),
      hidVar("input.bypass.L1-N.voltage", "UPS.PowerConverter.Input.[2].Phase.[1].Voltage", "%.1f"),
      hidVar("input.bypass.L2-N.voltage", "UPS.PowerConverter.Input.[2].Phase.[2].Voltage", "%.1f"),
      hidVar("input.bypass.L3-N.voltage", "UPS.PowerConverter.Input.[2].Phase.[3].Voltage", "%.1f"),
      hidVar("input.bypass.L1-L2.voltage", "UPS.PowerConverter.Input.[2].Phase.[12].Voltage", "%.1f"),
      hidVar("input.bypass.L2-L3.voltage", "UPS.PowerConverter.Input.[2].Phase.[23].Voltage", "%.1f"),
      hidVar("input.bypass.L3-L1.voltage", "UPS.PowerConverter.Input.[2].Phase.[31].Voltage", "%.1f"),
      hidVar("input.bypass.voltage.nominal", "UPS.Flow.[2].ConfigVoltage", "%.0f", { hu: "STATIC" }),
      hidVar("input.bypass.current", "UPS.PowerConverter.Input.[2].Current", "%.2f"),
      hidVar("input.bypass.L1.current", "UPS.PowerConverter.Input.[2].Phase.[1].Current", "%.1f"),
      hidVar("input.bypass.L2.current", "UPS.PowerConverter.Input.[2].Phase.[2].Current", "%.1f"),
      hidVar("input.bypass.L3.current", "UPS.PowerConverter.Input.[2].Phase.[3].Current", "%.1f"),
      hidVar("input.bypass.current.nominal", "UPS.Flow.[2].ConfigCurrent", "%.2f", { hu: "STATIC" }),
      hidVar("input.bypass.frequency", "UPS.PowerConverter.Input.[2].Frequency", "%.1f", { hu: "QUICK" }),
      hidVar("input.bypass.frequency.nominal", "UPS.Flow.[2].ConfigFrequency", "%.0f", { hu: "STATIC" }),
      hidVar("input.bypass.switch.on", "UPS.PowerConverter.Input.[2].SwitchOnControl", BYPASS_SWITCH_ON, {
        hu: "QUICK",
        rw: 8,
      }),
      hidVar("input.bypass.switch.off", "UPS.PowerConverter.Input.[2].SwitchOffControl", BYPASS_SWITCH_OFF, {
        hu: "QUICK",
        rw: 12,
      }),
      hidVar("input.bypass.switchable", "UPS.PowerConverter.Input.[2].Switchable", ENABLE_DISABLE, {
        hu: "SEMI_STATIC",
        rw: 8,
      }),
      hidVar("output.voltage", "UPS.PowerConverter.Output.Voltage", "%.1f"),
      hidVar("output.L1-N.voltage", "UPS.PowerConverter.Output.Phase.[1].Voltage", "%.1f"),
      hidVar("output.L2-N.voltage", "UPS.PowerConverter.Output.Phase.[2].Voltage", "%.1f"),
      hidVar("output.L3-N.voltage", "UPS.PowerConverter.Output.Phase.[3].Voltage", "%.1f"),
      hidVar("output.L1-L2.voltage", "UPS.PowerConverter.Output.Phase.[12].Voltage", "%.1f"),
      hidVar("output.L2-L3.voltage", "UPS.PowerConverter.Output.Phase.[23].Voltage", "%.1f"),
      hidVar("output.L3-L1.voltage", "UPS.PowerConverter.Output.Phase.[31].Voltage", "%.1f"),
      hidVar("output.voltage.nominal", "UPS.Flow.[4].ConfigVoltage", nominalOutputVoltage(ctx), {
        hu: "SEMI_STATIC",
        enumerate: true,
        rw: 3,
      }),
      hidVar("output.current", "UPS.PowerConverter.Output.Current", "%.2f"),
      hidVar("output.L1.current", "UPS.PowerConverter.Output.Phase.[1].Current", "%.1f"),
      hidVar("output.L2.current", "UPS.PowerConverter.Output.Phase.[2].Current", "%.1f"),
      hidVar("output.L3.current", "UPS.PowerConverter.Output.Phase.[3].Current", "%.1f"),
      hidVar("output.current.nominal", "UPS.Flow.[4].ConfigCurrent", "%.2f"),
      hidVar("output.frequency", "UPS.PowerConverter.Output.Frequency", "%.1f"),
      hidVar("output.frequency.nominal", "UPS.Flow.[4].ConfigFrequency", "%.0f", { hu: "STATIC" }),
      hidVar("output.powerfactor", "UPS.PowerConverter.Output.PowerFactor", POWER_FACTOR),
      hidVar("outlet.id", "UPS.OutletSystem.Outlet.[1].OutletID", "%.0f", { hu: "STATIC" }),
      hidVar("outlet.switchable", "UPS.OutletSystem.Outlet.[1].PresentStatus.Switchable", YES_NO, {
        hu: "STATIC",
      }),
      ...when(
        pegasus,
        hidVar("outlet.power", "UPS.OutletSystem.Outlet.[1].ConfigApparentPower", PEGASUS_THRESHOLD, {
          hu: "SEMI_STATIC",
          enumerate: true,
          rw: 6,
        }),
      ),
      hidVar("outlet.power", "UPS.OutletSystem.Outlet.[1].ApparentPower", "%.0f"),
      hidVar("outlet.realpower", "UPS.OutletSystem.Outlet.[1].ActivePower", "%.0f"),
      hidVar("outlet.current", "UPS.OutletSystem.Outlet.[1].Current", "%.2f"),
      hidVar("outlet.powerfactor", "UPS.OutletSystem.Outlet.[1].PowerFactor", "%.2f"),
      hidVar("outlet.1.id", "UPS.OutletSystem.Outlet.[2].OutletID", "%.0f", { hu: "STATIC" }),
      hidVar("outlet.1.switchable", "UPS.OutletSystem.Outlet.[2].PresentStatus.Switchable", YES_NO, {
        hu: "STATIC",
      }),
      hidVar("outlet.1.status", "UPS.OutletSystem.Outlet.[2].PresentStatus.SwitchOn/Off", ON_OFF),
      hidVar("outlet.1.protect.status", "UPS.OutletSystem.Outlet.[2].Status", OUTLET_PROTECTION),
      hidVar("outlet.1.designator", "UPS.OutletSystem.Outlet.[2].iDesignator", stringIndex(), {
        hu: "STATIC",
      }),
      hidVar("outlet.1.status", "UPS.PowerSummary.PresentStatus.ACPresent", ON_OFF),
      hidVar("outlet.1.autoswitch.charge.low", "UPS.OutletSystem.Outlet.[2].RemainingCapacityLimit", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 3,
      }),
      hidVar("outlet.1.delay.shutdown", "UPS.OutletSystem.Outlet.[2].ShutdownTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("outlet.1.delay.start", "UPS.OutletSystem.Outlet.[2].StartupTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("outlet.1.power", "UPS.OutletSystem.Outlet.[2].ApparentPower", "%.0f"),
      hidVar("outlet.1.realpower", "UPS.OutletSystem.Outlet.[2].ActivePower", "%.0f"),
      hidVar("outlet.1.current", "UPS.OutletSystem.Outlet.[2].Current", "%.2f"),
      hidVar("outlet.1.powerfactor", "UPS.OutletSystem.Outlet.[2].PowerFactor", "%.2f"),
      hidVar("outlet.1.ecocontrol", "UPS.OutletSystem.Outlet.[2].ECOControl", OUTLET_ECO, {
        hu: "SEMI_STATIC",
      }),
      hidVar("outlet.2.id", "UPS.OutletSystem.Outlet.[3].OutletID", "%.0f", { hu: "STATIC" }),
      ...when(
        pegasus,
        hidVar(
          "outlet.2.switchable",
          "UPS.OutletSystem.Outlet.[3].PresentStatus.Switchable",
          PEGASUS_YES_NO,
          { hu: "SEMI_STATIC", rw: 3 },
        ),
      ),
      hidVar("outlet.2.switchable", "UPS.OutletSystem.Outlet.[3].PresentStatus.Switchable", YES_NO),
      hidVar("outlet.2.status", "UPS.OutletSystem.Outlet.[3].PresentStatus.SwitchOn/Off", ON_OFF),
      hidVar("outlet.2.protect.status", "UPS.OutletSystem.Outlet.[3].Status", OUTLET_PROTECTION),
      hidVar("outlet.2.autoswitch.charge.low", "UPS.OutletSystem.Outlet.[3].RemainingCapacityLimit", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 3,
      }),
      hidVar("outlet.2.delay.shutdown", "UPS.OutletSystem.Outlet.[3].ShutdownTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("outlet.2.delay.start", "UPS.OutletSystem.Outlet.[3].StartupTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("outlet.2.power", "UPS.OutletSystem.Outlet.[3].ApparentPower", "%.0f"),
      hidVar("outlet.2.realpower", "UPS.OutletSystem.Outlet.[3].ActivePower", "%.0f"),
      hidVar("outlet.2.current", "UPS.OutletSystem.Outlet.[3].Current", "%.2f"),
      hidVar("outlet.2.powerfactor", "UPS.OutletSystem.Outlet.[3].PowerFactor", "%.2f"),
      hidVar("outlet.2.ecocontrol", "UPS.OutletSystem.Outlet.[3].ECOControl", OUTLET_ECO, {
        hu: "SEMI_STATIC",
      }),
      hidVar("outlet.3.id", "UPS.OutletSystem.Outlet.[4].OutletID", "%.0f", { hu: "STATIC" }),
      ...when(
        pegasus,
        hidVar(
          "outlet.3.switchable",
          "UPS.OutletSystem.Outlet.[4].PresentStatus.Switchable",
          PEGASUS_YES_NO,
          { hu: "SEMI_STATIC", rw: 3 },
        ),
      ),
      hidVar("outlet.3.switchable", "UPS.OutletSystem.Outlet.[4].PresentStatus.Switchable", YES_NO),
      hidVar("outlet.3.status", "UPS.OutletSystem.Outlet.[4].PresentStatus.SwitchOn/Off", ON_OFF),
      hidVar("outlet.3.protect.status", "UPS.OutletSystem.Outlet.[4].Status", OUTLET_PROTECTION),
      hidVar("outlet.3.autoswitch.charge.low", "UPS.OutletSystem.Outlet.[4].RemainingCapacityLimit", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 3,
      }),
      hidVar("outlet.3.delay.shutdown", "UPS.OutletSystem.Outlet.[4].ShutdownTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("outlet.3.delay.start", "UPS.OutletSystem.Outlet.[4].StartupTimer", "%.0f", {
        hu: "SEMI_STATIC",
        rw: 5,
      }),
      hidVar("outlet.3.power", "UPS.OutletSystem.Outlet.[4].ApparentPower", "%.0f"),
      hidVar("outlet.3.realpower", "UPS.OutletSystem.Outlet.[4].ActivePower", "%.0f"),
      hidVar("outlet.3.current", "UPS.OutletSystem.Outlet.[4].Current", "%.2f"),
      hidVar("outlet.3.powerfactor", "UPS.OutletSystem.Outlet.[4].PowerFactor", "%.2f"),
      hidVar("outlet.3.ecocontrol", "UPS.OutletSystem.Outlet.[4].ECOControl", OUTLET_ECO, {
        hu: "SEMI_STATIC",
      }),
      hidVar("input.eco.switchable", "UPS.PowerConverter.Input.[5].Switchable", ECO_SWITCHABLE, {
        hu: "QUICK",
        rw: 8,
      }),
    ],
    status: [
      ...hidBool("UPS.PowerSummary.PresentStatus.ACPresent", ONLINE),
      // mge_onbatt_info: 1 clears ONLINE, which has no row (see _hid2nut.ts).
      ...hidBool("UPS.PowerConverter.Input.[3].PresentStatus.Used", [[0, "ONLINE"]]),
      // PresentStatus.Charging / Discharging when ABM is off or unknown, Charger.Mode / Status when it is on.
      ...(ctx.abm === undefined
        ? [
          ...hidBool("UPS.PowerSummary.PresentStatus.Discharging", DISCHARGING),
          // NUT clears CHRG at battery.charge 100 (float charge on CC devices); the status composer shows
          // CHRG only below 100 when the device says nothing of FullyCharged.
          ...hidBool("UPS.PowerSummary.PresentStatus.Charging", CHARGING),
        ]
        : [
          ...hidBool("UPS.BatterySystem.Charger.Mode", abmFacts(ctx.abm)),
          ...hidBool("UPS.BatterySystem.Charger.Status", abmFacts(ctx.abm)),
        ]),
      ...hidBool("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit", LOWBATT),
      // Output overload, levels 1, 2 and 3.
      ...hidBool("UPS.PowerConverter.Output.Overload.[1].PresentStatus.OverThreshold", OVERLOAD),
      ...hidBool("UPS.PowerConverter.Output.Overload.[2].PresentStatus.OverThreshold", OVERLOAD),
      ...hidBool("UPS.PowerSummary.PresentStatus.Overload", OVERLOAD),
      ...hidBool("UPS.PowerSummary.PresentStatus.NeedReplacement", REPLACEBATT),
      ...hidBool("UPS.LCMSystem.LCMAlarm.[2].PresentStatus.TimerExpired", REPLACEBATT),
      ...hidBool("UPS.PowerConverter.Input.[1].PresentStatus.Buck", TRIM),
      ...hidBool("UPS.PowerConverter.Input.[1].PresentStatus.Boost", BOOST),
      ...hidBool("UPS.PowerConverter.Input.[1].PresentStatus.VoltageOutOfRange", VRANGE),
      ...hidBool("UPS.PowerConverter.Input.[1].PresentStatus.FrequencyOutOfRange", FRANGE),
      ...hidBool("UPS.PowerSummary.PresentStatus.Good", OFF),
      // eaton_converter_online_info: 1 is online (NUT: unless OFF), 0 clears ONLINE.
      ...hidBool("UPS.PowerConverter.Input.[1].PresentStatus.Used", [[1, "ONLINE"]]),
      ...hidBool("UPS.PowerConverter.Input.[2].PresentStatus.Used", BYPASS_AUTO),
      ...hidBool("UPS.PowerConverter.Input.[4].PresentStatus.Used", BYPASS_MANUAL),
      ...hidBool("UPS.PowerConverter.Input.[5].PresentStatus.Used", ECO_MODE),
      ...hidBool("UPS.PowerSummary.PresentStatus.FanFailure", FANFAIL),
      ...hidBool("UPS.BatterySystem.Battery.PresentStatus.Present", NOBATTERY),
      ...hidBool("UPS.BatterySystem.Charger.PresentStatus.InternalFailure", CHARGERFAIL),
      ...hidBool("UPS.BatterySystem.Charger.PresentStatus.VoltageTooHigh", BATTVOLTHI),
      ...hidBool("UPS.PowerConverter.Input.[1].PresentStatus.VoltageTooHigh", BATTVOLTHI),
      ...hidBool("UPS.BatterySystem.Battery.PresentStatus.VoltageTooHigh", BATTVOLTHI),
      ...hidBool("UPS.BatterySystem.Charger.PresentStatus.VoltageTooLow", BATTVOLTLO),
      // mge_onbatt_info again: 0 is online, 1 clears ONLINE.
      ...hidBool("UPS.PowerConverter.Input.[1].PresentStatus.VoltageTooLow", [[0, "ONLINE"]]),
      ...hidBool("UPS.PowerSummary.PresentStatus.InternalFailure", COMMFAULT),
      ...hidBool("UPS.PowerSummary.PresentStatus.OverTemperature", OVERHEAT),
      ...hidBool("UPS.PowerSummary.PresentStatus.ShutdownImminent", SHUTDOWNIMM),
    ],
    commands: [
      hidCmd("test.battery.start.quick", "UPS.BatterySystem.Battery.Test", 1),
      hidCmd("test.battery.start.deep", "UPS.BatterySystem.Battery.Test", 2),
      hidCmd("test.battery.stop", "UPS.BatterySystem.Battery.Test", 3),
      hidCmd("load.off.delay", "UPS.PowerSummary.DelayBeforeShutdown", 20),
      hidCmd("load.on.delay", "UPS.PowerSummary.DelayBeforeStartup", 30),
      hidCmd("shutdown.stop", "UPS.PowerSummary.DelayBeforeShutdown", -1),
      hidCmd("shutdown.reboot", "UPS.PowerSummary.DelayBeforeReboot", 10),
      hidCmd("beeper.off", "UPS.PowerSummary.AudibleAlarmControl", 1),
      hidCmd("beeper.on", "UPS.PowerSummary.AudibleAlarmControl", 2),
      // Some units (such as the 3S) have the beeper under BatterySystem.Battery: the first row NUT finds wins.
      hidCmd("beeper.mute", "UPS.BatterySystem.Battery.AudibleAlarmControl", 3),
      hidCmd("beeper.mute", "UPS.PowerSummary.AudibleAlarmControl", 3),
      hidCmd("beeper.disable", "UPS.BatterySystem.Battery.AudibleAlarmControl", 1),
      hidCmd("beeper.disable", "UPS.PowerSummary.AudibleAlarmControl", 1),
      hidCmd("beeper.enable", "UPS.BatterySystem.Battery.AudibleAlarmControl", 2),
      hidCmd("beeper.enable", "UPS.PowerSummary.AudibleAlarmControl", 2),
      // Masterpower MF-UPS650VA.
      hidCmd("beeper.disable", "UPS.AudibleAlarmControl", 1),
      hidCmd("beeper.enable", "UPS.AudibleAlarmControl", 2),
      hidCmd("outlet.1.load.off", "UPS.OutletSystem.Outlet.[2].DelayBeforeShutdown", 0),
      hidCmd("outlet.1.load.on", "UPS.OutletSystem.Outlet.[2].DelayBeforeStartup", 0),
      hidCmd("outlet.2.load.off", "UPS.OutletSystem.Outlet.[3].DelayBeforeShutdown", 0),
      hidCmd("outlet.2.load.on", "UPS.OutletSystem.Outlet.[3].DelayBeforeStartup", 0),
      hidCmd("outlet.3.load.off", "UPS.OutletSystem.Outlet.[4].DelayBeforeShutdown", 0),
      hidCmd("outlet.3.load.on", "UPS.OutletSystem.Outlet.[4].DelayBeforeStartup", 0),
      hidCmd("experimental.ecomode.stop", "UPS.PowerConverter.Input.[5].Switchable", 0),
      hidCmd("experimental.ecomode.start", "UPS.PowerConverter.Input.[5].Switchable", 1),
      hidCmd("experimental.essmode.start", "UPS.PowerConverter.Input.[5].Switchable", 2),
      hidCmd("experimental.essmode.stop", "UPS.PowerConverter.Input.[5].Switchable", 0),
      // NUT checks the bypass and ECO states first, and switches the bypass off on stop: here plain writes.
      hidCmd("experimental.bypass.ecomode.start", "UPS.PowerConverter.Input.[5].Switchable", 1),
      hidCmd("experimental.bypass.ecomode.stop", "UPS.PowerConverter.Input.[5].Switchable", 0),
      hidCmd("bypass.start", "UPS.PowerConverter.Input.[2].SwitchOnControl", 1),
      hidCmd("bypass.stop", "UPS.PowerConverter.Input.[2].SwitchOffControl", 1),
    ],
    fixed: [
      hidAbsent("ups.delay.start", "UPS.PowerSummary.DelayBeforeStartup", "$ondelay", 10),
      hidAbsent("ups.delay.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", "$offdelay", 10),
      hidAbsent("outlet.desc", "UPS.OutletSystem.Outlet.[1].OutletID", "Main Outlet", 20),
      hidAbsent("outlet.1.desc", "UPS.OutletSystem.Outlet.[2].OutletID", "PowerShare Outlet 1", 20),
      hidAbsent("outlet.2.desc", "UPS.OutletSystem.Outlet.[3].OutletID", "PowerShare Outlet 2", 20),
      hidAbsent("outlet.3.desc", "UPS.OutletSystem.Outlet.[4].OutletID", "PowerShare Outlet 2", 20),
    ],
    stringPaths: ["UPS.PowerSummary.iModel"],
    formatMfr: (d) => d.manufacturer ?? "Eaton",
    // What NUT knew at start-up, else its rule with the iModel string (without its fallback to the
    // nominal power, a value no format function sees).
    formatModel: (d, strings) => ctx.model ?? modelName(d, strings?.("UPS.PowerSummary.iModel") ?? ""),
    formatSerial: (d) => d.serial,
  };
}

/** NUT's vendor `ups.alarm` rows of the MGE tables (proposed for HidSubdriver: the engine has no place for them). */
export const MGE_ALARMS: readonly HidAlarmRow[] = Object.freeze([
  hidAlarm("UPS.PowerSummary.PresentStatus.EmergencyStop", "Emergency stop!"),
  hidAlarm("UPS.PowerConverter.Input.[1].PresentStatus.WiringFault", "Wiring fault!"),
  hidAlarm("UPS.PowerSummary.PresentStatus.ConfigurationFailure", "Fatal EEPROM fault!"),
  hidAlarm("UPS.PowerConverter.Inverter.PresentStatus.VoltageTooHigh", "Inverter AC voltage too high!"),
  hidAlarm("UPS.PowerConverter.Inverter.PresentStatus.VoltageTooLow", "Inverter AC voltage too low!"),
  hidAlarm("UPS.PowerConverter.Output.PresentStatus.ShortCircuit", "Output short circuit!"),
]);

/** The MGE tables as NUT has them before it knows the device. */
export const mgeSubdriver: HidSubdriver = tables({ family: "DEFAULT" });

/**
 * What NUT learns of an MGE device at start-up: its model (mge_format_model; Dell's product string is
 * its model already), country, ABM, first nominal output voltage and nominal power.
 * @param device the device
 * @returns the context
 */
export function mgeContext(device: HidDeviceView): MgeContext {
  const read = (path: string) => {
    const v = device.read({ path });
    return v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v);
  };
  const id = device.identity;
  const index = read("UPS.PowerSummary.iModel");
  let iModel = index === undefined ? "" : device.strings?.get(index) ?? "";
  const apparent = read("UPS.Flow.[4].ConfigApparentPower");
  if (iModel === "" && apparent !== undefined) iModel = String(Math.trunc(apparent));
  const model = modelName(id, iModel);
  const family = id.vendorId === DELL || iModel === ""
    ? "DEFAULT"
    : mgeModel(id.product ?? "unknown", iModel).family;
  const abmOn = read("UPS.BatterySystem.Charger.ABMEnable") === 1;
  const hasMode = deviceHas(device, { path: "UPS.BatterySystem.Charger.Mode" });
  const nominal = read("UPS.Flow.[4].ConfigApparentPower");
  const pf = read("UPS.PowerConverter.Output.PowerFactor");
  return {
    family,
    ...(model !== undefined ? { model } : {}),
    ...(read("UPS.PowerSummary.Country") !== undefined
      ? { country: Math.trunc(read("UPS.PowerSummary.Country")!) }
      : {}),
    ...(abmOn
      ? {
        abm: hasMode || !deviceHas(device, { path: "UPS.BatterySystem.Charger.Status" }) ? "mode" : "status",
      }
      : {}),
    ...(read("UPS.Flow.[4].ConfigVoltage") !== undefined
      ? { nominalVoltage: read("UPS.Flow.[4].ConfigVoltage") }
      : {}),
    ...(nominal !== undefined
      ? {
        realpower: {
          nominal: Number.parseInt(cFormat("%.0f", nominal), 10),
          powerFactor: pf === undefined ? Math.fround(0.8) : Number(cFormat("%.2f", pf / 100)),
        },
      }
      : {}),
  };
}

/**
 * The MGE tables NUT ends up with for a device.
 * @param device the device
 * @returns the subdriver
 */
export function mgeSubdriverFor(device: HidDeviceView): HidSubdriver {
  return tables(mgeContext(device));
}
