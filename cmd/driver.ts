/**
 * A driver program (`dummy-ups -a myups`, or `nut driver dummy-ups -a myups`): the driver's name comes
 * first, then NUT's common driver flags.
 * @module
 */
import { stdio } from "../lib/cli/io.ts";
import { runDriverCommand } from "../lib/driver/cli.ts";
import { driverNames, loadDriver } from "../lib/drivers/catalog.ts";

/**
 * Runs a driver.
 * @param args the driver name, then its arguments
 * @returns the exit code, or -1 while the driver keeps running
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  const program = name === undefined ? undefined : await loadDriver(name);
  if (!program) {
    if (name === undefined || name === "--help" || name === "-h") {
      stdio.out(`Usage: nut driver <name> [options]\n\nDrivers: ${driverNames().join(", ")}\n`);
      return name === undefined ? 2 : 0;
    }
    stdio.err(`nut driver: unknown driver "${name}" (drivers: ${driverNames().join(", ")})\n`);
    return 2;
  }
  return await runDriverCommand(program, rest);
}
