/**
 * GET requests (NUT's netget): TRACKING [id], NUMLOGINS ups, UPSDESC ups, VAR/TYPE/DESC/CMDDESC ups name.
 * Sub-commands match without regard to case; words beyond the ones a sub-command uses are ignored.
 * @module
 */
import type { Request } from "./request.ts";

/**
 * Parses the words after GET.
 * @param args the words after GET
 * @returns the request, INVALID when the sub-command is unknown or lacks words
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseGet(["tracking"]), { kind: "GET_TRACKING", verb: "GET" });
 * assertEquals(parseGet(["VAR", "ups1"]), { kind: "INVALID", verb: "GET" });
 * ```
 */
export function parseGet(args: readonly string[]): Request {
  const sub = (args[0] ?? "").toUpperCase();
  if (args.length >= 1 && sub === "TRACKING") {
    return args.length < 2
      ? { kind: "GET_TRACKING", verb: "GET" }
      : { kind: "GET_TRACKING", verb: "GET", id: args[1] };
  }
  if (args.length >= 2) {
    if (sub === "NUMLOGINS") return { kind: "GET_NUMLOGINS", verb: "GET", ups: args[1] };
    if (sub === "UPSDESC") return { kind: "GET_UPSDESC", verb: "GET", ups: args[1] };
  }
  if (args.length >= 3) {
    const ups = args[1];
    const name = args[2];
    switch (sub) {
      case "VAR":
        return { kind: "GET_VAR", verb: "GET", ups, name };
      case "TYPE":
        return { kind: "GET_TYPE", verb: "GET", ups, name };
      case "DESC":
        return { kind: "GET_DESC", verb: "GET", ups, name };
      case "CMDDESC":
        return { kind: "GET_CMDDESC", verb: "GET", ups, name };
    }
  }
  return { kind: "INVALID", verb: "GET" };
}
