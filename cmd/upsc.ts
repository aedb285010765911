/**
 * `upsc`: NUT's program of that name (same flags, output and exit codes); see lib/client/tools/upsc.ts.
 * @module
 */
import { upsc } from "../lib/client/tools/upsc.ts";
import { processContext } from "../lib/client/tools/context.ts";

/**
 * Runs upsc.
 * @param args the arguments
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  return await upsc("upsc", args, processContext());
}
