/**
 * The ways a driver reaches a device, as the driver framework hands them to drivers (lib/driver/types.ts
 * `DriverContext.transports`): a driver declares the kinds it needs (`DriverProgram.transports`) and
 * never opens a device or imports ffi/ itself, so its tests run on record/playback fakes
 * (lib/transport/playback.ts and the `*_playback.ts` beside it) and fake time.
 * @module
 */
import type { UsbHidBus } from "./usb.ts";
import type { SerialBus } from "./serial.ts";
import type { StreamNetwork } from "./stream.ts";
import type { DatagramNetwork } from "./datagram.ts";

export * from "./error.ts";
export * from "./usb.ts";
export * from "./serial.ts";
export * from "./stream.ts";
export * from "./datagram.ts";
export * from "./read_until.ts";
export * from "./playback.ts";
export * from "./usb_playback.ts";
export * from "./serial_playback.ts";
export * from "./socket_playback.ts";

/** The kinds of transport a driver may ask for. */
export type TransportKind = "usb-hid" | "serial" | "stream" | "datagram";

/** The transports given to one driver instance: those it asked for. */
export interface Transports {
  /** USB HID devices (when the driver asked for "usb-hid"). */
  readonly usbHid?: UsbHidBus;
  /** Serial ports (when it asked for "serial"). */
  readonly serial?: SerialBus;
  /** TCP and Unix stream sockets (when it asked for "stream"). */
  readonly stream?: StreamNetwork;
  /** UDP sockets (when it asked for "datagram"). */
  readonly datagram?: DatagramNetwork;
}

/**
 * Where the framework gets transports from: the system's (FFI, sockets), or fakes in tests, which give
 * only the kinds the test needs.
 */
export interface TransportProvider {
  /**
   * The USB HID bus (opened on first use; one per process is enough).
   * @returns the bus
   */
  usbHid?(): UsbHidBus;
  /**
   * The serial ports.
   * @returns the bus
   */
  serial?(): SerialBus;
  /**
   * Stream sockets.
   * @returns the network
   */
  stream?(): StreamNetwork;
  /**
   * Datagram sockets.
   * @returns the network
   */
  datagram?(): DatagramNetwork;
}

/** The field of Transports (and method of TransportProvider) of each kind. */
const FIELDS = {
  "usb-hid": "usbHid",
  serial: "serial",
  stream: "stream",
  datagram: "datagram",
} as const satisfies Record<TransportKind, keyof Transports & keyof TransportProvider>;

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
  const out: Record<string, unknown> = {};
  for (const kind of kinds) {
    const field = FIELDS[kind];
    const get = provider?.[field] as ((this: TransportProvider) => unknown) | undefined;
    const transport = provider && get?.call(provider);
    if (!transport) throw new Error(`no ${kind} transport is available here`);
    out[field] = transport;
  }
  return out as Transports;
}
