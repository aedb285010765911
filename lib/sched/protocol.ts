/**
 * The protocol between upssched calls and the timer daemon, over the Unix socket PIPEFN (pure). One
 * request per line, words in parseconf quoting; the daemon answers `OK` or `ERR UNKNOWN`.
 *
 * | request                                                        | sent by                          |
 * | -------------------------------------------------------------- | -------------------------------- |
 * | `START "<name>" "<seconds>"`                                   | NUT 2.8.0                        |
 * | `START "<name>" "<seconds>" "<type>" "<ups>" "<msg>"`          | NUT 2.8.5 and later, and us      |
 * | `START-SHARED ...`, `CANCEL-MATCHED ...` (same words)          | NUT 2.8.5 and later, and us      |
 * | `CANCEL "<name>" ["<cmd>"]` (+ `"<type>" "<ups>" "<msg>"`)     | both                             |
 * | `LIST-TIMERS`  → `BEGIN LIST TIMERS`, rows, `END LIST TIMERS`  | `upssched -l` (NUT 2.8.5+)       |
 *
 * The daemon accepts both forms, so NUT 2.8.0's upssched and the newer ones can talk to ours; our calls
 * send the long form, which NUT 2.8.0's daemon reads too (it ignores the words it does not know).
 * @module
 */
import { quoteWord } from "../words/encode.ts";

/** A request to the timer daemon. */
export type SchedRequest =
  | {
    /** Start a timer. */
    kind: "START";
    /** START-SHARED: add the event to a running timer of that name instead of starting another. */
    shared: boolean;
    /** Timer name (CMDSCRIPT's argument when it fires). */
    name: string;
    /** Seconds, as written in upssched.conf (read like C's strtol). */
    seconds: string;
    /** NOTIFYTYPE of the event ("" when the caller did not send it). */
    notifyType: string;
    /** UPSNAME of the event. */
    upsName: string;
    /** NOTIFYMSG of the event. */
    message: string;
  }
  | {
    /** Cancel every timer of a name. */
    kind: "CANCEL";
    /** CANCEL-MATCHED: only timers started for this UPS and notify type. */
    matched: boolean;
    /** Timer name. */
    name: string;
    /** Argument for CMDSCRIPT when no such timer runs (the timer already fired, or never started). */
    command?: string;
    /** NOTIFYTYPE of the event. */
    notifyType: string;
    /** UPSNAME of the event. */
    upsName: string;
    /** NOTIFYMSG of the event. */
    message: string;
  }
  | {
    /** List the running timers. */
    kind: "LIST-TIMERS";
  };

/** The daemon's answer to a request it carried out. */
export const REPLY_OK = "OK";

/** The daemon's answer to a request it does not know. */
export const REPLY_UNKNOWN = "ERR UNKNOWN";

/**
 * Reads a request from the words of one line.
 * @param words the words (already unquoted)
 * @returns the request, or undefined when it is not one (the daemon answers ERR UNKNOWN)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseSchedRequest(["START", "onbatt", "30"]), {
 *   kind: "START", shared: false, name: "onbatt", seconds: "30", notifyType: "", upsName: "", message: "",
 * });
 * ```
 */
export function parseSchedRequest(words: readonly string[]): SchedRequest | undefined {
  const [verb, ...args] = words;
  const meta = () => ({ notifyType: args[2] ?? "", upsName: args[3] ?? "", message: args[4] ?? "" });
  switch (verb) {
    case "START":
    case "START-SHARED":
      if (args.length < 2) return undefined;
      return { kind: "START", shared: verb === "START-SHARED", name: args[0], seconds: args[1], ...meta() };
    case "CANCEL":
    case "CANCEL-MATCHED":
      if (args.length < 1) return undefined;
      return {
        kind: "CANCEL",
        matched: verb === "CANCEL-MATCHED",
        name: args[0],
        ...(args.length >= 2 ? { command: args[1] } : {}),
        ...meta(),
      };
    case "LIST-TIMERS":
      return { kind: "LIST-TIMERS" };
    default:
      return undefined;
  }
}

/**
 * Writes a request line (without the newline), in the long form NUT 2.8.5 and later send.
 * @param request the request
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(
 *   formatSchedRequest({ kind: "CANCEL", matched: false, name: "onbatt", notifyType: "ONLINE", upsName: "u@h", message: "" }),
 *   'CANCEL "onbatt" "" "ONLINE" "u@h" ""',
 * );
 * ```
 */
export function formatSchedRequest(request: SchedRequest): string {
  if (request.kind === "LIST-TIMERS") return 'LIST-TIMERS "" "" "" "" ""';
  const verb = request.kind === "START"
    ? (request.shared ? "START-SHARED" : "START")
    : (request.matched ? "CANCEL-MATCHED" : "CANCEL");
  const second = request.kind === "START" ? request.seconds : request.command ?? "";
  return [
    verb,
    ...[request.name, second, request.notifyType, request.upsName, request.message].map(quoteWord),
  ]
    .join(" ");
}

/**
 * Reads a number of seconds as C's strtol(text, NULL, 10) does: leading blanks, a sign, digits; whatever
 * follows is ignored and no digits at all read as 0.
 * @param text the text
 * @returns the number (NaN never: garbage is 0)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([strtol(" 30s"), strtol("abc"), strtol("-5")], [30, 0, -5]);
 * ```
 */
export function strtol(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (!m) return 0;
  const n = Number(m[2]);
  const clamped = Math.min(n, Number.MAX_SAFE_INTEGER);
  return m[1] === "-" ? -clamped : clamped;
}

/**
 * C's printf("%g") of a number: six significant digits, trailing zeros dropped, exponent form for very
 * large or small magnitudes. Used for the relative time in timer listings, as NUT prints it.
 * @param value the number
 * @returns the text
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([formatG(29), formatG(-1.5), formatG(0.25), formatG(1234567)], ["29", "-1.5", "0.25", "1.23457e+06"]);
 * ```
 */
export function formatG(value: number): string {
  if (value === 0) return "0";
  if (!Number.isFinite(value)) return String(value);
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [mant, e] = value.toExponential(5).split("e");
    const m = mant.includes(".") ? mant.replace(/0+$/, "").replace(/\.$/, "") : mant;
    const en = Number(e);
    return `${m}e${en < 0 ? "-" : "+"}${String(Math.abs(en)).padStart(2, "0")}`;
  }
  const fixed = value.toFixed(Math.max(0, 5 - exp));
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}
