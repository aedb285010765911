/**
 * libusb-1.0 through Deno FFI, as the {@linkcode UsbHidBus} and {@linkcode UsbHidDevice} of
 * lib/transport/usb.ts. Loaded on first use (the bus is cheap to construct: `upsc` never loads libusb).
 *
 * **No call blocks the event loop** (drivers share one process under upsdrvctl): every libusb function
 * that can wait (device I/O, a kernel ioctl that may sleep, libusb's event lock, enumeration, its threads)
 * is declared `nonblocking`, so Deno runs it on a worker thread and returns a promise; the others only
 * read memory libusb already holds. ffi/libusb_test.ts enforces that classification on
 * {@linkcode LIBUSB_SYMBOLS}. libusb's synchronous transfers take an explicit timeout (never libusb's 0,
 * "no limit"), so a worker is never held longer than asked. Transfers on endpoint 0 are made one at a
 * time per device; the interrupt pipe runs beside them. Measured under umockdev (tests/rigs/): the worker
 * hop costs 15-35 us per call (a synchronous call 0.1-0.3 us), within the noise of a GET_REPORT (700-1000
 * us there, 220-290 us of CPU, either way); a synchronous interrupt read timing out after 400 ms froze a
 * 5 ms timer for all of it (1 tick), the nonblocking one of 300 ms let it tick 55 times. libusb's asynchronous API would need
 * a C callback per transfer, run on the thread handling libusb's events, which Deno hands to the JS thread
 * while that thread waits (below): no gain over a worker per transfer, and the locking hazards.
 *
 * **No hotplug callbacks**: they work (under umockdev, with a worker parked in
 * libusb_handle_events_timeout(), the callback saw the unplug and the replug), but libusb calls them on
 * whichever thread handles its events, holding its hotplug lock, and a Deno callback called from a
 * foreign thread holds that thread until the JS thread has run it (it returns an int to libusb): a
 * synchronous libusb call from JS that needs the same lock deadlocks the process, a worker thread has to
 * sit in libusb's event loop for ever, and the callback must be deregistered (waiting on a worker) before
 * it may be freed. {@linkcode LibusbHidBus.list} is cheap instead (libusb's own list, which its udev
 * monitor keeps current, and the strings from sysfs: about 30 us for one device) and is what a reconnect
 * loop polls.
 *
 * Every libusb error code maps once to a {@linkcode TransportErrorKind} ({@linkcode LIBUSB_ERRORS}),
 * with a message naming the call and the device (`051d:0002 at bus 001 address 003`).
 *
 * Linux, LP64 (x86_64, aarch64): the struct offsets below are those of libusb.h there.
 * @module
 */
import { LazyLibrary, PointerOut } from "./dl.ts";
import { TransportError, type TransportErrorKind } from "../lib/transport/error.ts";
import type {
  HidReportType,
  UsbDeviceInfo,
  UsbHidBus,
  UsbHidDevice,
  UsbOpenOptions,
} from "../lib/transport/usb.ts";

/**
 * The libusb functions used, each with its C signature. `nonblocking: true` marks those that can wait;
 * ffi/libusb_test.ts fails when a function is added without being classified.
 */
export const LIBUSB_SYMBOLS = {
  // Wait-capable: run on a worker thread.
  /** int libusb_init(libusb_context **ctx): enumerates the buses, starts the udev monitor thread */
  libusb_init: { parameters: ["buffer"], result: "i32", nonblocking: true },
  /** void libusb_exit(libusb_context *ctx): joins libusb's threads */
  libusb_exit: { parameters: ["pointer"], result: "void", nonblocking: true },
  /** ssize_t libusb_get_device_list(libusb_context *ctx, libusb_device ***list): may rescan sysfs */
  libusb_get_device_list: { parameters: ["pointer", "buffer"], result: "isize", nonblocking: true },
  /** int libusb_open(libusb_device *dev, libusb_device_handle **handle) */
  libusb_open: { parameters: ["pointer", "buffer"], result: "i32", nonblocking: true },
  /** void libusb_close(libusb_device_handle *handle): takes libusb's event lock */
  libusb_close: { parameters: ["pointer"], result: "void", nonblocking: true },
  /** int libusb_kernel_driver_active(libusb_device_handle *handle, int interface_number) */
  libusb_kernel_driver_active: { parameters: ["pointer", "i32"], result: "i32", nonblocking: true },
  /** int libusb_detach_kernel_driver(libusb_device_handle *handle, int interface_number) */
  libusb_detach_kernel_driver: { parameters: ["pointer", "i32"], result: "i32", nonblocking: true },
  /** int libusb_claim_interface(libusb_device_handle *handle, int interface_number) */
  libusb_claim_interface: { parameters: ["pointer", "i32"], result: "i32", nonblocking: true },
  /** int libusb_release_interface(libusb_device_handle *handle, int interface_number): cancels URBs */
  libusb_release_interface: { parameters: ["pointer", "i32"], result: "i32", nonblocking: true },
  /**
   * int libusb_control_transfer(libusb_device_handle *handle, uint8_t bmRequestType, uint8_t bRequest,
   * uint16_t wValue, uint16_t wIndex, unsigned char *data, uint16_t wLength, unsigned int timeout)
   */
  libusb_control_transfer: {
    parameters: ["pointer", "u8", "u8", "u16", "u16", "buffer", "u16", "u32"],
    result: "i32",
    nonblocking: true,
  },
  /**
   * int libusb_interrupt_transfer(libusb_device_handle *handle, unsigned char endpoint,
   * unsigned char *data, int length, int *transferred, unsigned int timeout)
   */
  libusb_interrupt_transfer: {
    parameters: ["pointer", "u8", "buffer", "i32", "buffer", "u32"],
    result: "i32",
    nonblocking: true,
  },
  /** int libusb_reset_device(libusb_device_handle *handle): re-enumerates the device */
  libusb_reset_device: { parameters: ["pointer"], result: "i32", nonblocking: true },

  // Instant: read what libusb holds in memory (descriptors are cached at enumeration).
  /** void libusb_free_device_list(libusb_device **list, int unref_devices) */
  libusb_free_device_list: { parameters: ["pointer", "i32"], result: "void" },
  /** int libusb_get_device_descriptor(libusb_device *dev, struct libusb_device_descriptor *desc) */
  libusb_get_device_descriptor: { parameters: ["pointer", "buffer"], result: "i32" },
  /**
   * int libusb_get_config_descriptor(libusb_device *dev, uint8_t config_index,
   * struct libusb_config_descriptor **config)
   */
  libusb_get_config_descriptor: { parameters: ["pointer", "u8", "buffer"], result: "i32" },
  /** void libusb_free_config_descriptor(struct libusb_config_descriptor *config) */
  libusb_free_config_descriptor: { parameters: ["pointer"], result: "void" },
  /** uint8_t libusb_get_bus_number(libusb_device *dev) */
  libusb_get_bus_number: { parameters: ["pointer"], result: "u8" },
  /** uint8_t libusb_get_device_address(libusb_device *dev) */
  libusb_get_device_address: { parameters: ["pointer"], result: "u8" },
  /** int libusb_get_port_numbers(libusb_device *dev, uint8_t *port_numbers, int port_numbers_len) */
  libusb_get_port_numbers: { parameters: ["pointer", "buffer", "i32"], result: "i32" },
  /** int libusb_has_capability(uint32_t capability) */
  libusb_has_capability: { parameters: ["u32"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

type Symbols = Deno.DynamicLibrary<typeof LIBUSB_SYMBOLS>["symbols"];

/** File names tried for libusb-1.0, in order. */
export const LIBUSB_NAMES: readonly string[] = Object.freeze(
  Deno.build.os === "darwin"
    ? ["libusb-1.0.0.dylib", "libusb-1.0.dylib"]
    : ["libusb-1.0.so.0", "libusb-1.0.so"],
);

// ---------------------------------------------------------------------------------------------------
// Errors

/** One libusb error code: its name, libusb's text, and the transport kind it means. */
export interface LibusbErrorInfo {
  /** The `LIBUSB_ERROR_*` name. */
  readonly name: string;
  /** What it means, for people. */
  readonly text: string;
  /** The kind the framework acts on. */
  readonly kind: TransportErrorKind;
}

/** Every error code of libusb 1.0 (`enum libusb_error`), mapped once. */
export const LIBUSB_ERRORS: Readonly<Record<number, LibusbErrorInfo>> = Object.freeze({
  [-1]: { name: "LIBUSB_ERROR_IO", text: "input/output error", kind: "IO" },
  [-2]: { name: "LIBUSB_ERROR_INVALID_PARAM", text: "invalid parameter", kind: "IO" },
  [-3]: {
    name: "LIBUSB_ERROR_ACCESS",
    text: "access denied (insufficient permissions)",
    kind: "ACCESS_DENIED",
  },
  [-4]: {
    name: "LIBUSB_ERROR_NO_DEVICE",
    text: "no such device (it may have been disconnected)",
    kind: "DISCONNECTED",
  },
  [-5]: { name: "LIBUSB_ERROR_NOT_FOUND", text: "entity not found", kind: "NOT_FOUND" },
  [-6]: { name: "LIBUSB_ERROR_BUSY", text: "resource busy", kind: "BUSY" },
  [-7]: { name: "LIBUSB_ERROR_TIMEOUT", text: "operation timed out", kind: "TIMEOUT" },
  [-8]: { name: "LIBUSB_ERROR_OVERFLOW", text: "overflow", kind: "IO" },
  [-9]: { name: "LIBUSB_ERROR_PIPE", text: "pipe error (the device stalled the request)", kind: "IO" },
  [-10]: { name: "LIBUSB_ERROR_INTERRUPTED", text: "system call interrupted", kind: "IO" },
  [-11]: { name: "LIBUSB_ERROR_NO_MEM", text: "insufficient memory", kind: "IO" },
  [-12]: { name: "LIBUSB_ERROR_NOT_SUPPORTED", text: "operation not supported on this platform", kind: "IO" },
  [-99]: { name: "LIBUSB_ERROR_OTHER", text: "other error", kind: "IO" },
});

/** The libusb code behind a {@linkcode TransportError} (its `cause`). */
export interface LibusbErrorCause {
  /** The negative libusb return value. */
  readonly code: number;
  /** Its `LIBUSB_ERROR_*` name. */
  readonly name: string;
}

/**
 * What a libusb error code means.
 * @param code a negative libusb return value
 * @returns its name, text and kind (an unknown code is `IO`)
 */
export function libusbErrorInfo(code: number): LibusbErrorInfo {
  return LIBUSB_ERRORS[code] ?? { name: `LIBUSB_ERROR_${code}`, text: `libusb error ${code}`, kind: "IO" };
}

/**
 * The {@linkcode TransportError} for a failed libusb call.
 * @param code the negative return value
 * @param call the libusb function and what it was doing (`libusb_claim_interface(0)`)
 * @param device the device, as {@linkcode describeUsbDevice} names it
 * @returns the error, with `{ code, name }` as its cause
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * import { libusbError } from "./libusb.ts";
 * const e = libusbError(-4, "libusb_control_transfer(GET_REPORT feature 0x0c)", "051d:0002 at bus 001 address 003");
 * assertEquals(e.kind, "DISCONNECTED");
 * assertEquals(
 *   e.message,
 *   "libusb_control_transfer(GET_REPORT feature 0x0c) failed on USB device 051d:0002 at bus 001 address 003: " +
 *     "no such device (it may have been disconnected) (LIBUSB_ERROR_NO_DEVICE)",
 * );
 * ```
 */
export function libusbError(code: number, call: string, device: string): TransportError {
  const info = libusbErrorInfo(code);
  const cause: LibusbErrorCause = { code, name: info.name };
  return new TransportError(
    info.kind,
    `${call} failed on USB device ${device}: ${info.text} (${info.name})`,
    { cause },
  );
}

const hex2 = (n: number) => n.toString(16).padStart(2, "0");
const hex4 = (n: number) => n.toString(16).padStart(4, "0");
const dec3 = (n: number) => String(n).padStart(3, "0");

/**
 * How messages name a device: ids, bus and address as lsusb shows them.
 * @param info the device
 * @returns e.g. `051d:0002 at bus 001 address 003`
 */
export function describeUsbDevice(
  info: Pick<UsbDeviceInfo, "vendorId" | "productId" | "bus" | "address">,
): string {
  return `${hex4(info.vendorId)}:${hex4(info.productId)} at bus ${dec3(info.bus)} address ${
    dec3(info.address)
  }`;
}

// ---------------------------------------------------------------------------------------------------
// Requests and descriptors (pure)

/** A control transfer's setup packet, as libusb_control_transfer() takes it. */
export interface ControlSetup {
  /** Direction (0x80 = IN), type (0x20 = class) and recipient (1 = interface). */
  readonly bmRequestType: number;
  /** The request (6 = GET_DESCRIPTOR, HID: 1 = GET_REPORT, 9 = SET_REPORT). */
  readonly bRequest: number;
  /** Request-specific (report type and id, descriptor type and index). */
  readonly wValue: number;
  /** The interface number, or the language id of a string descriptor. */
  readonly wIndex: number;
  /** Bytes of the data stage. */
  readonly wLength: number;
}

const REPORT_TYPE: Record<HidReportType, number> = { input: 1, output: 2, feature: 3 };
const USB_DT_STRING = 0x03;
const HID_DT_HID = 0x21;
const HID_DT_REPORT = 0x22;

/**
 * HID GET_REPORT (class request to the interface, device to host).
 * @param type report type
 * @param reportId 0 when the device uses none
 * @param iface the interface number
 * @param length bytes asked for
 * @returns the setup packet
 */
export function getReportSetup(
  type: HidReportType,
  reportId: number,
  iface: number,
  length: number,
): ControlSetup {
  return {
    bmRequestType: 0xa1,
    bRequest: 0x01,
    wValue: (REPORT_TYPE[type] << 8) | reportId,
    wIndex: iface,
    wLength: length,
  };
}

/**
 * HID SET_REPORT (class request to the interface, host to device).
 * @param type report type
 * @param reportId 0 when the device uses none
 * @param iface the interface number
 * @param length bytes sent
 * @returns the setup packet
 */
export function setReportSetup(
  type: HidReportType,
  reportId: number,
  iface: number,
  length: number,
): ControlSetup {
  return {
    bmRequestType: 0x21,
    bRequest: 0x09,
    wValue: (REPORT_TYPE[type] << 8) | reportId,
    wIndex: iface,
    wLength: length,
  };
}

/**
 * GET_DESCRIPTOR of a HID class descriptor (0x21 HID, 0x22 report) from the interface.
 * @param descriptorType 0x21 or 0x22
 * @param iface the interface number
 * @param length bytes asked for
 * @returns the setup packet
 */
export function hidDescriptorSetup(descriptorType: number, iface: number, length: number): ControlSetup {
  return { bmRequestType: 0x81, bRequest: 0x06, wValue: descriptorType << 8, wIndex: iface, wLength: length };
}

/**
 * GET_DESCRIPTOR of a string descriptor from the device.
 * @param index the string's index (0: the list of language ids)
 * @param langId the language (0 for index 0)
 * @returns the setup packet (255 bytes, the most a string descriptor holds)
 */
export function stringDescriptorSetup(index: number, langId: number): ControlSetup {
  return {
    bmRequestType: 0x80,
    bRequest: 0x06,
    wValue: (USB_DT_STRING << 8) | index,
    wIndex: langId,
    wLength: 255,
  };
}

/**
 * The 8 bytes of a setup packet on the wire (little endian), as USB traces and emulators show them.
 * @param s the setup packet
 * @returns its bytes
 */
export function encodeSetup(s: ControlSetup): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint8(0, s.bmRequestType);
  v.setUint8(1, s.bRequest);
  v.setUint16(2, s.wValue, true);
  v.setUint16(4, s.wIndex, true);
  v.setUint16(6, s.wLength, true);
  return b;
}

/**
 * How messages name a request: `GET_REPORT feature 0x0c`, `SET_REPORT output 0x01`,
 * `GET_DESCRIPTOR report`, `GET_DESCRIPTOR string 3`, or the raw setup bytes.
 * @param s the setup packet
 * @returns the name
 */
export function describeSetup(s: ControlSetup): string {
  const type = (["?", "input", "output", "feature"] as const)[s.wValue >> 8] ?? `type ${s.wValue >> 8}`;
  if (s.bmRequestType === 0xa1 && s.bRequest === 1) return `GET_REPORT ${type} 0x${hex2(s.wValue & 0xff)}`;
  if (s.bmRequestType === 0x21 && s.bRequest === 9) return `SET_REPORT ${type} 0x${hex2(s.wValue & 0xff)}`;
  if (s.bRequest === 6 && s.bmRequestType === 0x81 && s.wValue >> 8 === HID_DT_REPORT) {
    return "GET_DESCRIPTOR report";
  }
  if (s.bRequest === 6 && s.bmRequestType === 0x81 && s.wValue >> 8 === HID_DT_HID) {
    return "GET_DESCRIPTOR HID";
  }
  if (s.bRequest === 6 && s.bmRequestType === 0x80 && s.wValue >> 8 === USB_DT_STRING) {
    return `GET_DESCRIPTOR string ${s.wValue & 0xff}`;
  }
  return `control ${[...encodeSetup(s)].map(hex2).join(" ")}`;
}

/** `struct libusb_device_descriptor`, the fields this module uses. */
export interface DeviceDescriptor {
  /** bDeviceClass (9 = hub). */
  readonly deviceClass: number;
  /** idVendor. */
  readonly vendorId: number;
  /** idProduct. */
  readonly productId: number;
  /** bcdDevice. */
  readonly bcdDevice: number;
  /** iManufacturer. */
  readonly iManufacturer: number;
  /** iProduct. */
  readonly iProduct: number;
  /** iSerialNumber. */
  readonly iSerialNumber: number;
}

/**
 * Reads `struct libusb_device_descriptor` as libusb_get_device_descriptor() fills it (18 bytes, host
 * order: little endian here; the same layout as the USB descriptor).
 * @param b the 18 bytes
 * @returns the fields
 */
export function decodeDeviceDescriptor(b: Uint8Array): DeviceDescriptor {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    deviceClass: v.getUint8(4),
    vendorId: v.getUint16(8, true),
    productId: v.getUint16(10, true),
    bcdDevice: v.getUint16(12, true),
    iManufacturer: v.getUint8(14),
    iProduct: v.getUint8(15),
    iSerialNumber: v.getUint8(16),
  };
}

/** The HID class descriptor (HID 1.11, 6.2.1), the fields this module uses. */
export interface HidDescriptor {
  /** bcdHID. */
  readonly bcdHid: number;
  /** bCountryCode. */
  readonly countryCode: number;
  /** wDescriptorLength of the report descriptor (0 when it lists none). */
  readonly reportDescriptorLength: number;
}

/**
 * Finds the HID descriptor among class-specific descriptors (an interface's `extra` bytes) and reads the
 * length of its report descriptor.
 * @param extra descriptors, each `bLength bDescriptorType ...`
 * @returns the HID descriptor, or undefined when there is none
 */
export function decodeHidDescriptor(extra: Uint8Array): HidDescriptor | undefined {
  for (let at = 0; at + 2 <= extra.length;) {
    const len = extra[at];
    if (len < 2 || at + len > extra.length) return undefined;
    if (extra[at + 1] === HID_DT_HID && len >= 6) {
      const d = extra.subarray(at, at + len);
      let reportDescriptorLength = 0;
      for (let i = 0, n = d[5]; i < n && 6 + 3 * i + 3 <= len; i++) {
        if (d[6 + 3 * i] === HID_DT_REPORT) {
          reportDescriptorLength = d[7 + 3 * i] | (d[8 + 3 * i] << 8);
          break;
        }
      }
      return { bcdHid: d[2] | (d[3] << 8), countryCode: d[4], reportDescriptorLength };
    }
    at += len;
  }
  return undefined;
}

/**
 * Reads a string descriptor: `bLength 0x03 UTF-16LE...`.
 * @param b what the device answered
 * @returns the text, or undefined when it is not a string descriptor
 */
export function decodeStringDescriptor(b: Uint8Array): string | undefined {
  if (b.length < 2 || b[1] !== USB_DT_STRING) return undefined;
  const end = Math.min(b[0], b.length) & ~1;
  let s = "";
  for (let i = 2; i + 1 < end; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8));
  return s;
}

/**
 * The language ids a device lists in string descriptor 0.
 * @param b what the device answered
 * @returns the ids (empty when the answer is not a string descriptor)
 */
export function decodeLangIds(b: Uint8Array): number[] {
  if (b.length < 2 || b[1] !== USB_DT_STRING) return [];
  const out: number[] = [];
  for (let i = 2; i + 1 < Math.min(b[0], b.length); i += 2) out.push(b[i] | (b[i + 1] << 8));
  return out;
}

/** An endpoint of an interface. */
export interface UsbEndpoint {
  /** bEndpointAddress (0x80 set: IN). */
  readonly address: number;
  /** bmAttributes (low 2 bits: 3 = interrupt). */
  readonly attributes: number;
  /** wMaxPacketSize. */
  readonly maxPacketSize: number;
  /** bInterval. */
  readonly interval: number;
  /** Class-specific descriptors that follow it. */
  readonly extra: Uint8Array;
}

/** An interface (first alternate setting) of configuration 0. */
export interface UsbInterface {
  /** bInterfaceNumber. */
  readonly number: number;
  /** bInterfaceClass (3 = HID). */
  readonly interfaceClass: number;
  /** bInterfaceSubClass. */
  readonly subClass: number;
  /** bInterfaceProtocol. */
  readonly protocol: number;
  /** Its endpoints. */
  readonly endpoints: readonly UsbEndpoint[];
  /** Class-specific descriptors that follow it (the HID descriptor). */
  readonly extra: Uint8Array;
}

/** Where the HID interface of a device is, as {@linkcode findHidInterface} finds it. */
export interface HidInterfacePlan {
  /** The interface number to claim. */
  readonly interfaceNumber: number;
  /** The interrupt IN endpoint, when there is one. */
  readonly interruptIn?: UsbEndpoint;
  /** The report descriptor's length from the HID descriptor (undefined: ask the device). */
  readonly reportDescriptorLength?: number;
}

/**
 * Picks the HID interface of a configuration: the first interface of class 3, its first interrupt IN
 * endpoint, and the report descriptor's length from the HID descriptor after it (or after an endpoint,
 * where some firmware puts it).
 * @param interfaces the interfaces of configuration 0
 * @returns the plan, or undefined when no interface is HID
 */
export function findHidInterface(
  interfaces: readonly UsbInterface[],
  interfaceNumber?: number,
): HidInterfacePlan | undefined {
  const i = interfaces.find((x) =>
    x.interfaceClass === 3 && (interfaceNumber === undefined || x.number === interfaceNumber)
  );
  if (!i) return undefined;
  const interruptIn = i.endpoints.find((e) => (e.address & 0x80) !== 0 && (e.attributes & 3) === 3);
  const hid = decodeHidDescriptor(i.extra) ??
    i.endpoints.map((e) => decodeHidDescriptor(e.extra)).find((d) => d !== undefined);
  const length = hid?.reportDescriptorLength;
  return { interfaceNumber: i.number, interruptIn, reportDescriptorLength: length ? length : undefined };
}

/**
 * The sysfs name of a device (`/sys/bus/usb/devices/<name>`): its bus and port path, "1-1.4".
 * @param bus the bus number
 * @param ports libusb_get_port_numbers(), from the root hub
 * @returns the name, or undefined for a root hub (no ports)
 */
export function sysfsName(bus: number, ports: readonly number[]): string | undefined {
  return ports.length ? `${bus}-${ports.join(".")}` : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Memory layouts (libusb.h, LP64)

const CONFIG = { interface: 16, bNumInterfaces: 4 };
const INTERFACE = { size: 16, altsetting: 0, numAltsetting: 8 };
const ALTSETTING = {
  bInterfaceNumber: 2,
  bNumEndpoints: 4,
  bInterfaceClass: 5,
  endpoint: 16,
  extra: 24,
  extraLength: 32,
};
const ENDPOINT = {
  size: 32,
  bEndpointAddress: 2,
  bmAttributes: 3,
  wMaxPacketSize: 4,
  bInterval: 6,
  extra: 16,
  extraLength: 24,
};
const LIBUSB_CAP_HAS_HOTPLUG = 0x0001;
const LIBUSB_ERROR_PIPE = -9;
const LIBUSB_ERROR_TIMEOUT = -7;
const LIBUSB_ERROR_NOT_SUPPORTED = -12;
/** Longest timeout passed to libusb: a worker thread is held no longer. */
const MAX_TIMEOUT_MS = 60_000;
/** Report descriptor bytes asked for when the HID descriptor does not say. */
const REPORT_DESCRIPTOR_FALLBACK = 4096;

function extraBytes(p: Deno.PointerValue, length: number): Uint8Array {
  if (!p || length <= 0) return new Uint8Array(0);
  return new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(p, length).slice(0));
}

/** Copies configuration `config` (a `struct libusb_config_descriptor *`) into plain data. */
function readInterfaces(config: Deno.PointerObject): UsbInterface[] {
  const c = new Deno.UnsafePointerView(config);
  const n = c.getUint8(CONFIG.bNumInterfaces);
  const ifaces = c.getPointer(CONFIG.interface);
  const out: UsbInterface[] = [];
  if (!ifaces) return out;
  const iv = new Deno.UnsafePointerView(ifaces);
  for (let i = 0; i < n; i++) {
    if (iv.getInt32(i * INTERFACE.size + INTERFACE.numAltsetting) < 1) continue;
    const alt = iv.getPointer(i * INTERFACE.size + INTERFACE.altsetting);
    if (!alt) continue;
    const a = new Deno.UnsafePointerView(alt);
    const endpoints: UsbEndpoint[] = [];
    const eps = a.getPointer(ALTSETTING.endpoint);
    if (eps) {
      const e = new Deno.UnsafePointerView(eps);
      for (let k = 0; k < a.getUint8(ALTSETTING.bNumEndpoints); k++) {
        const at = k * ENDPOINT.size;
        endpoints.push({
          address: e.getUint8(at + ENDPOINT.bEndpointAddress),
          attributes: e.getUint8(at + ENDPOINT.bmAttributes),
          maxPacketSize: e.getUint16(at + ENDPOINT.wMaxPacketSize),
          interval: e.getUint8(at + ENDPOINT.bInterval),
          extra: extraBytes(e.getPointer(at + ENDPOINT.extra), e.getInt32(at + ENDPOINT.extraLength)),
        });
      }
    }
    out.push({
      number: a.getUint8(ALTSETTING.bInterfaceNumber),
      interfaceClass: a.getUint8(ALTSETTING.bInterfaceClass),
      subClass: a.getUint8(ALTSETTING.bInterfaceClass + 1),
      protocol: a.getUint8(ALTSETTING.bInterfaceClass + 2),
      endpoints,
      extra: extraBytes(a.getPointer(ALTSETTING.extra), a.getInt32(ALTSETTING.extraLength)),
    });
  }
  return out;
}

/**
 * A timeout as libusb takes it: at least 1 ms (libusb's 0 means no limit), at most a minute.
 * @param ms the caller's limit
 * @returns whole milliseconds
 * @throws {RangeError} when not a positive finite number
 */
export function libusbTimeout(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`USB timeout must be a positive number of milliseconds, not ${ms}`);
  }
  return Math.min(MAX_TIMEOUT_MS, Math.max(1, Math.ceil(ms)));
}

// ---------------------------------------------------------------------------------------------------
// The facade

/** How a {@linkcode LibusbHidBus} is set up. */
export interface LibusbOptions {
  /** Library file names tried in order (default {@linkcode LIBUSB_NAMES}). */
  readonly libraryNames?: readonly string[];
  /**
   * Where sysfs lists USB devices, to read their strings without opening them (default
   * `/sys/bus/usb/devices`; undefined strings where it cannot be read).
   */
  readonly sysfsDevices?: string;
}

interface Listed {
  readonly info: UsbDeviceInfo;
  readonly device: Deno.PointerObject;
}

/**
 * The USB HID bus through libusb: one libusb context, opened on first use and ended by `close()` (after
 * every device it opened is closed).
 * @example
 * ```ts ignore
 * await using bus = new LibusbHidBus();
 * const [ups] = (await bus.list()).filter((d) => d.vendorId === 0x051d);
 * await using dev = await bus.open(ups);
 * const rdesc = await dev.reportDescriptor(1000);
 * const charge = await dev.getReport("feature", 0x0c, 6, 1000);
 * ```
 */
export class LibusbHidBus implements UsbHidBus, AsyncDisposable {
  #lib: LazyLibrary<typeof LIBUSB_SYMBOLS>;
  #sysfs: string;
  #context: Promise<Deno.PointerObject> | undefined;
  #devices = new Set<LibusbHidDevice>();
  #closing: Promise<void> | undefined;

  /**
   * Nothing is loaded until the first `list()` or `open()`.
   * @param options library names, sysfs location
   */
  constructor(options: LibusbOptions = {}) {
    this.#lib = new LazyLibrary("libusb-1.0", options.libraryNames ?? LIBUSB_NAMES, LIBUSB_SYMBOLS);
    this.#sysfs = options.sysfsDevices ?? "/sys/bus/usb/devices";
  }

  /** Whether libusb is loaded (false until first used). */
  get loaded(): boolean {
    return this.#lib.loaded;
  }

  /**
   * Whether this libusb reports device arrivals itself (LIBUSB_CAP_HAS_HOTPLUG). This facade still
   * polls `list()` (see the module documentation).
   * @returns libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)
   */
  async hasHotplug(): Promise<boolean> {
    await this.#ctx();
    return this.#lib.symbols.libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) !== 0;
  }

  #ctx(): Promise<Deno.PointerObject> {
    if (this.#closing) return Promise.reject(new TransportError("NOT_FOUND", "the USB bus is closed"));
    this.#context ??= (async () => {
      const out = new PointerOut();
      const r = await this.#lib.symbols.libusb_init(out.bytes);
      if (r < 0 || !out.value) {
        this.#context = undefined;
        const info = libusbErrorInfo(r);
        throw new TransportError(info.kind, `libusb_init failed: ${info.text} (${info.name})`, {
          cause: { code: r, name: info.name } satisfies LibusbErrorCause,
        });
      }
      return out.value;
    })();
    return this.#context;
  }

  /** The symbols (libusb loaded). */
  get #s(): Symbols {
    return this.#lib.symbols;
  }

  /**
   * Walks libusb's device list, keeping it until `use` returns.
   * @param use gets every device but hubs
   * @returns what `use` returned
   */
  async #withList<T>(use: (devices: Listed[]) => Promise<T>): Promise<T> {
    const ctx = await this.#ctx();
    const s = this.#s;
    const out = new PointerOut();
    const n = Number(await s.libusb_get_device_list(ctx, out.bytes));
    if (n < 0) {
      const info = libusbErrorInfo(n);
      throw new TransportError(info.kind, `libusb_get_device_list failed: ${info.text} (${info.name})`);
    }
    const list = out.value;
    try {
      const devices: Listed[] = [];
      if (list) {
        const view = new Deno.UnsafePointerView(list);
        const desc = new Uint8Array(18);
        const ports = new Uint8Array(7);
        for (let i = 0; i < n; i++) {
          const device = view.getPointer(i * 8);
          if (!device || s.libusb_get_device_descriptor(device, desc) < 0) continue;
          const d = decodeDeviceDescriptor(desc);
          if (d.deviceClass === 9) continue; // hubs
          const np = s.libusb_get_port_numbers(device, ports, ports.length);
          const portPath = np > 0 ? [...ports.subarray(0, np)] : [];
          const bus = s.libusb_get_bus_number(device);
          const info: UsbDeviceInfo = {
            vendorId: d.vendorId,
            productId: d.productId,
            bcdDevice: d.bcdDevice,
            bus,
            address: s.libusb_get_device_address(device),
            ...(portPath.length ? { busPort: portPath[portPath.length - 1], portPath } : {}),
            ...await this.#sysfsStrings(sysfsName(bus, portPath), d),
          };
          devices.push({ info, device });
        }
      }
      return await use(devices);
    } finally {
      if (list) s.libusb_free_device_list(list, 1);
    }
  }

  async #sysfsStrings(name: string | undefined, d: DeviceDescriptor) {
    const read = async (index: number, attr: string) => {
      if (index === 0 || name === undefined) return undefined;
      try {
        const text = await Deno.readTextFile(`${this.#sysfs}/${name}/${attr}`);
        return text.endsWith("\n") ? text.slice(0, -1) : text;
      } catch {
        return undefined;
      }
    };
    const [manufacturer, product, serial] = await Promise.all([
      read(d.iManufacturer, "manufacturer"),
      read(d.iProduct, "product"),
      read(d.iSerialNumber, "serial"),
    ]);
    const out: { manufacturer?: string; product?: string; serial?: string } = {};
    if (manufacturer !== undefined) out.manufacturer = manufacturer;
    if (product !== undefined) out.product = product;
    if (serial !== undefined) out.serial = serial;
    return out;
  }

  /**
   * The devices present now, hubs left out. Nothing is opened: the strings come from sysfs (Linux keeps
   * them from enumeration), absent where it cannot be read.
   * @returns their descriptions
   * @throws {LibraryLoadError} when libusb cannot be loaded
   * @throws {TransportError} when libusb cannot start
   */
  list(): Promise<UsbDeviceInfo[]> {
    return this.#withList((devices) => Promise.resolve(devices.map((d) => d.info)));
  }

  /**
   * Opens a listed device, detaches a kernel driver from its HID interface and claims it.
   * @param info a device from `list()` (found again by bus and address, ids checked)
   * @returns the opened device
   * @throws {TransportError} NOT_FOUND when it is gone or has no HID interface, ACCESS_DENIED, BUSY...
   */
  open(info: UsbDeviceInfo, options: UsbOpenOptions = {}): Promise<LibusbHidDevice> {
    const name = describeUsbDevice(info);
    return this.#withList(async (devices) => {
      const found = devices.find((d) =>
        d.info.bus === info.bus && d.info.address === info.address && d.info.vendorId === info.vendorId &&
        d.info.productId === info.productId
      );
      if (!found) throw new TransportError("NOT_FOUND", `USB device ${name} is not present`);
      const plan = this.#plan(found.device, name, options.interfaceNumber);
      const s = this.#s;
      const out = new PointerOut();
      const r = await s.libusb_open(found.device, out.bytes);
      if (r < 0 || !out.value) throw libusbError(r, "libusb_open", name);
      const handle = out.value;
      try {
        const active = await s.libusb_kernel_driver_active(handle, plan.interfaceNumber);
        if (active === 1) {
          const d = await s.libusb_detach_kernel_driver(handle, plan.interfaceNumber);
          if (d < 0) throw libusbError(d, `libusb_detach_kernel_driver(${plan.interfaceNumber})`, name);
        } else if (active < 0 && active !== LIBUSB_ERROR_NOT_SUPPORTED) {
          throw libusbError(active, `libusb_kernel_driver_active(${plan.interfaceNumber})`, name);
        }
        const c = await s.libusb_claim_interface(handle, plan.interfaceNumber);
        if (c < 0) throw libusbError(c, `libusb_claim_interface(${plan.interfaceNumber})`, name);
      } catch (e) {
        await s.libusb_close(handle);
        throw e;
      }
      const dev = new LibusbHidDevice(s, handle, found.info, plan, () => this.#devices.delete(dev));
      this.#devices.add(dev);
      return dev;
    });
  }

  #plan(device: Deno.PointerObject, name: string, interfaceNumber?: number): HidInterfacePlan {
    const s = this.#s;
    const out = new PointerOut();
    const r = s.libusb_get_config_descriptor(device, 0, out.bytes);
    if (r < 0 || !out.value) throw libusbError(r, "libusb_get_config_descriptor(0)", name);
    let interfaces: UsbInterface[];
    try {
      interfaces = readInterfaces(out.value);
    } finally {
      s.libusb_free_config_descriptor(out.value);
    }
    const plan = findHidInterface(interfaces, interfaceNumber);
    if (!plan) {
      throw new TransportError(
        "NOT_FOUND",
        `USB device ${name} has no HID interface${
          interfaceNumber === undefined ? "" : ` ${interfaceNumber}`
        }`,
      );
    }
    return plan;
  }

  /** Closes every device it opened, then ends the libusb context (idempotent). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#devices].map((d) => d.close()));
      const ctx = this.#context;
      this.#context = undefined;
      if (ctx) {
        const c = await ctx.catch(() => undefined);
        if (c) await this.#s.libusb_exit(c);
      }
      this.#lib.close();
    })();
    return this.#closing;
  }

  /** Same as {@linkcode LibusbHidBus.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * An opened, claimed HID interface. Control transfers run one at a time; an interrupt read may run
 * beside them. `close()` waits for the transfers in flight (each bounded by its timeout), then releases
 * the interface and closes the handle. The kernel driver detached at open is not reattached (as NUT).
 */
export class LibusbHidDevice implements UsbHidDevice {
  /** The device, as listed. */
  readonly info: UsbDeviceInfo;
  /** The HID interface claimed, its interrupt IN endpoint and report descriptor length. */
  readonly plan: HidInterfacePlan;
  #s: Symbols;
  #handle: Deno.PointerObject;
  #name: string;
  #control: Promise<unknown> = Promise.resolve();
  #interrupt: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;
  #onClosed: () => void;
  #langId: number | undefined;
  #transferred = new Int32Array(1);

  /**
   * Made by {@linkcode LibusbHidBus.open}.
   * @param symbols libusb, loaded
   * @param handle the opened handle, interface claimed
   * @param info the device
   * @param plan the interface claimed
   * @param onClosed called once closed
   */
  constructor(
    symbols: Symbols,
    handle: Deno.PointerObject,
    info: UsbDeviceInfo,
    plan: HidInterfacePlan,
    onClosed: () => void,
  ) {
    this.#s = symbols;
    this.#handle = handle;
    this.info = info;
    this.plan = plan;
    this.#name = describeUsbDevice(info);
    this.#onClosed = onClosed;
  }

  /** The interrupt IN endpoint's packet size; undefined when the interface has none. */
  get interruptPacketSize(): number | undefined {
    return this.plan.interruptIn?.maxPacketSize;
  }

  #ensureOpen(): void {
    if (this.#closing) throw new TransportError("DISCONNECTED", `USB device ${this.#name} is closed`);
  }

  /** Runs `fn` after the control transfers queued before it. */
  #queued<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#control.then(fn, fn);
    this.#control = run.catch(() => undefined);
    return run;
  }

  /**
   * One control transfer on endpoint 0, made after those queued before it.
   * @param setup the setup packet (`wLength` bytes read when IN; `data.length` sent when OUT)
   * @param data what is sent (OUT requests)
   * @param timeoutMs limit
   * @returns the bytes read (IN) or an empty array (OUT)
   * @throws {TransportError} mapped from libusb, naming the request
   */
  control(setup: ControlSetup, data: Uint8Array | undefined, timeoutMs: number): Promise<Uint8Array> {
    const timeout = libusbTimeout(timeoutMs);
    this.#ensureOpen();
    const isIn = (setup.bmRequestType & 0x80) !== 0;
    // A copy the caller cannot change while the worker thread reads or writes it.
    const buf = new Uint8Array(isIn ? setup.wLength : (data?.length ?? 0));
    if (!isIn && data) buf.set(data);
    return this.#queued(async () => {
      this.#ensureOpen();
      const r = await this.#s.libusb_control_transfer(
        this.#handle,
        setup.bmRequestType,
        setup.bRequest,
        setup.wValue,
        setup.wIndex,
        buf.length ? buf : null,
        buf.length,
        timeout,
      );
      if (r < 0) throw libusbError(r, `libusb_control_transfer(${describeSetup(setup)})`, this.#name);
      return isIn ? buf.slice(0, r) : new Uint8Array(0);
    });
  }

  /**
   * Reads the HID report descriptor of the interface (its length from the HID descriptor, else asks).
   * @param timeoutMs limit
   * @returns its bytes
   * @throws {TransportError} PROTOCOL when the device answers nothing
   */
  async reportDescriptor(timeoutMs: number): Promise<Uint8Array> {
    const iface = this.plan.interfaceNumber;
    let length = this.plan.reportDescriptorLength;
    if (length === undefined) {
      const hid = await this.control(hidDescriptorSetup(HID_DT_HID, iface, 9), undefined, timeoutMs)
        .then(decodeHidDescriptor, () => undefined);
      length = hid?.reportDescriptorLength || REPORT_DESCRIPTOR_FALLBACK;
    }
    const b = await this.control(hidDescriptorSetup(HID_DT_REPORT, iface, length), undefined, timeoutMs);
    if (b.length === 0) {
      throw new TransportError("PROTOCOL", `USB device ${this.#name} answered an empty report descriptor`);
    }
    return b;
  }

  /**
   * GET_REPORT.
   * @param type report type
   * @param reportId 0 when the device uses none
   * @param length bytes asked for (the id byte included when there is one)
   * @param timeoutMs limit
   * @returns what the device answered (may be shorter)
   */
  getReport(type: HidReportType, reportId: number, length: number, timeoutMs: number): Promise<Uint8Array> {
    return this.control(
      getReportSetup(type, reportId, this.plan.interfaceNumber, length),
      undefined,
      timeoutMs,
    );
  }

  /**
   * SET_REPORT.
   * @param type report type
   * @param reportId 0 when the device uses none
   * @param data the report, its id byte first when there is one
   * @param timeoutMs limit
   */
  async setReport(type: HidReportType, reportId: number, data: Uint8Array, timeoutMs: number): Promise<void> {
    await this.control(
      setReportSetup(type, reportId, this.plan.interfaceNumber, data.length),
      data,
      timeoutMs,
    );
  }

  /**
   * Reads the interrupt IN endpoint (one read at a time; beside control transfers).
   * @param length most bytes
   * @param timeoutMs limit
   * @returns the data, or undefined when nothing came in time
   * @throws {TransportError} PROTOCOL when the interface has no interrupt IN endpoint
   */
  readInterrupt(length: number, timeoutMs: number): Promise<Uint8Array | undefined> {
    const timeout = libusbTimeout(timeoutMs);
    this.#ensureOpen();
    const ep = this.plan.interruptIn;
    if (!ep) {
      return Promise.reject(
        new TransportError("PROTOCOL", `USB device ${this.#name} has no interrupt IN endpoint`),
      );
    }
    const buf = new Uint8Array(length);
    const run = this.#interrupt.then(async () => {
      this.#ensureOpen();
      const transferred = this.#transferred;
      transferred[0] = 0;
      const r = await this.#s.libusb_interrupt_transfer(
        this.#handle,
        ep.address,
        buf,
        length,
        new Uint8Array(transferred.buffer),
        timeout,
      );
      if (r === LIBUSB_ERROR_TIMEOUT) return transferred[0] > 0 ? buf.slice(0, transferred[0]) : undefined;
      if (r < 0) throw libusbError(r, `libusb_interrupt_transfer(0x${hex2(ep.address)})`, this.#name);
      return buf.slice(0, transferred[0]);
    });
    this.#interrupt = run.catch(() => undefined);
    return run;
  }

  /**
   * A string descriptor, in the device's first language (read once).
   * @param index its index (0: none)
   * @param timeoutMs limit
   * @returns the string, or undefined when the device has none there (it stalls the request)
   */
  async getString(index: number, timeoutMs: number): Promise<string | undefined> {
    if (index === 0) return undefined;
    const stalled = (e: unknown) => {
      if (
        e instanceof TransportError && (e.cause as LibusbErrorCause | undefined)?.code === LIBUSB_ERROR_PIPE
      ) {
        return undefined;
      }
      throw e;
    };
    if (this.#langId === undefined) {
      const ids = await this.control(stringDescriptorSetup(0, 0), undefined, timeoutMs).then(
        decodeLangIds,
        stalled,
      );
      if (ids === undefined) return undefined;
      this.#langId = ids[0] ?? 0x0409;
    }
    const b = await this.control(stringDescriptorSetup(index, this.#langId), undefined, timeoutMs).catch(
      stalled,
    );
    return b === undefined ? undefined : decodeStringDescriptor(b);
  }

  /**
   * Resets the device (libusb_reset_device); it usually has to be found and opened again after.
   * @throws {TransportError} NOT_FOUND when it came back as another device (reopen it)
   */
  reset(): Promise<void> {
    this.#ensureOpen();
    return this.#queued(async () => {
      const r = await this.#s.libusb_reset_device(this.#handle);
      if (r < 0) throw libusbError(r, "libusb_reset_device", this.#name);
    });
  }

  /** Waits for the transfers in flight, releases the interface and closes the handle (idempotent). */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([this.#control, this.#interrupt]);
      // The device may be gone: releasing then fails, and closing still frees the handle.
      await this.#s.libusb_release_interface(this.#handle, this.plan.interfaceNumber);
      await this.#s.libusb_close(this.#handle);
      this.#onClosed();
    })();
    return this.#closing;
  }

  /** Same as {@linkcode LibusbHidDevice.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
