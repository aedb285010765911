/**
 * The ways a driver reaches a device, as the driver framework hands them to drivers (lib/driver/types.ts
 * `DriverContext.transports`): a driver declares the kinds it needs (`DriverProgram.transports`) and
 * never opens a device or imports ffi/ itself, so its tests run on record/playback fakes
 * (lib/transport/playback.ts) and fake time.
 * @module
 */
import type { UsbHidBus } from "./usb.ts";

export * from "./error.ts";
export * from "./usb.ts";
export * from "./playback.ts";
export * from "./usb_playback.ts";

/** The kinds of transport a driver may ask for. */
export type TransportKind = "usb-hid";

/** The transports given to one driver instance: those it asked for. */
export interface Transports {
  /** USB HID devices (when the driver asked for "usb-hid"). */
  readonly usbHid?: UsbHidBus;
}

/** Where the framework gets transports from: the system's (FFI), or fakes in tests. */
export interface TransportProvider {
  /**
   * The USB HID bus (opened on first use; one per process is enough).
   * @returns the bus
   */
  usbHid(): UsbHidBus;
}

/**
 * The transports a driver asked for, from a provider.
 * @param kinds what the driver declared
 * @param provider where they come from (undefined: none in this build or this test)
 * @returns the transports
 * @throws {Error} naming the kind when a driver asks for one the provider cannot give
 */
export function transportsFor(
  kinds: readonly TransportKind[],
  provider: TransportProvider | undefined,
): Transports {
  const out: { usbHid?: UsbHidBus } = {};
  for (const kind of kinds) {
    if (!provider) throw new Error(`no ${kind} transport is available here`);
    if (kind === "usb-hid") out.usbHid = provider.usbHid();
  }
  return out;
}
