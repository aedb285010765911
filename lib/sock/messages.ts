/**
 * Pure parse/format of NUT's driver socket protocol (docs/sock-protocol.txt): the lines a driver sends to
 * the server, and the requests the server (or upsdrvctl, or a sibling driver) sends to a driver.
 * Lines are tokenized with the project's one tokenizer (lib/words).
 * @module
 */
import { formatWord, quoteWord } from "../words/encode.ts";
import type { StateChange, VarFlag } from "../state/types.ts";

/** Result codes of a driver's instcmd/setvar handler, carried by `TRACKING <id> <value>`. */
export const HANDLER_STATUS = {
  HANDLED: 0,
  UNKNOWN: 1,
  INVALID: 2,
  FAILED: 3,
  CONVERSION_FAILED: 4,
} as const;

/** A handler result code (see {@linkcode HANDLER_STATUS}). */
export type HandlerStatus = (typeof HANDLER_STATUS)[keyof typeof HANDLER_STATUS];

/** A line sent by a driver. */
export type DriverMessage =
  | StateChange
  | { kind: "DUMPDONE" }
  | { kind: "PONG" }
  | { kind: "PID"; pid: string }
  | { kind: "OK"; text: string }
  | { kind: "TRACKING"; id: string; status: number };

/** A request sent to a driver. */
export type DriverRequest =
  | { kind: "PING" }
  | { kind: "DUMPALL" }
  | { kind: "DUMPSTATUS" }
  | { kind: "DUMPVALUE"; name: string }
  | { kind: "GETPID" }
  | { kind: "NOBROADCAST" }
  | { kind: "BROADCAST"; enabled: boolean }
  | { kind: "LOGOUT" }
  | { kind: "INSTCMD"; name: string; param?: string; tracking?: string }
  | { kind: "SET"; name: string; value: string; tracking?: string };

/** Why a line could not be parsed. */
export class SockSyntaxError extends SyntaxError {
  /**
   * @param message what was wrong
   * @param words the offending words
   */
  constructor(message: string, readonly words: readonly string[]) {
    super(message);
    this.name = "SockSyntaxError";
  }
}

/**
 * A line that is no message (or no request) of the protocol, as a value: what {@linkcode readDriverMessage}
 * and {@linkcode readDriverRequest} return where the parse functions throw. A peer that sends many bad lines
 * costs no error object per line (several microseconds each in Deno).
 */
export interface SockSyntax {
  /** Discriminant. */
  kind: "SYNTAX";
  /** What was wrong (the message of the {@linkcode SockSyntaxError} the parse functions throw). */
  message: string;
}

function expected(form: string): SockSyntax {
  return { kind: "SYNTAX", message: `Cannot parse socket line: expected "${form}"` };
}

function notInteger(word: string | undefined): SockSyntax {
  return { kind: "SYNTAX", message: `Cannot parse socket line: "${word ?? ""}" is not an integer` };
}

const INTEGER = /^[-+]?\d+$/;

function int(words: readonly string[], i: number): number | undefined {
  const n = Number(words[i]);
  return INTEGER.test(words[i] ?? "") && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Reads a line sent by a driver, without throwing.
 * @param words the line's words (from the tokenizer)
 * @returns the message, or why the line is none
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(readDriverMessage(["SETINFO", "ups.status", "OL"]), { kind: "SETINFO", name: "ups.status", value: "OL" });
 * assertEquals(readDriverMessage(["NOPE"]).kind, "SYNTAX");
 * ```
 */
export function readDriverMessage(words: readonly string[]): DriverMessage | SockSyntax {
  const cmd = (words[0] ?? "").toUpperCase();
  switch (cmd) {
    case "SETINFO":
      if (words.length < 3) return expected("SETINFO <varname> <value>");
      return { kind: "SETINFO", name: words[1], value: words[2] };
    case "DELINFO":
      if (words.length < 2) return expected("DELINFO <varname>");
      return { kind: "DELINFO", name: words[1] };
    case "ADDENUM":
    case "DELENUM":
      if (words.length < 3) return expected(`${cmd} <varname> <value>`);
      return { kind: cmd, name: words[1], value: words[2] };
    case "ADDRANGE":
    case "DELRANGE": {
      if (words.length < 4) return expected(`${cmd} <varname> <min> <max>`);
      const min = int(words, 2);
      if (min === undefined) return notInteger(words[2]);
      const max = int(words, 3);
      if (max === undefined) return notInteger(words[3]);
      return { kind: cmd, name: words[1], min, max };
    }
    case "SETAUX": {
      if (words.length < 3) return expected("SETAUX <varname> <number>");
      const aux = int(words, 2);
      if (aux === undefined) return notInteger(words[2]);
      return { kind: "SETAUX", name: words[1], aux };
    }
    case "SETFLAGS": {
      if (words.length < 2) return expected("SETFLAGS <varname> <flag>...");
      const flags = words.slice(2).map((f) => f.toUpperCase()).filter((f): f is VarFlag =>
        f === "RW" || f === "STRING" || f === "NUMBER"
      );
      return { kind: "SETFLAGS", name: words[1], flags };
    }
    case "ADDCMD":
    case "DELCMD":
      if (words.length < 2) return expected(`${cmd} <cmdname>`);
      return { kind: cmd, name: words[1] };
    case "DATAOK":
    case "DATASTALE":
    case "DUMPDONE":
    case "PONG":
      return { kind: cmd };
    case "PID":
      if (words.length < 2) return expected("PID <id>");
      return { kind: "PID", pid: words[1] };
    case "OK":
      return { kind: "OK", text: words.slice(1).join(" ") };
    case "TRACKING": {
      if (words.length < 3) return expected("TRACKING <id> <value>");
      const status = int(words, 2);
      if (status === undefined) return notInteger(words[2]);
      return { kind: "TRACKING", id: words[1], status };
    }
    default:
      return { kind: "SYNTAX", message: `Cannot parse socket line: unknown word "${words[0] ?? ""}"` };
  }
}

/**
 * Parses a line sent by a driver.
 * @param words the line's words (from the tokenizer)
 * @returns the message
 * @throws {SockSyntaxError} on an unknown word or missing arguments
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseDriverMessage(["SETINFO", "ups.status", "OB LB"]), { kind: "SETINFO", name: "ups.status", value: "OB LB" });
 * ```
 */
export function parseDriverMessage(words: readonly string[]): DriverMessage {
  const m = readDriverMessage(words);
  if (m.kind === "SYNTAX") throw new SockSyntaxError(m.message, words);
  return m;
}

/**
 * Formats a driver message as one line (no newline), values quoted and escaped as NUT does.
 * @param m the message
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatDriverMessage({ kind: "SETFLAGS", name: "ups.id", flags: ["RW", "STRING"] }), "SETFLAGS ups.id RW STRING");
 * ```
 */
export function formatDriverMessage(m: DriverMessage): string {
  switch (m.kind) {
    case "SETINFO":
    case "ADDENUM":
    case "DELENUM":
      return `${m.kind} ${m.name} ${quoteWord(m.value)}`;
    case "DELINFO":
    case "ADDCMD":
    case "DELCMD":
      return `${m.kind} ${m.name}`;
    case "ADDRANGE":
    case "DELRANGE":
      return `${m.kind} ${m.name} ${m.min} ${m.max}`;
    case "SETAUX":
      return `SETAUX ${m.name} ${m.aux}`;
    case "SETFLAGS":
      return m.flags.length ? `SETFLAGS ${m.name} ${m.flags.join(" ")}` : `SETFLAGS ${m.name}`;
    case "DATAOK":
    case "DATASTALE":
    case "DUMPDONE":
    case "PONG":
      return m.kind;
    case "PID":
      return `PID ${formatWord(m.pid)}`;
    case "OK":
      return m.text ? `OK ${m.text}` : "OK";
    case "TRACKING":
      return `TRACKING ${m.id} ${m.status}`;
  }
}

/**
 * Reads a request sent to a driver, without throwing.
 * @param words the line's words
 * @returns the request, or why the line is none
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(readDriverRequest(["DUMPALL"]), { kind: "DUMPALL" });
 * assertEquals(readDriverRequest(["SETINFO", "x", "1"]).kind, "SYNTAX");
 * ```
 */
export function readDriverRequest(words: readonly string[]): DriverRequest | SockSyntax {
  const cmd = (words[0] ?? "").toUpperCase();
  switch (cmd) {
    case "PING":
    case "DUMPALL":
    case "DUMPSTATUS":
    case "GETPID":
    case "NOBROADCAST":
    case "LOGOUT":
      return { kind: cmd };
    case "BROADCAST": {
      const n = words.length > 1 ? Number(words[1]) : 1;
      return { kind: "BROADCAST", enabled: !(n <= 0) };
    }
    case "DUMPVALUE":
      if (words.length < 2) return expected("DUMPVALUE <varname>");
      return { kind: "DUMPVALUE", name: words[1] };
    case "INSTCMD": {
      if (words.length < 2) return expected("INSTCMD <cmdname> [<cmdparam>] [TRACKING <id>]");
      const rest = words.slice(2);
      const req: DriverRequest = { kind: "INSTCMD", name: words[1] };
      const t = trackingAt(rest);
      if (t >= 0) req.tracking = rest[t + 1];
      const params = t >= 0 ? rest.slice(0, t) : rest;
      if (params.length) req.param = params.join(" ");
      return req;
    }
    case "SET": {
      if (words.length < 3) return expected("SET <varname> <value> [TRACKING <id>]");
      const req: DriverRequest = { kind: "SET", name: words[1], value: words[2] };
      if (words.length >= 5 && words[3].toUpperCase() === "TRACKING") req.tracking = words[4];
      return req;
    }
    default:
      return { kind: "SYNTAX", message: `Cannot parse socket request: unknown word "${words[0] ?? ""}"` };
  }
}

/**
 * Parses a request sent to a driver.
 * @param words the line's words
 * @returns the request
 * @throws {SockSyntaxError} on an unknown word or missing arguments
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseDriverRequest(["INSTCMD", "load.off", "10", "TRACKING", "abc"]), { kind: "INSTCMD", name: "load.off", param: "10", tracking: "abc" });
 * ```
 */
export function parseDriverRequest(words: readonly string[]): DriverRequest {
  const r = readDriverRequest(words);
  if (r.kind === "SYNTAX") throw new SockSyntaxError(r.message, words);
  return r;
}

function trackingAt(rest: readonly string[]): number {
  const i = rest.length - 2;
  return i >= 0 && rest[i].toUpperCase() === "TRACKING" ? i : -1;
}

/**
 * Formats a request to a driver as one line (no newline).
 * @param r the request
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatDriverRequest({ kind: "SET", name: "ups.id", value: "Data room" }), 'SET ups.id "Data room"');
 * ```
 */
export function formatDriverRequest(r: DriverRequest): string {
  switch (r.kind) {
    case "PING":
    case "DUMPALL":
    case "DUMPSTATUS":
    case "GETPID":
    case "NOBROADCAST":
    case "LOGOUT":
      return r.kind;
    case "BROADCAST":
      return r.enabled ? "BROADCAST 1" : "BROADCAST 0";
    case "DUMPVALUE":
      return `DUMPVALUE ${r.name}`;
    case "INSTCMD": {
      let line = `INSTCMD ${r.name}`;
      if (r.param !== undefined) line += ` ${formatWord(r.param)}`;
      if (r.tracking) line += ` TRACKING ${r.tracking}`;
      return line;
    }
    case "SET": {
      let line = `SET ${r.name} ${quoteWord(r.value)}`;
      if (r.tracking) line += ` TRACKING ${r.tracking}`;
      return line;
    }
  }
}
