/**
 * The shape of usbhid-ups's vendor tables (NUT's `subdriver_t` and `hid_info_t` as data): a HID source is
 * a path as lib/hid writes it (`UPS.PowerSummary.RemainingCapacity`) and the report type it is read from;
 * a subdriver is the generic mapping tables of lib/driver/mapping.ts over such sources, plus what a HID
 * vendor needs besides: its usage names (and descriptor fix-ups), the USB ids it is known for, values the
 * device does not have but NUT publishes (NUT's HU_FLAG_ABSENT rows), and how the USB strings make
 * `ups.mfr`, `ups.model` and `ups.serial`.
 * @module
 */
import type { HidSubdriverName } from "../../hid/mod.ts";
import type { RawValue, RowFlag, Subdriver } from "../../driver/mapping.ts";
import type { DriverParams } from "../../driver/types.ts";
import type { UsbId } from "../catalog.ts";

/** Where a value is read: a HID path and its report type (default Feature). */
export interface HidSource {
  /** The path, as lib/hid writes it. */
  readonly path: string;
  /** The report type (default "Feature"). */
  readonly type?: "Feature" | "Input" | "Output";
}

/** What a subdriver is chosen by: the device's USB identity. */
export interface HidIdentity {
  /** idVendor. */
  readonly vendorId: number;
  /** idProduct. */
  readonly productId: number;
  /** bcdDevice. */
  readonly bcdDevice: number;
  /** iManufacturer, as the device says it (absent: none). */
  readonly manufacturer?: string;
  /** iProduct, as the device says it. */
  readonly product?: string;
  /** iSerialNumber, as the device says it. */
  readonly serial?: string;
}

/** A value NUT publishes though the device has no such data (NUT's HU_FLAG_ABSENT rows). */
export interface FixedRow {
  /** Published only when the device has this path (NUT's absent rows that name one). */
  readonly source?: HidSource;
  /** NUT's name, e.g. `ups.delay.shutdown`. */
  readonly name: string;
  /** Its value; `"$offdelay"`, `"$ondelay"` stand for the driver's options. */
  readonly value: string;
  /** RW / STRING. */
  readonly flags?: readonly RowFlag[];
  /** Longest text of a RW STRING value. */
  readonly maxLength?: number;
}

/** Settings NUT applies for some devices (its claim functions, and usbhid-ups.c for APC Back-UPS BX/BK). */
export interface DeviceTweaks {
  /** Ask every report with the largest length (NUT's `maxreport`). */
  readonly maxReport?: boolean;
  /** Do not use the interrupt pipe (NUT's `pollonly`). */
  readonly pollOnly?: boolean;
  /** The default of `lbrb_log_delay_sec`. */
  readonly lbrbLogDelaySec?: number;
  /** The HID interface to claim and read the report descriptor of (NUT's `usb_hid_rep_index`). */
  readonly hidReportIndex?: number;
  /** Reports never read (firmware that answers them wrongly). */
  readonly skipReportIds?: readonly number[];
}

/** A vendor alarm (`ups.alarm`) of a raw value (NUT's lookups that set an alarm text). */
export interface HidAlarmRow {
  /** Where the value is read. */
  readonly source: HidSource;
  /** NUT's alarm text, e.g. `Emergency stop!`. */
  readonly alarm: string;
  /**
   * Whether the value raises it.
   * @param raw the value read
   * @returns true when the alarm holds
   */
  readonly when: (raw: RawValue) => boolean;
}

/** What tables made for one device know of it at start-up (the driver's device; a test bed's). */
export interface HidDeviceView {
  /** Its USB identity. */
  readonly identity: HidIdentity;
  /**
   * Reads a source at start-up.
   * @param source the source
   * @returns the value, or undefined when the device has no such path (or no report for it)
   */
  read(source: HidSource): RawValue | undefined;
  /** Its string descriptors read so far, by index. */
  readonly strings?: ReadonlyMap<number, string>;
  /**
   * Whether its descriptor has a path (default: whether {@linkcode HidDeviceView.read} gives a value).
   * @param source the source
   * @returns true when it has it
   */
  has?(source: HidSource): boolean;
}

/** One vendor's usbhid-ups tables. */
export interface HidSubdriver extends Subdriver<HidSource, HidIdentity> {
  /** The usage names its paths are written with (and the key of its descriptor fix-ups). */
  readonly usages: HidSubdriverName;
  /** The USB devices it is known for (the catalogue's, scan's and its own match). */
  readonly ids: readonly UsbId[];
  /** Values the device has not, published with fixed values. */
  readonly fixed?: readonly FixedRow[];
  /** Paths whose values are string descriptor indexes that `formatMfr`/`formatModel`/`formatSerial` read. */
  readonly stringPaths?: readonly string[];
  /** Vendor alarms. */
  readonly alarms?: readonly HidAlarmRow[];
  /**
   * Variables set from the USB strings, beside ups.mfr/model/serial (APC's firmware).
   * @param d the device
   * @returns NUT name to value
   */
  usbValues?(d: HidIdentity): Readonly<Record<string, string>>;
  /**
   * Settings for a device.
   * @param d the device
   * @returns the tweaks (empty: none)
   */
  tweaks?(d: HidIdentity): DeviceTweaks;
  /**
   * Whether it takes a device it does not list when ups.conf gives `productid` (NUT's "possibly
   * supported": a known vendor, an unlisted product).
   * @param d the device
   * @returns true when it does
   */
  claimsWithProductId?(d: HidIdentity): boolean;
  /**
   * The tables for one device, from what its first reading shows (MGE's model family and ABM, openUPS's
   * scales) and the instance's options (PowerCOM's); absent: these tables for every device.
   * @param device the device
   * @param params the instance's options
   * @returns the tables to use
   */
  forDevice?(device: HidDeviceView, params: DriverParams): HidSubdriver;
  /** Options it changes the defaults of (NUT: CPS devices poll every 12 s, delays 60/120 s). */
  readonly defaults?: {
    readonly offdelay?: number;
    readonly ondelay?: number;
    readonly pollfreq?: number;
    /** Its devices' interrupt pipe is not used (NUT turns it off for them, as `pollonly` would). */
    readonly pollonly?: boolean;
  };
  /**
   * ups.mfr from the USB strings (default: the manufacturer string).
   * @param d the device
   * @param strings the string descriptor a path's value names, when the device has it
   * @returns the text, or undefined for none
   */
  formatMfr?(d: HidIdentity, strings?: (path: string) => string | undefined): string | undefined;
  /**
   * ups.model from the USB strings (default: the product string).
   * @param d the device
   * @param strings the string descriptor a path's value names, when the device has it
   * @returns the text, or undefined for none
   */
  formatModel?(d: HidIdentity, strings?: (path: string) => string | undefined): string | undefined;
  /**
   * ups.serial from the USB strings (default: the serial string).
   * @param d the device
   * @param strings the string descriptor a path's value names, when the device has it
   * @returns the text, or undefined for none
   */
  formatSerial?(d: HidIdentity, strings?: (path: string) => string | undefined): string | undefined;
}

/**
 * Shorthand for a Feature source.
 * @param path the HID path
 * @returns the source
 */
export function feature(path: string): HidSource {
  return { path };
}

/**
 * Shorthand for an Input source (values that come with interrupt reports).
 * @param path the HID path
 * @returns the source
 */
export function input(path: string): HidSource {
  return { path, type: "Input" };
}

/**
 * Whether a device's ids are listed.
 * @param ids the list
 * @param d the device
 * @returns true for a listed product, or a listed vendor without a product
 */
export function idsMatch(ids: readonly UsbId[], d: Pick<HidIdentity, "vendorId" | "productId">): boolean {
  return ids.some((u) =>
    u.vendorId === d.vendorId && (u.productId === undefined || u.productId === d.productId)
  );
}
