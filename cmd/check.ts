/**
 * `nut check`: a UPS check for cron and Nagios-style monitoring (see lib/check/check.ts).
 * @module
 */
import { stdio } from "../lib/cli/io.ts";
import { NutClient } from "../lib/client/client.ts";
import { check } from "../lib/check/check.ts";

/**
 * Runs the check.
 * @param args the arguments
 * @returns 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
 */
export async function main(args: string[]): Promise<number> {
  return await check(args, {
    out: stdio,
    connect: (host, port, options) => NutClient.connect(host, port, options),
  });
}
