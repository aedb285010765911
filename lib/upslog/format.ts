/**
 * upslog's format strings (pure): compiled once into items, then rendered for each log line, with the
 * exact quirks of NUT's upslog so that the same format gives the same text:
 *
 * - `%%` is a `%`, `%t` a TAB (NUT 2.8.3+);
 * - `%NAME[ arg]%` names a token by a case-insensitive prefix match in the order HOST, UPSHOST, PID,
 *   TIME, VAR, ETIME (so `%hostname%` is HOST and `%UPSHOST%` is UPSHOST);
 * - an unknown name, or a `%` without a closing one, prints `INVALID` (the unclosed case then goes on
 *   with the next character);
 * - `%VAR name%` prints `INVALID` without a name or for a name without a dot, and `NA` when the server
 *   has no value;
 * - `%TIME fmt%` is strftime() with `@` standing for `%`.
 * @module
 */
import { localTime, strftime } from "./strftime.ts";

/** NUT's default format. */
export const DEFAULT_LOG_FORMAT = "%TIME @Y@m@d @H@M@S% %VAR battery.charge% " +
  "%VAR input.voltage% %VAR ups.load% [%VAR ups.status%] " +
  "%VAR ups.temperature% %VAR input.frequency%";

/** NUT's log line buffer holds this many characters (LARGEBUF - 1). */
export const MAX_LINE = 4095;

/** A token kind, in the order NUT matches them. */
export type TokenName = "HOST" | "UPSHOST" | "PID" | "TIME" | "VAR" | "ETIME";

const TOKENS: readonly TokenName[] = ["HOST", "UPSHOST", "PID", "TIME", "VAR", "ETIME"];

/** One compiled piece of a format. */
export type FormatItem =
  | {
    /** Text copied as is. */
    kind: "literal";
    /** The text. */
    text: string;
  }
  | {
    /** A token evaluated for each line. */
    kind: "token";
    /** Which token. */
    name: TokenName;
    /** Its argument (undefined when the token had no space). */
    arg?: string;
  };

/**
 * Compiles a format.
 * @param format the format string
 * @returns the items
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(compileFormat("[%VAR ups.status%] 100%%"), [
 *   { kind: "literal", text: "[" },
 *   { kind: "token", name: "VAR", arg: "ups.status" },
 *   { kind: "literal", text: "] 100%" },
 * ]);
 * ```
 */
export function compileFormat(format: string): FormatItem[] {
  const items: FormatItem[] = [];
  const literal = (text: string) => {
    const last = items.at(-1);
    if (last?.kind === "literal") last.text += text;
    else items.push({ kind: "literal", text });
  };
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== "%") {
      literal(format[i]);
      continue;
    }
    if (format[i + 1] === "%") {
      literal("%");
      i++;
      continue;
    }
    if (format[i + 1] === "t") {
      literal("\t");
      i++;
      continue;
    }
    const rest = format.slice(i + 1);
    const end = rest.indexOf("%");
    if (end < 0) {
      literal("INVALID");
      continue;
    }
    const cmd = rest.slice(0, end);
    const space = cmd.indexOf(" ");
    const name = space < 0 ? cmd : cmd.slice(0, space);
    const arg = space < 0 ? undefined : cmd.slice(space + 1);
    const token = TOKENS.find((t) => name.toUpperCase().startsWith(t));
    if (token) {
      items.push(arg === undefined ? { kind: "token", name: token } : { kind: "token", name: token, arg });
    } else literal("INVALID");
    i += end + 1;
  }
  return items;
}

/**
 * The variables a compiled format asks the server for (valid `%VAR name%` tokens), in order, once each.
 * @param items the compiled format
 * @returns the names
 */
export function formatVariables(items: readonly FormatItem[]): string[] {
  const names: string[] = [];
  for (const item of items) {
    if (
      item.kind === "token" && item.name === "VAR" && validVarName(item.arg) && !names.includes(item.arg!)
    ) {
      names.push(item.arg!);
    }
  }
  return names;
}

function validVarName(arg: string | undefined): boolean {
  return arg !== undefined && arg.length > 0 && arg.includes(".");
}

/** What a line is made of besides the format. */
export interface LineContext {
  /** The time of the line. */
  now: Date;
  /** This host's name (%HOST%). */
  hostname: string;
  /** upslog's PID (%PID%). */
  pid: number;
  /** The monitored system as written (%UPSHOST%), e.g. `ups@host:3493`. */
  upsHost: string;
  /** Values of the variables; undefined = the server gave none. */
  values: ReadonlyMap<string, string | undefined>;
}

/**
 * Renders one log line (without newline), cut at NUT's buffer size.
 * @param items the compiled format
 * @param ctx time, names, values
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const items = compileFormat("%UPSHOST% %VAR ups.status% %VAR battery.charge% %VAR bad%");
 * const ctx = { now: new Date(0), hostname: "h", pid: 1, upsHost: "ups@h", values: new Map([["ups.status", "OL"]]) };
 * assertEquals(formatLogLine(items, ctx), "ups@h OL NA INVALID");
 * ```
 */
export function formatLogLine(items: readonly FormatItem[], ctx: LineContext): string {
  let line = "";
  for (const item of items) {
    if (item.kind === "literal") {
      line += item.text;
      continue;
    }
    switch (item.name) {
      case "HOST":
        line += ctx.hostname;
        break;
      case "UPSHOST":
        line += ctx.upsHost;
        break;
      case "PID":
        line += String(ctx.pid);
        break;
      case "ETIME":
        line += String(Math.floor(ctx.now.getTime() / 1000));
        break;
      case "TIME": {
        // NUT's strftime buffer holds 511 characters; a longer result is lost.
        const text = strftime((item.arg ?? "").replaceAll("@", "%"), localTime(ctx.now));
        if (text.length < 512) line += text;
        break;
      }
      case "VAR":
        line += validVarName(item.arg) ? (ctx.values.get(item.arg!) ?? "NA") : "INVALID";
        break;
    }
    if (line.length > MAX_LINE) break;
  }
  return line.slice(0, MAX_LINE);
}
