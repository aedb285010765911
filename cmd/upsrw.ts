/**
 * `upsrw`: NUT's program of that name (same flags, output and exit codes); see lib/client/tools/upsrw.ts.
 * @module
 */
import { upsrw } from "../lib/client/tools/upsrw.ts";
import { processContext } from "../lib/client/tools/context.ts";

/**
 * Runs upsrw.
 * @param args the arguments
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  return await upsrw("upsrw", args, processContext());
}
