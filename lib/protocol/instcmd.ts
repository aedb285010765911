/**
 * INSTCMD (NUT's netinstcmd): `INSTCMD ups cmdname [cmdparam]`. As in NUT, the parameter is used only when
 * it is the third and last word; a request with more words runs the command without a parameter.
 * @module
 */
import type { Request } from "./request.ts";

/**
 * Parses the words after INSTCMD.
 * @param args the words after INSTCMD
 * @returns the request, INVALID with fewer than two words
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseInstcmd(["ups1", "load.off.delay", "120"]), { kind: "INSTCMD", verb: "INSTCMD", ups: "ups1", name: "load.off.delay", param: "120" });
 * ```
 */
export function parseInstcmd(args: readonly string[]): Request {
  if (args.length < 2) return { kind: "INVALID", verb: "INSTCMD" };
  if (args.length === 3) {
    return { kind: "INSTCMD", verb: "INSTCMD", ups: args[0], name: args[1], param: args[2] };
  }
  return { kind: "INSTCMD", verb: "INSTCMD", ups: args[0], name: args[1] };
}
