/**
 * The driver programs this binary provides, by NUT program name, loaded lazily so that starting one
 * driver never loads the others.
 * @module
 */
import type { DriverProgram } from "./types.ts";

/** Driver name → loader of its program. */
export const DRIVERS: Readonly<Record<string, () => Promise<DriverProgram>>> = {
  "dummy-ups": async () => (await import("../drivers/dummy_ups/mod.ts")).dummyUps,
};

/**
 * Loads a driver program by name.
 * @param name e.g. `dummy-ups`
 * @returns the program, or undefined when this binary has no such driver
 */
export async function loadDriver(name: string): Promise<DriverProgram | undefined> {
  const load = DRIVERS[name];
  return load ? await load() : undefined;
}
