/**
 * The system's transports, as the driver programs get them (cmd/ hands one provider to every driver of
 * a process): USB HID through libusb-1.0 (ffi/libusb.ts), whose module is imported and library loaded
 * only when a driver first lists or opens a device, so a driver that needs no USB never loads either.
 * One libusb context per provider; `close()` ends it.
 * @module
 */
import type { TransportProvider } from "./mod.ts";
import type { UsbDeviceInfo, UsbHidBus, UsbHidDevice, UsbOpenOptions } from "./usb.ts";

/** The transports of this system. */
export class SystemTransports implements TransportProvider, AsyncDisposable {
  #usb: Promise<UsbHidBus> | undefined;
  #bus: UsbHidBus | undefined;

  /**
   * The USB HID bus (libusb is loaded at its first use).
   * @returns the bus
   */
  usbHid(): UsbHidBus {
    const real = () =>
      this.#usb ??= import("../../ffi/libusb.ts").then((m) => new m.LibusbHidBus() as UsbHidBus);
    return this.#bus ??= {
      list: async (): Promise<UsbDeviceInfo[]> => await (await real()).list(),
      open: async (info: UsbDeviceInfo, options?: UsbOpenOptions): Promise<UsbHidDevice> =>
        await (await real()).open(info, options),
    };
  }

  /** Ends what was opened (libusb's context, once its devices are closed). */
  async close(): Promise<void> {
    const usb = this.#usb;
    this.#usb = undefined;
    this.#bus = undefined;
    if (usb) await (await usb).close?.();
  }

  /** Same as {@linkcode SystemTransports.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
