/**
 * `nut scan --usb` (NUT's `nut-scanner -U`): every USB device a driver of the catalogue supports, found
 * by its ids in the catalogue (no device is opened), as a ups.conf section ready to paste, NUT's
 * parsable line, or JSON. The fields are nut-scanner's: driver, port "auto", vendorid and productid (4
 * upper-case hex digits), product, serial, vendor, bus; and, as newer NUT prints them, device and
 * busport.
 * @module
 */
import { type CatalogEntry, DRIVER_CATALOG, driversForUsb } from "../drivers/catalog.ts";
import type { UsbDeviceInfo, UsbHidBus } from "../transport/usb.ts";

/** One device found. */
export interface UsbScanResult {
  /** The driver for it. */
  driver: string;
  /** Always "auto" for USB. */
  port: "auto";
  /** 4 upper-case hex digits. */
  vendorid: string;
  /** 4 upper-case hex digits. */
  productid: string;
  /** iProduct, trimmed (absent: none). */
  product?: string;
  /** iSerialNumber, trimmed. */
  serial?: string;
  /** iManufacturer, trimmed. */
  vendor?: string;
  /** Bus number, 3 digits. */
  bus: string;
  /** Device address, 3 digits. */
  device: string;
  /** Port on the parent hub, 3 digits, when known. */
  busport?: string;
}

const trim = (s: string | undefined) => s?.replace(/^[ \t\n]+|[ \t\n]+$/g, "") || undefined;
const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, "0");
const num = (n: number) => String(n).padStart(3, "0");

/**
 * What a listed device is, for scan.
 * @param info the device
 * @param catalog the drivers (default: this binary's)
 * @returns the result, or undefined when no driver supports it
 */
export function scanDevice(
  info: UsbDeviceInfo,
  catalog: readonly CatalogEntry[] = DRIVER_CATALOG,
): UsbScanResult | undefined {
  const driver = driversForUsb(info.vendorId, info.productId, catalog)[0];
  if (!driver) return undefined;
  const r: UsbScanResult = {
    driver: driver.name,
    port: "auto",
    vendorid: hex(info.vendorId),
    productid: hex(info.productId),
    bus: num(info.bus),
    device: num(info.address),
  };
  const product = trim(info.product), serial = trim(info.serial), vendor = trim(info.manufacturer);
  if (product) r.product = product;
  if (serial) r.serial = serial;
  if (vendor) r.vendor = vendor;
  if (info.busPort !== undefined) r.busport = num(info.busPort);
  return r;
}

/**
 * Lists the supported devices of a bus.
 * @param bus the bus
 * @param catalog the drivers (default: this binary's)
 * @returns the devices found, in the bus's order
 */
export async function scanUsb(
  bus: UsbHidBus,
  catalog: readonly CatalogEntry[] = DRIVER_CATALOG,
): Promise<UsbScanResult[]> {
  const out: UsbScanResult[] = [];
  for (const info of await bus.list()) {
    const r = scanDevice(info, catalog);
    if (r) out.push(r);
  }
  return out;
}

const FIELDS = [
  "driver",
  "port",
  "vendorid",
  "productid",
  "product",
  "serial",
  "vendor",
  "bus",
  "device",
  "busport",
] as const;

/**
 * The results as ups.conf sections, as nut-scanner prints them (`[nutdevN]`, tab-indented, quoted).
 * @param results the devices
 * @param first the number of the first section (nut-scanner counts across buses)
 * @returns the text
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const r = { driver: "usbhid-ups", port: "auto" as const, vendorid: "051D", productid: "0002", bus: "001", device: "002" };
 * assertEquals(formatUpsConf([r]), '[nutdev1]\n\tdriver = "usbhid-ups"\n\tport = "auto"\n\tvendorid = "051D"\n\tproductid = "0002"\n\tbus = "001"\n\tdevice = "002"\n');
 * ```
 */
export function formatUpsConf(results: readonly UsbScanResult[], first = 1): string {
  return results.map((r, i) => {
    let s = `[nutdev${first + i}]\n`;
    for (const f of FIELDS) if (r[f] !== undefined) s += `\t${f} = "${r[f]!.replace(/["\\]/g, "\\$&")}"\n`;
    return s;
  }).join("");
}

/**
 * The results as nut-scanner's parsable lines (`-P`): `USB:driver="...",port="auto",...`.
 * @param results the devices
 * @returns one line each
 */
export function formatParsable(results: readonly UsbScanResult[]): string {
  return results.map((r) =>
    "USB:" + FIELDS.filter((f) => r[f] !== undefined).map((f) => `${f}="${r[f]}"`).join(",") + "\n"
  ).join("");
}
