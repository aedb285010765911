/**
 * STARTTLS (NUT's netssl): arguments are ignored, as NUT ignores them.
 * @module
 */
import type { Request } from "./request.ts";

/**
 * STARTTLS ignores anything after the command word.
 * @param _args ignored
 * @returns the request
 */
export function parseStarttls(_args: readonly string[]): Request {
  return { kind: "STARTTLS", verb: "STARTTLS" };
}
