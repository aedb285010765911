/**
 * `nut-scanner`, NUT's name for `nut scan` (cmd/scan.ts): its flags (-U, -C, -N, -P, -q) and output.
 * @module
 */
import { main as scan } from "./scan.ts";

/**
 * Runs nut-scanner.
 * @param args its arguments
 * @returns the exit code
 */
export function main(args: string[]): Promise<number> {
  return scan(["nut-scanner", ...args]);
}
