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

function need(words: readonly string[], count: number, form: string): void {
  if (words.length < count) throw new SockSyntaxError(`Cannot parse socket line: expected "${form}"`, words);
}

function int(words: readonly string[], i: number): number {
  const n = Number(words[i]);
  if (!/^[-+]?\d+$/.test(words[i] ?? "") || !Number.isSafeInteger(n)) {
    throw new SockSyntaxError(`Cannot parse socket line: "${words[i] ?? ""}" is not an integer`, words);
  }
  return n;
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
  const cmd = (words[0] ?? "").toUpperCase();
  switch (cmd) {
    case "SETINFO":
      need(words, 3, "SETINFO <varname> <value>");
      return { kind: "SETINFO", name: words[1], value: words[2] };
    case "DELINFO":
      need(words, 2, "DELINFO <varname>");
      return { kind: "DELINFO", name: words[1] };
    case "ADDENUM":
    case "DELENUM":
      need(words, 3, `${cmd} <varname> <value>`);
      return { kind: cmd, name: words[1], value: words[2] };
    case "ADDRANGE":
    case "DELRANGE":
      need(words, 4, `${cmd} <varname> <min> <max>`);
      return { kind: cmd, name: words[1], min: int(words, 2), max: int(words, 3) };
    case "SETAUX":
      need(words, 3, "SETAUX <varname> <number>");
      return { kind: "SETAUX", name: words[1], aux: int(words, 2) };
    case "SETFLAGS": {
      need(words, 2, "SETFLAGS <varname> <flag>...");
      const flags = words.slice(2).map((f) => f.toUpperCase()).filter((f): f is VarFlag =>
        f === "RW" || f === "STRING" || f === "NUMBER"
      );
      return { kind: "SETFLAGS", name: words[1], flags };
    }
    case "ADDCMD":
    case "DELCMD":
      need(words, 2, `${cmd} <cmdname>`);
      return { kind: cmd, name: words[1] };
    case "DATAOK":
    case "DATASTALE":
    case "DUMPDONE":
    case "PONG":
      return { kind: cmd };
    case "PID":
      need(words, 2, "PID <id>");
      return { kind: "PID", pid: words[1] };
    case "OK":
      return { kind: "OK", text: words.slice(1).join(" ") };
    case "TRACKING":
      need(words, 3, "TRACKING <id> <value>");
      return { kind: "TRACKING", id: words[1], status: int(words, 2) };
    default:
      throw new SockSyntaxError(`Cannot parse socket line: unknown word "${words[0] ?? ""}"`, words);
  }
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
      need(words, 2, "DUMPVALUE <varname>");
      return { kind: "DUMPVALUE", name: words[1] };
    case "INSTCMD": {
      need(words, 2, "INSTCMD <cmdname> [<cmdparam>] [TRACKING <id>]");
      const rest = words.slice(2);
      const req: DriverRequest = { kind: "INSTCMD", name: words[1] };
      const t = trackingAt(rest);
      if (t >= 0) req.tracking = rest[t + 1];
      const params = t >= 0 ? rest.slice(0, t) : rest;
      if (params.length) req.param = params.join(" ");
      return req;
    }
    case "SET": {
      need(words, 3, "SET <varname> <value> [TRACKING <id>]");
      const req: DriverRequest = { kind: "SET", name: words[1], value: words[2] };
      if (words.length >= 5 && words[3].toUpperCase() === "TRACKING") req.tracking = words[4];
      return req;
    }
    default:
      throw new SockSyntaxError(`Cannot parse socket request: unknown word "${words[0] ?? ""}"`, words);
  }
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
