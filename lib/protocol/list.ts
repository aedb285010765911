/**
 * LIST requests (NUT's netlist): UPS, VAR/RW/CMD/CLIENT ups, ENUM/RANGE ups name. Sub-commands match
 * without regard to case; extra words are ignored.
 * @module
 */
import type { Request } from "./request.ts";

/**
 * Parses the words after LIST.
 * @param args the words after LIST
 * @returns the request, INVALID when the sub-command is unknown or lacks words
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseList(["ups", "extra"]), { kind: "LIST_UPS", verb: "LIST" });
 * assertEquals(parseList(["ENUM", "ups1"]), { kind: "INVALID", verb: "LIST" });
 * ```
 */
export function parseList(args: readonly string[]): Request {
  if (args.length < 1) return { kind: "INVALID", verb: "LIST" };
  const sub = args[0].toUpperCase();
  if (sub === "UPS") return { kind: "LIST_UPS", verb: "LIST" };
  if (args.length >= 2) {
    const ups = args[1];
    switch (sub) {
      case "VAR":
        return { kind: "LIST_VAR", verb: "LIST", ups };
      case "RW":
        return { kind: "LIST_RW", verb: "LIST", ups };
      case "CMD":
        return { kind: "LIST_CMD", verb: "LIST", ups };
      case "CLIENT":
        return { kind: "LIST_CLIENT", verb: "LIST", ups };
    }
  }
  if (args.length >= 3) {
    if (sub === "ENUM") return { kind: "LIST_ENUM", verb: "LIST", ups: args[1], name: args[2] };
    if (sub === "RANGE") return { kind: "LIST_RANGE", verb: "LIST", ups: args[1], name: args[2] };
  }
  return { kind: "INVALID", verb: "LIST" };
}
