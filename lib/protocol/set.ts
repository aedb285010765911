/**
 * SET requests (NUT's netset): `SET VAR ups name value` and `SET TRACKING ON|OFF`. Words after the value
 * are ignored, as NUT ignores them.
 * @module
 */
import type { Request } from "./request.ts";

/**
 * Parses the words after SET.
 * @param args the words after SET
 * @returns the request, INVALID when words are missing or TRACKING is neither ON nor OFF
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseSet(["tracking", "on"]), { kind: "SET_TRACKING", verb: "SET", enabled: true });
 * assertEquals(parseSet(["VAR", "ups1", "ups.id"]), { kind: "INVALID", verb: "SET" });
 * ```
 */
export function parseSet(args: readonly string[]): Request {
  if (args.length >= 2) {
    const sub = args[0].toUpperCase();
    if (sub === "VAR" && args.length >= 4) {
      return { kind: "SET_VAR", verb: "SET", ups: args[1], name: args[2], value: args[3] };
    }
    if (sub === "TRACKING") {
      const v = args[1].toUpperCase();
      if (v === "ON") return { kind: "SET_TRACKING", verb: "SET", enabled: true };
      if (v === "OFF") return { kind: "SET_TRACKING", verb: "SET", enabled: false };
    }
  }
  return { kind: "INVALID", verb: "SET" };
}
