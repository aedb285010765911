/**
 * `upscmd`: NUT's program of that name (same flags, output and exit codes); see lib/client/tools/upscmd.ts.
 * @module
 */
import { upscmd } from "../lib/client/tools/upscmd.ts";
import { processContext } from "../lib/client/tools/context.ts";

/**
 * Runs upscmd.
 * @param args the arguments
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  return await upscmd("upscmd", args, processContext());
}
