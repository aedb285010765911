/**
 * How a driver reaches a USB HID device: a bus that lists devices without opening them, and an opened
 * device with the HID class requests (report descriptor, GET_REPORT/SET_REPORT on endpoint 0) and the
 * interrupt IN pipe. Every call has an explicit timeout (in ms, greater than 0) and fails with a
 * {@linkcode TransportError}; none blocks the event loop (drivers share one process). `close()` waits for
 * the transfers in flight (each bounded by its timeout). The libusb implementation is ffi/libusb.ts
 * (lib/transport/system.ts hands it to drivers); record/playback fakes are lib/transport/usb_playback.ts.
 * @module
 */

/** What a device says of itself, read from its descriptors without claiming it. */
export interface UsbDeviceInfo {
  /** idVendor. */
  readonly vendorId: number;
  /** idProduct. */
  readonly productId: number;
  /** bcdDevice (the firmware release). */
  readonly bcdDevice: number;
  /** Bus number. */
  readonly bus: number;
  /** Device address on the bus (changes at every plug). */
  readonly address: number;
  /** Its port number on the parent hub (libusb_get_port_number; NUT's `busport`), when known. */
  readonly busPort?: number;
  /** The port numbers from the root hub, e.g. [1, 4] (stable across replugs into the same socket). */
  readonly portPath?: readonly number[];
  /** String descriptor iManufacturer, when the device has one and it could be read. */
  readonly manufacturer?: string;
  /** String descriptor iProduct. */
  readonly product?: string;
  /** String descriptor iSerialNumber. */
  readonly serial?: string;
}

/** HID report types (the high byte of wValue in GET_REPORT/SET_REPORT). */
export type HidReportType = "input" | "output" | "feature";

/** An opened USB HID interface. Close it (or `await using`) when done. */
export interface UsbHidDevice extends AsyncDisposable {
  /** The device, as listed. */
  readonly info: UsbDeviceInfo;
  /** The interrupt IN endpoint's packet size (NUT's default `interruptsize`); undefined: no such pipe. */
  readonly interruptPacketSize?: number;
  /**
   * Reads the HID report descriptor of the interface.
   * @param timeoutMs limit
   * @returns its bytes
   */
  reportDescriptor(timeoutMs: number): Promise<Uint8Array>;
  /**
   * GET_REPORT.
   * @param type report type
   * @param reportId the report id (0 when the device uses none)
   * @param length bytes asked for (the report id byte included when there is one)
   * @param timeoutMs limit
   * @returns the bytes the device answered (may be shorter than asked)
   */
  getReport(type: HidReportType, reportId: number, length: number, timeoutMs: number): Promise<Uint8Array>;
  /**
   * SET_REPORT.
   * @param type report type
   * @param reportId the report id (0 when the device uses none)
   * @param data the report, its id byte first when there is one
   * @param timeoutMs limit
   */
  setReport(type: HidReportType, reportId: number, data: Uint8Array, timeoutMs: number): Promise<void>;
  /**
   * Reads the interrupt IN endpoint.
   * @param length most bytes
   * @param timeoutMs limit
   * @returns the data, or undefined when nothing came in time (not an error)
   */
  readInterrupt(length: number, timeoutMs: number): Promise<Uint8Array | undefined>;
  /**
   * A string descriptor (UTF-16 decoded).
   * @param index its index (0: none)
   * @param timeoutMs limit
   * @returns the string, or undefined when the device has none at that index
   */
  getString(index: number, timeoutMs: number): Promise<string | undefined>;
  /** Resets the device (the handle usually has to be reopened after; NOT_FOUND: it must be). */
  reset(): Promise<void>;
  /** Releases the interface and closes the handle (idempotent). */
  close(): Promise<void>;
}

/** How a device is opened. */
export interface UsbOpenOptions {
  /** The HID interface to claim (bInterfaceNumber; NUT's `usb_hid_rep_index`); default: the first one. */
  readonly interfaceNumber?: number;
}

/** Where USB HID devices are found and opened. */
export interface UsbHidBus {
  /**
   * The devices present now (no device is opened or claimed).
   * @returns their descriptions
   */
  list(): Promise<UsbDeviceInfo[]>;
  /**
   * Opens and claims the HID interface of a listed device (detaching a kernel driver if one holds it).
   * @param info a device from `list()`
   * @param options which interface
   * @returns the opened device
   */
  open(info: UsbDeviceInfo, options?: UsbOpenOptions): Promise<UsbHidDevice>;
  /** Ends the bus (libusb's context) once its devices are closed; absent where there is nothing to end. */
  close?(): Promise<void>;
}
