/**
 * The one error of every transport (USB, serial, sockets): a closed set of kinds, so that the driver
 * framework alone decides, from the kind, whether the data goes stale, the device is reopened, or the
 * driver gives up. Transports map their native codes (libusb errors, errno) to a kind once, where they
 * call the system; drivers never see native codes.
 * @module
 */

/**
 * What went wrong, as the framework needs to know it:
 * - `NOT_FOUND`: no such device (not plugged in, wrong ids, no such port);
 * - `ACCESS_DENIED`: permissions (udev rules, the `nut` user's groups);
 * - `BUSY`: held by someone else (another driver, a kernel driver that cannot be detached);
 * - `DISCONNECTED`: it was there and is gone (unplugged, host suspend, the port closed);
 * - `TIMEOUT`: no answer in time;
 * - `IO`: the transfer failed (pipe stall, overflow, a write error);
 * - `PROTOCOL`: an answer came but makes no sense (short or malformed).
 */
export type TransportErrorKind =
  | "NOT_FOUND"
  | "ACCESS_DENIED"
  | "BUSY"
  | "DISCONNECTED"
  | "TIMEOUT"
  | "IO"
  | "PROTOCOL";

/** Every kind, in a fixed order. */
export const TRANSPORT_ERROR_KINDS: readonly TransportErrorKind[] = Object.freeze([
  "NOT_FOUND",
  "ACCESS_DENIED",
  "BUSY",
  "DISCONNECTED",
  "TIMEOUT",
  "IO",
  "PROTOCOL",
]);

/**
 * A transport failure of a given kind.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const e = new TransportError("TIMEOUT", "GET_REPORT 0x0c timed out after 1000 ms");
 * assertEquals([e.kind, e.message, e instanceof Error], ["TIMEOUT", "GET_REPORT 0x0c timed out after 1000 ms", true]);
 * assertEquals(isTransportError(e, "TIMEOUT", "IO"), true);
 * ```
 */
export class TransportError extends Error {
  /**
   * @param kind what went wrong
   * @param message what was being done, naming the device or port
   * @param options the native error as `cause`
   */
  constructor(readonly kind: TransportErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TransportError";
  }
}

/**
 * Whether a value is a TransportError, of one of the kinds when given.
 * @param e anything thrown
 * @param kinds the kinds accepted (none: any)
 * @returns true when it is
 */
export function isTransportError(e: unknown, ...kinds: TransportErrorKind[]): e is TransportError {
  return e instanceof TransportError && (kinds.length === 0 || kinds.includes(e.kind));
}

/**
 * Whether the device is gone or unusable as opened, so that the framework should close and find it
 * again rather than retry the same handle.
 * @param e anything thrown
 * @returns true for DISCONNECTED, NOT_FOUND, ACCESS_DENIED and BUSY
 */
export function needsReopen(e: unknown): boolean {
  return isTransportError(e, "DISCONNECTED", "NOT_FOUND", "ACCESS_DENIED", "BUSY");
}
