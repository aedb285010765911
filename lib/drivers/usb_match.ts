/**
 * Which USB device a USB driver instance takes, from the options every NUT USB driver shares (ups.conf
 * `vendorid`, `productid`, `vendor`, `product`, `serial`, `bus`, `device`, `busport`), with NUT's rules:
 * each is an extended regular expression, case-insensitive, that must match the whole value (ids as 4
 * lowercase hex digits, bus/device/port numbers as 3 digits, strings without surrounding blanks; a
 * string the device does not have is empty); an option not given matches everything.
 * @module
 */
import type { DriverParams, DriverVarSpec } from "../driver/types.ts";
import type { UsbDeviceInfo } from "../transport/usb.ts";

/** The matching options, in NUT's order, with the help text `-h` prints. */
export const USB_MATCH_VARS: readonly DriverVarSpec[] = Object.freeze([
  { kind: "VALUE", name: "vendor", description: "Regular expression to match UPS Manufacturer string" },
  { kind: "VALUE", name: "product", description: "Regular expression to match UPS Product string" },
  { kind: "VALUE", name: "serial", description: "Regular expression to match UPS Serial number" },
  {
    kind: "VALUE",
    name: "vendorid",
    description: "Regular expression to match UPS Manufacturer numerical ID (4 digits hexadecimal)",
  },
  {
    kind: "VALUE",
    name: "productid",
    description: "Regular expression to match UPS Product numerical ID (4 digits hexadecimal)",
  },
  { kind: "VALUE", name: "bus", description: "Regular expression to match USB bus name" },
  { kind: "VALUE", name: "device", description: "Regular expression to match USB device name" },
  { kind: "VALUE", name: "busport", description: "Regular expression to match USB bus port name" },
  {
    kind: "FLAG",
    name: "allow_duplicates",
    description:
      "If you have several UPS devices which may not be uniquely identified by options above, allow each driver instance with this option to take the first match if available, or try another (association of driver to device may vary between runs)",
  },
]);

/** An option whose value is not a regular expression. */
export class UsbMatchError extends Error {
  /**
   * @param option the option
   * @param message why
   */
  constructor(readonly option: string, message: string) {
    super(message);
    this.name = "UsbMatchError";
  }
}

/** The fields a device is matched on, as NUT writes them. */
export interface UsbMatchFields {
  /** 4 lowercase hex digits. */
  vendorid: string;
  /** 4 lowercase hex digits. */
  productid: string;
  /** iManufacturer, trimmed ("" when absent). */
  vendor: string;
  /** iProduct, trimmed. */
  product: string;
  /** iSerialNumber, trimmed. */
  serial: string;
  /** Bus number, 3 digits. */
  bus: string;
  /** Device address, 3 digits. */
  device: string;
  /** Port number on the parent hub, 3 digits ("" when unknown). */
  busport: string;
}

const FIELDS = ["vendorid", "productid", "vendor", "product", "serial", "bus", "device", "busport"] as const;

/**
 * The fields of a device as NUT matches them.
 * @param info the device
 * @returns its fields
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const f = usbMatchFields({ vendorId: 0x51d, productId: 2, bcdDevice: 0x106, bus: 1, address: 3, busPort: 2, product: " Back-UPS CS 500 " });
 * assertEquals([f.vendorid, f.productid, f.product, f.serial, f.bus, f.device, f.busport], ["051d", "0002", "Back-UPS CS 500", "", "001", "003", "002"]);
 * ```
 */
export function usbMatchFields(info: UsbDeviceInfo): UsbMatchFields {
  const hex = (n: number) => n.toString(16).padStart(4, "0");
  const num = (n: number) => String(n).padStart(3, "0");
  const text = (s: string | undefined) => (s ?? "").replace(/^[ \t\n]+|[ \t\n]+$/g, "");
  return {
    vendorid: hex(info.vendorId),
    productid: hex(info.productId),
    vendor: text(info.manufacturer),
    product: text(info.product),
    serial: text(info.serial),
    bus: num(info.bus),
    device: num(info.address),
    busport: info.busPort === undefined ? "" : num(info.busPort),
  };
}

/** POSIX bracket classes, as JavaScript writes them inside brackets. */
const CLASSES: Record<string, string> = {
  alpha: "a-zA-Z",
  digit: "0-9",
  alnum: "a-zA-Z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  xdigit: "0-9A-Fa-f",
  cntrl: "\\x00-\\x1f\\x7f",
  print: "\\x20-\\x7e",
  graph: "\\x21-\\x7e",
};

/**
 * Compiles a POSIX extended regular expression for whole-value, case-insensitive matching.
 * @param option the option it comes from (for the error)
 * @param source the expression
 * @returns the RegExp
 * @throws {UsbMatchError} naming the option when it is not a valid expression
 */
export function compileEre(option: string, source: string): RegExp {
  const translated = source.replace(/\[:([a-z]+):\]/g, (m, name: string) => CLASSES[name] ?? m);
  try {
    return new RegExp(`^(?:${translated})$`, "i");
  } catch (e) {
    throw new UsbMatchError(
      option,
      `${option}: not a regular expression: "${source}" (${(e as Error).message})`,
    );
  }
}

/** The options of one instance, compiled. */
export class UsbMatcher {
  #rules: [typeof FIELDS[number], RegExp][] = [];
  /** ups.conf `allow_duplicates`. */
  readonly allowDuplicates: boolean;

  /**
   * @param params the instance's options
   * @throws {UsbMatchError} naming the first option that is not a valid expression
   */
  constructor(params: DriverParams) {
    for (const f of FIELDS) {
      const v = params.get(f);
      if (v !== undefined) this.#rules.push([f, compileEre(f, v)]);
    }
    this.allowDuplicates = params.has("allow_duplicates");
  }

  /** Whether any matching option was given. */
  get constrained(): boolean {
    return this.#rules.length > 0;
  }

  /**
   * Whether a device is the one configured.
   * @param info the device
   * @returns true when every option given matches
   */
  matches(info: UsbDeviceInfo): boolean {
    const fields = usbMatchFields(info);
    return this.#rules.every(([f, re]) => re.test(fields[f]));
  }

  /**
   * The first option a device fails (for the debug log).
   * @param info the device
   * @returns the option and the device's value, or undefined when it matches
   */
  mismatch(info: UsbDeviceInfo): { option: string; value: string } | undefined {
    const fields = usbMatchFields(info);
    const bad = this.#rules.find(([f, re]) => !re.test(fields[f]));
    return bad ? { option: bad[0], value: fields[bad[0]] } : undefined;
  }
}
