/**
 * The one catalogue of the drivers this binary provides: NUT program name, what it is, the transport
 * kind it reaches devices through, the USB ids `nut scan --usb` matches, and a loader. The framework
 * (lib/driver) imports no concrete driver: the commands (cmd/driver.ts, cmd/upsdrvctl.ts), the program
 * names (cmd/programs.ts, `make install` through tools/program_names.ts) and scan read this list.
 * Drivers load lazily, so that starting one never loads the others.
 * @module
 */
import type { DriverProgram } from "../driver/types.ts";
import type { TransportKind } from "../transport/mod.ts";
import { USBHID_UPS_IDS } from "./usbhid_ups/usb_ids.ts";

/** A USB device a driver supports: a vendor, or one product of it. */
export interface UsbId {
  /** idVendor. */
  readonly vendorId: number;
  /** idProduct; undefined: every product of the vendor. */
  readonly productId?: number;
  /** Who makes it, for scan's output (e.g. "APC"). */
  readonly vendor?: string;
}

/** One driver of the catalogue. */
export interface CatalogEntry {
  /** NUT program name, as in ups.conf `driver = ...`. */
  readonly name: string;
  /** One line on what it drives. */
  readonly description: string;
  /** How it reaches its devices (none: a simulation or a relay). */
  readonly transport?: TransportKind;
  /** The USB devices it supports (what `nut scan --usb` matches). */
  readonly usb?: readonly UsbId[];
  /**
   * Loads the program.
   * @returns the program
   */
  load(): Promise<DriverProgram>;
}

/** Every driver of this binary, by name. */
export const DRIVER_CATALOG: readonly CatalogEntry[] = Object.freeze([
  {
    name: "dummy-ups",
    description: "Device simulation and repeater driver",
    load: async () => (await import("./dummy_ups/mod.ts")).dummyUps,
  },
  {
    name: "usbhid-ups",
    description: "Generic HID driver",
    transport: "usb-hid",
    usb: USBHID_UPS_IDS,
    load: async () => (await import("./usbhid_ups/mod.ts")).usbhidUps,
  },
  {
    name: "genericups",
    description: "Generic contact-closure UPS driver",
    transport: "serial",
    load: async () => (await import("./genericups/mod.ts")).genericUps,
  },
]);

/**
 * The catalogue entry of a driver.
 * @param name e.g. `dummy-ups`
 * @returns the entry, or undefined when this binary has no such driver
 */
export function catalogEntry(name: string): CatalogEntry | undefined {
  return DRIVER_CATALOG.find((d) => d.name === name);
}

/**
 * The names of every driver of this binary.
 * @returns the names, in catalogue order
 */
export function driverNames(): string[] {
  return DRIVER_CATALOG.map((d) => d.name);
}

/**
 * Loads a driver program by name.
 * @param name e.g. `dummy-ups`
 * @returns the program, or undefined when this binary has no such driver
 */
export async function loadDriver(name: string): Promise<DriverProgram | undefined> {
  return await catalogEntry(name)?.load();
}

/**
 * The drivers that support a USB device.
 * @param vendorId idVendor
 * @param productId idProduct
 * @param catalog the catalogue (default: this binary's)
 * @returns their entries (a product listed by id before a whole vendor)
 */
export function driversForUsb(
  vendorId: number,
  productId: number,
  catalog: readonly CatalogEntry[] = DRIVER_CATALOG,
): CatalogEntry[] {
  const exact = catalog.filter((d) =>
    d.usb?.some((u) => u.vendorId === vendorId && u.productId === productId)
  );
  const vendor = catalog.filter((d) =>
    !exact.includes(d) && d.usb?.some((u) => u.vendorId === vendorId && u.productId === undefined)
  );
  return [...exact, ...vendor];
}
