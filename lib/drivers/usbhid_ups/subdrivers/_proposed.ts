/**
 * What the apc, cps, tripplite, belkin, liebert and explore tables carry beyond types.ts and mapping.ts
 * (folder-private), as optional additions a driver can adopt one at a time; each is proposed for
 * types.ts / mapping.ts. A table written with them is still a plain {@linkcode HidSubdriver}: a driver that
 * ignores them behaves as described on each field.
 * - {@linkcode ConversionContext}: NUT's vendor conversions that look beyond the raw value (CyberPower's
 *   battery voltage against battery.voltage.nominal, Tripp Lite's scales by product id, Liebert's voltage
 *   multipliers) receive the device, the values published so far and a per-device memo as a second
 *   argument of `toNut`. Without it they give what NUT gives before it knows more (no rescaling).
 * - `usbValues`: variables NUT's format functions set from the USB strings (APC's ups.firmware).
 * - `tweaks`: per-device settings NUT's claim functions and its driver apply (pollonly for some products
 *   of a vendor, where `defaults.pollonly` is for all of them; maxreport, ...).
 * - `claimsWithProductId`: NUT's "possibly supported" rule (a known vendor, an unlisted product, taken only
 *   with the `productid` option).
 * @module
 */
import type { Conversion, RawValue } from "../../../driver/mapping.ts";
import type { HidIdentity, HidSubdriver } from "../types.ts";

/** What a conversion may consult besides its raw value (proposed second argument of `Conversion.toNut`). */
export interface ConversionContext {
  /** The device's USB ids. */
  readonly device: Pick<HidIdentity, "vendorId" | "productId">;
  /**
   * A variable as published so far.
   * @param name NUT's name
   * @returns its value, or undefined
   */
  get(name: string): string | undefined;
  /** Decisions kept for this device (one map per device and connection, owned by the driver). */
  readonly memo: Map<string, unknown>;
}

/** A `toNut` that may receive a context. */
export type ContextualToNut = (raw: RawValue, context?: ConversionContext) => string | undefined;

/**
 * A conversion whose text may depend on the context.
 * @param toNut raw (and context) to text
 * @returns the conversion (read-only)
 */
export function contextual(toNut: ContextualToNut): Conversion {
  return { toNut };
}

/** Settings NUT applies for some devices (its claim functions, and usbhid-ups.c for APC Back-UPS BX/BK). */
export interface DeviceTweaks {
  /** Ask every report with the largest length (NUT's `maxreport`). */
  readonly maxReport?: boolean;
  /** Do not use the interrupt pipe (NUT's `pollonly`). */
  readonly pollOnly?: boolean;
  /** The default of `lbrb_log_delay_sec`. */
  readonly lbrbLogDelaySec?: number;
  /** The HID interface whose report descriptor to read (NUT's `usb_hid_rep_index`). */
  readonly hidReportIndex?: number;
  /** Reports never read (firmware that answers them wrongly). */
  readonly skipReportIds?: readonly number[];
}

/** A HID subdriver with the additions of this module. */
export interface ProposedHidSubdriver extends HidSubdriver {
  /**
   * Variables set from the USB strings, beside ups.mfr/model/serial.
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
   * Whether the subdriver takes a device it does not list when ups.conf gives `productid`.
   * @param d the device
   * @returns true for a known vendor (less the products NUT rejects)
   */
  claimsWithProductId?(d: HidIdentity): boolean;
}

/**
 * Whether a device's ids are a product id of a vendor.
 * @param d the device
 * @param vendorId the vendor
 * @param productIds its products
 * @returns true when listed
 */
export function isProduct(
  d: Pick<HidIdentity, "vendorId" | "productId">,
  vendorId: number,
  productIds: readonly number[],
): boolean {
  return d.vendorId === vendorId && productIds.includes(d.productId);
}
