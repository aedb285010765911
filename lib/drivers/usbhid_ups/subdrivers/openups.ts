/**
 * usbhid-ups's openUPS subdriver (Mini-Box openUPS 04d8:d004, and 04d8:d005 devices such as the WalleCube
 * Smart UPS W150): the data of NUT's drivers/openups-hid.c ("openUPS HID 0.50", networkupstools/nut
 * 6c63f7745ab5) - its USB ids, `openups_hid2nut[]` in NUT's order, the ups.mfr fallback, and its own
 * conversions written anew: the voltage and current scales NUT picks by product id, the thermistor table
 * of the Windows monitoring application (interpolated every 5 degrees from -40 to 125 C), and its status
 * functions (any non-zero value sets the fact; ACPresent at 0 says nothing, rather than OFFLINE).
 *
 * The scales depend on the device, which a conversion cannot see: {@linkcode openupsSubdriver} has NUT's
 * scales before it knows the product (1, those of a product taken with `productid`), and
 * {@linkcode openupsSubdriverFor} those NUT sets when it claims a listed product. NUT's claim also takes
 * another product of the vendor when `productid` is given, which `match` cannot see.
 * @module
 */
import { type Conversion, decoded, type RawValue } from "../../../driver/mapping.ts";
import { cFormat } from "../../../driver/printf.ts";
import { stringIndex } from "../conversions.ts";
import { type HidIdentity, type HidSubdriver, idsMatch } from "../types.ts";
import {
  COMMFAULT,
  hidBool,
  hidVar,
  LOWBATT,
  NOBATTERY,
  OVERHEAT,
  OVERLOAD,
  REPLACEBATT,
  SHUTDOWNIMM,
  TIMELIMITEXPIRED,
} from "./_hid2nut.ts";

/** NUT's openups_usb_device_table (openUPS Intelligent UPS, firmware 1.4 and later). */
const IDS = [
  { vendorId: 0x04d8, productId: 0xd004, vendor: "Mini-Box" },
  { vendorId: 0x04d8, productId: 0xd005, vendor: "Mini-Box" },
] as const;

/** What NUT multiplies the input/output voltages and the charge/discharge currents by. */
export interface OpenupsScales {
  /** input.voltage. */
  readonly vin: number;
  /** output.voltage. */
  readonly vout: number;
  /** input.current (charge current). */
  readonly ccharge: number;
  /** output.current (discharge current). */
  readonly cdischarge: number;
}

/** NUT's scales before it knows the product. */
const UNSCALED: OpenupsScales = { vin: 1, vout: 1, ccharge: 1, cdischarge: 1 };

/**
 * The scales NUT uses for a product (get_voltage_multiplier of openups-hid.c).
 * @param productId the product id
 * @returns the scales (1 for a product NUT does not list)
 */
export function openupsScales(productId: number): OpenupsScales {
  if (productId === 0xd004) {
    return { vin: 0.03545 * 100, vout: 0.02571 * 100, ccharge: 0.8274 / 10, cdischarge: 16.113 / 10 };
  }
  // 0xd005: NUT marks its current scales "unverified".
  if (productId === 0xd005) return { vin: 0.1, vout: 0.1, ccharge: 0.1, cdischarge: 0.1 };
  return UNSCALED;
}

/**
 * A scaled value printed with a format.
 * @param scale the multiplier
 * @param format the printf format
 * @returns the conversion
 */
function scaled(scale: number, format: string): Conversion {
  return decoded((raw: RawValue) => cFormat(format, Number(raw) * scale));
}

/** The thermistor readings (hundredths) at -40, -35, ... 125 C (therm_tbl of openups-hid.c). */
const THERMISTOR = [
  0x31,
  0x40,
  0x53,
  0x68,
  0x82,
  0xa0,
  0xc3,
  0xe9,
  0x113,
  0x13f,
  0x16e,
  0x19f,
  0x1cf,
  0x200,
  0x22f,
  0x25c,
  0x286,
  0x2ae,
  0x2d3,
  0x2f4,
  0x312,
  0x32d,
  0x345,
  0x35a,
  0x36d,
  0x37e,
  0x38c,
  0x399,
  0x3a5,
  0x3af,
  0x3b7,
  0x3bf,
  0x3c6,
  0x3cc,
];

/**
 * battery.temperature from the thermistor value: the table's end points outside it, a whole degree on a
 * table entry, else the straight line between the two entries around it.
 */
export const OPENUPS_TEMPERATURE: Conversion = decoded((raw) => {
  const reading = Math.max(0, Math.trunc(Number(raw) * 100));
  if (!Number.isFinite(reading)) return undefined;
  const last = THERMISTOR.length - 1;
  if (reading <= THERMISTOR[0]) return "-40";
  if (reading >= THERMISTOR[last]) return "125";
  let i = last;
  while (THERMISTOR[i] > reading) i--;
  const low = i * 5 - 40;
  if (reading === THERMISTOR[i]) return String(low);
  const fraction = (reading - THERMISTOR[i]) / (THERMISTOR[i + 1] - THERMISTOR[i]);
  return cFormat("%.2f", fraction * 5 + low);
});

/**
 * The openUPS tables with a product's scales.
 * @param scales the scales
 * @returns the subdriver
 */
function tables(scales: OpenupsScales): HidSubdriver {
  return {
    name: "openUPS HID",
    version: "0.50",
    usages: "openups",
    ids: IDS,
    match: (d: HidIdentity) => idsMatch(IDS, d),
    variables: [
      hidVar("ups.serial", "UPS.PowerSummary.iSerialNumber", stringIndex()),
      hidVar("battery.type", "UPS.PowerSummary.iDeviceChemistry", stringIndex(), { hu: "STATIC" }),
      hidVar("battery.mfr.date", "UPS.PowerSummary.iOEMInformation", stringIndex(), { hu: "STATIC" }),
      hidVar("battery.voltage", "UPS.PowerSummary.Voltage", "%.2f", { hu: "QUICK" }),
      hidVar("battery.current", "UPS.PowerSummary.Current", "%.3f", { hu: "QUICK" }),
      hidVar("battery.capacity", "UPS.PowerSummary.DesignCapacity", "%.0f", { hu: "STATIC" }),
      hidVar("battery.charge", "UPS.PowerSummary.RemainingCapacity", "%.0f", { hu: "QUICK" }),
      hidVar("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", "%.0f", { hu: "QUICK" }),
      hidVar("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", "%.0f"),
      hidVar("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", "%.0f", { hu: "QUICK" }),
      hidVar("battery.temperature", "UPS.PowerSummary.Temperature", OPENUPS_TEMPERATURE, { hu: "QUICK" }),
      hidVar("output.voltage", "UPS.PowerSummary.Output.Voltage", scaled(scales.vout, "%.2f"), {
        hu: "QUICK",
      }),
      hidVar("output.current", "UPS.PowerSummary.Output.Current", scaled(scales.cdischarge, "%.3f"), {
        hu: "QUICK",
      }),
      hidVar("input.voltage", "UPS.PowerSummary.Input.Voltage", scaled(scales.vin, "%.2f"), { hu: "QUICK" }),
      hidVar("input.current", "UPS.PowerSummary.Input.Current", scaled(scales.ccharge, "%.3f"), {
        hu: "QUICK",
      }),
    ],
    status: [
      ...hidBool("UPS.PowerSummary.PresentStatus.Good", [[0, "OFF"]]),
      ...hidBool("UPS.PowerSummary.PresentStatus.InternalFailure", COMMFAULT),
      ...hidBool("UPS.PowerSummary.PresentStatus.Overload", OVERLOAD),
      ...hidBool("UPS.PowerSummary.PresentStatus.OverTemperature", OVERHEAT),
      ...hidBool("UPS.PowerSummary.PresentStatus.ShutdownImminent", SHUTDOWNIMM),
      ...hidBool("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit", LOWBATT),
      ...hidBool("UPS.PowerSummary.PresentStatus.RemainingTimeLimitExpired", TIMELIMITEXPIRED),
      ...hidBool("UPS.PowerSummary.PresentStatus.Charging", [[nonZero, "CHRG"]]),
      ...hidBool("UPS.PowerSummary.PresentStatus.Discharging", [[nonZero, "DISCHRG"]]),
      ...hidBool("UPS.PowerSummary.PresentStatus.NeedReplacement", REPLACEBATT),
      ...hidBool("UPS.PowerSummary.PresentStatus.ACPresent", [[nonZero, "ONLINE"]]),
      ...hidBool("UPS.PowerSummary.PresentStatus.BatteryPresent", NOBATTERY),
    ],
    commands: [],
    // NUT's walk publishes ups.serial from iSerialNumber after the USB serial: it wins when present.
    stringPaths: ["UPS.PowerSummary.iSerialNumber"],
    formatMfr: (d) => d.manufacturer ?? "openUPS",
    formatModel: (d) => d.product,
    formatSerial: (d, strings) => strings?.("UPS.PowerSummary.iSerialNumber") ?? d.serial,
  };
}

/**
 * Whether a value is not zero (openups-hid.c's status functions).
 * @param v the value
 * @returns true when non-zero
 */
function nonZero(v: number): boolean {
  return v !== 0;
}

/** The openUPS tables as NUT has them before it knows the product (unscaled voltages and currents). */
export const openupsSubdriver: HidSubdriver = tables(UNSCALED);

/**
 * The openUPS tables for a device: the scales NUT sets when it claims its product.
 * @param d the device
 * @returns the subdriver
 */
export function openupsSubdriverFor(d: Pick<HidIdentity, "productId">): HidSubdriver {
  return tables(openupsScales(d.productId));
}
