/**
 * `nut client ...`: query and control NUT servers; see lib/client/tools/native.ts.
 * @module
 */
import { runClient } from "../lib/client/tools/native.ts";
import { processContext } from "../lib/client/tools/context.ts";

/**
 * Runs `nut client`.
 * @param args the arguments after `client`
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  return await runClient(args, processContext());
}
