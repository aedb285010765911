/**
 * The system's transports, as the driver programs get them (cmd/ hands one provider to every driver of
 * a process): USB HID through libusb-1.0 (ffi/libusb.ts), whose module is imported and library loaded
 * only when a driver first lists or opens a device, so a driver that needs no USB never loads either;
 * TCP and Unix stream sockets (lib/transport/stream_system.ts) and UDP sockets
 * (lib/transport/datagram_system.ts); serial ports through termios (ffi/termios.ts, loaded at the first
 * open). One libusb context per provider; `close()` ends it.
 * @module
 */
import type { TransportProvider } from "./mod.ts";
import type { UsbDeviceInfo, UsbHidBus, UsbHidDevice, UsbOpenOptions } from "./usb.ts";
import type { StreamNetwork } from "./stream.ts";
import type { DatagramNetwork } from "./datagram.ts";
import type { SerialBus, SerialOpenOptions, SerialSettings } from "./serial.ts";
import type { TermiosBusOptions } from "../../ffi/termios.ts";

/**
 * The environment variable naming a library whose `modem_ioctl` replaces ioctl for modem lines: the test
 * hook of serial drivers on ptys (tests/rigs/modem_lines.c). Unset in production.
 */
export const MODEM_LINES_LIBRARY_ENV = "NUT_TS_MODEM_LINES_LIBRARY";

/** How the system's transports are made. */
export interface SystemTransportOptions {
  /** Serial bus options (lock folder, the modem-line test hook). */
  readonly serial?: TermiosBusOptions;
}

/**
 * The options the environment asks for (the modem-line test hook).
 * @param env reads a variable
 * @returns the options
 */
export function systemTransportOptions(
  env: (name: string) => string | undefined = (n) => Deno.env.get(n),
): SystemTransportOptions {
  const modemIoctlLibrary = env(MODEM_LINES_LIBRARY_ENV) || undefined;
  return modemIoctlLibrary ? { serial: { modemIoctlLibrary } } : {};
}
import { SystemStreamNetwork } from "./stream_system.ts";

/** The transports of this system. */
export class SystemTransports implements TransportProvider, AsyncDisposable {
  #usb: Promise<UsbHidBus> | undefined;
  #bus: UsbHidBus | undefined;
  #serialReal: Promise<SerialBus & Disposable> | undefined;
  #serial: SerialBus | undefined;
  #stream: StreamNetwork | undefined;
  #datagram: DatagramNetwork | undefined;

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

  /** @param options how the transports are made (default: from the environment) */
  constructor(readonly options: SystemTransportOptions = systemTransportOptions()) {}

  /**
   * The serial ports (termios is loaded at the first open or list).
   * @returns the bus
   */
  serial(): SerialBus {
    const real = () =>
      this.#serialReal ??= import("../../ffi/termios.ts").then((m) =>
        new m.TermiosSerialBus(this.options.serial)
      );
    return this.#serial ??= {
      open: async (path: string, settings: SerialSettings, options?: SerialOpenOptions) =>
        await (await real()).open(path, settings, options),
      list: async () => await (await real()).list(),
    };
  }

  /**
   * TCP and Unix stream sockets.
   * @returns the network
   */
  stream(): StreamNetwork {
    return this.#stream ??= new SystemStreamNetwork();
  }

  /**
   * UDP sockets (node:dgram is loaded at the first bind).
   * @returns the network
   */
  datagram(): DatagramNetwork {
    let real: Promise<DatagramNetwork> | undefined;
    const load = () => real ??= import("./datagram_system.ts").then((m) => new m.SystemDatagramNetwork());
    return this.#datagram ??= { bind: async (options) => await (await load()).bind(options) };
  }

  /** Ends what was opened (libusb's context, once its devices are closed). */
  async close(): Promise<void> {
    const usb = this.#usb;
    this.#usb = undefined;
    this.#bus = undefined;
    this.#serial = undefined;
    const serial = this.#serialReal;
    this.#serialReal = undefined;
    if (serial) (await serial)[Symbol.dispose]();
    if (usb) await (await usb).close?.();
  }

  /** Same as {@linkcode SystemTransports.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
