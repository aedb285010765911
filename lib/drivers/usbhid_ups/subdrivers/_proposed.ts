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
import type { Conversion, ConversionContext, RawValue } from "../../../driver/mapping.ts";
import type { DeviceTweaks, HidIdentity, HidSubdriver } from "../types.ts";

export type { ConversionContext, DeviceTweaks };

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

/** A HID subdriver (the additions once proposed here are part of {@linkcode HidSubdriver} now). */
export type ProposedHidSubdriver = HidSubdriver;

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
