/**
 * Where a driver's socket lives: `<statepath>/<driver>-<ups>`, as NUT names it.
 * @module
 */
import { join } from "node:path";

/**
 * The socket name of a driver instance.
 * @param driver driver program name, e.g. "dummy-ups"
 * @param ups UPS section name from ups.conf
 * @returns e.g. "dummy-ups-myups"
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(socketName("usbhid-ups", "eaton"), "usbhid-ups-eaton");
 * ```
 */
export function socketName(driver: string, ups: string): string {
  return `${driver}-${ups}`;
}

/**
 * The socket path of a driver instance.
 * @param statePath the state directory (NUT_STATEPATH or upsd.conf STATEPATH)
 * @param driver driver program name
 * @param ups UPS section name
 * @returns the absolute path
 */
export function socketPath(statePath: string, driver: string, ups: string): string {
  return join(statePath, socketName(driver, ups));
}
