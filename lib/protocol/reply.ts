/**
 * Replies of the network protocol: one formatter per reply line as NUT writes it, a typed
 * {@linkcode Reply} with `formatReply`/`parseReply` for clients and tests.
 *
 * Values (of variables, enums, descriptions of UPSes) are quoted and escaped (NUT's pconf_encode); names
 * are echoed as the client spelled them, unquoted, as NUT does.
 * @module
 */
import { encodeWord } from "../words/encode.ts";
import { splitWords } from "../words/split.ts";

/** One reply line, typed. */
export type Reply =
  | { kind: "OK"; text?: string }
  | { kind: "ERR"; code: string; extra?: string[] }
  | { kind: "VAR" | "RW"; ups: string; name: string; value: string }
  | { kind: "TYPE"; ups: string; name: string; types: string[] }
  | { kind: "DESC" | "CMDDESC"; ups: string; name: string; desc: string }
  | { kind: "UPSDESC"; ups: string; desc: string }
  | { kind: "NUMLOGINS"; ups: string; count: number }
  | { kind: "UPS"; ups: string; desc: string }
  | { kind: "CMD"; ups: string; name: string }
  | { kind: "ENUM"; ups: string; name: string; value: string }
  | { kind: "RANGE"; ups: string; name: string; min: string; max: string }
  | { kind: "CLIENT"; ups: string; address: string }
  | { kind: "BEGIN" | "END"; list: string[] }
  | { kind: "TEXT"; text: string };

/**
 * `ERR <code> [<extra>...]`.
 * @param code the error word
 * @param extra further words
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatErrorLine("DATA-STALE"), "ERR DATA-STALE");
 * ```
 */
export function formatErrorLine(code: string, ...extra: string[]): string {
  return extra.length ? `ERR ${code} ${extra.join(" ")}` : `ERR ${code}`;
}

/**
 * `VAR <ups> <name> "<value>"` (or `RW ...` in LIST RW).
 * @param kind VAR or RW
 * @param ups UPS name as requested
 * @param name variable name as requested
 * @param value raw value (escaped here)
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatVarLine("VAR", "ups1", "ups.id", 'a "b"'), 'VAR ups1 ups.id "a \\"b\\""');
 * ```
 */
export function formatVarLine(kind: "VAR" | "RW", ups: string, name: string, value: string): string {
  return `${kind} ${ups} ${name} "${encodeWord(value)}"`;
}

/**
 * `TYPE <ups> <name> <type>...`.
 * @param ups UPS name
 * @param name variable name
 * @param types e.g. ["RW", "STRING:32"]
 * @returns the line
 */
export function formatTypeLine(ups: string, name: string, types: readonly string[]): string {
  return `TYPE ${ups} ${name} ${types.join(" ")}`;
}

/**
 * `DESC <ups> <name> "<text>"` or `CMDDESC ...`.
 * @param kind DESC or CMDDESC
 * @param ups UPS name
 * @param name variable or command name
 * @param desc the description
 * @returns the line
 */
export function formatDescLine(kind: "DESC" | "CMDDESC", ups: string, name: string, desc: string): string {
  return `${kind} ${ups} ${name} "${encodeWord(desc)}"`;
}

/**
 * `UPSDESC <ups> "<text>"`.
 * @param ups UPS name
 * @param desc the description
 * @returns the line
 */
export function formatUpsDescLine(ups: string, desc: string): string {
  return `UPSDESC ${ups} "${encodeWord(desc)}"`;
}

/**
 * `NUMLOGINS <ups> <count>`.
 * @param ups UPS name
 * @param count logins
 * @returns the line
 */
export function formatNumLoginsLine(ups: string, count: number): string {
  return `NUMLOGINS ${ups} ${count}`;
}

/**
 * `UPS <ups> "<desc>"` (LIST UPS).
 * @param ups UPS name
 * @param desc the description
 * @returns the line
 */
export function formatUpsLine(ups: string, desc: string): string {
  return `UPS ${ups} "${encodeWord(desc)}"`;
}

/**
 * `CMD <ups> <name>` (LIST CMD).
 * @param ups UPS name
 * @param name command name
 * @returns the line
 */
export function formatCmdLine(ups: string, name: string): string {
  return `CMD ${ups} ${name}`;
}

/**
 * `ENUM <ups> <name> "<value>"` (LIST ENUM).
 * @param ups UPS name
 * @param name variable name
 * @param value accepted value
 * @returns the line
 */
export function formatEnumLine(ups: string, name: string, value: string): string {
  return `ENUM ${ups} ${name} "${encodeWord(value)}"`;
}

/**
 * `RANGE <ups> <name> "<min>" "<max>"` (LIST RANGE).
 * @param ups UPS name
 * @param name variable name
 * @param min lowest value
 * @param max highest value
 * @returns the line
 */
export function formatRangeLine(
  ups: string,
  name: string,
  min: number | string,
  max: number | string,
): string {
  return `RANGE ${ups} ${name} "${min}" "${max}"`;
}

/**
 * `CLIENT <ups> <address>` (LIST CLIENT).
 * @param ups UPS name the client logged into
 * @param address client IP address
 * @returns the line
 */
export function formatClientLine(ups: string, address: string): string {
  return `CLIENT ${ups} ${address}`;
}

/**
 * Writes any reply line (no newline).
 * @param reply the reply
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatReply({ kind: "BEGIN", list: ["VAR", "ups1"] }), "BEGIN LIST VAR ups1");
 * assertEquals(formatReply({ kind: "OK", text: "Goodbye" }), "OK Goodbye");
 * ```
 */
export function formatReply(reply: Reply): string {
  switch (reply.kind) {
    case "OK":
      return reply.text ? `OK ${reply.text}` : "OK";
    case "ERR":
      return formatErrorLine(reply.code, ...(reply.extra ?? []));
    case "VAR":
    case "RW":
      return formatVarLine(reply.kind, reply.ups, reply.name, reply.value);
    case "TYPE":
      return formatTypeLine(reply.ups, reply.name, reply.types);
    case "DESC":
    case "CMDDESC":
      return formatDescLine(reply.kind, reply.ups, reply.name, reply.desc);
    case "UPSDESC":
      return formatUpsDescLine(reply.ups, reply.desc);
    case "NUMLOGINS":
      return formatNumLoginsLine(reply.ups, reply.count);
    case "UPS":
      return formatUpsLine(reply.ups, reply.desc);
    case "CMD":
      return formatCmdLine(reply.ups, reply.name);
    case "ENUM":
      return formatEnumLine(reply.ups, reply.name, reply.value);
    case "RANGE":
      return formatRangeLine(reply.ups, reply.name, reply.min, reply.max);
    case "CLIENT":
      return formatClientLine(reply.ups, reply.address);
    case "BEGIN":
    case "END":
      return `${reply.kind} LIST ${reply.list.join(" ")}`;
    case "TEXT":
      return reply.text;
  }
}

/**
 * Reads one reply line. Lines that match no known form (VER, HELP, NETVER, ON/OFF, PENDING, SUCCESS)
 * are TEXT.
 * @param line the line, without its newline
 * @returns the reply
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseReply('VAR ups1 ups.status "OB LB"'), { kind: "VAR", ups: "ups1", name: "ups.status", value: "OB LB" });
 * assertEquals(parseReply("ERR ACCESS-DENIED"), { kind: "ERR", code: "ACCESS-DENIED" });
 * ```
 */
export function parseReply(line: string): Reply {
  const w = splitWords(line);
  const n = w.length;
  switch (w[0]) {
    case "OK":
      return n > 1 ? { kind: "OK", text: w.slice(1).join(" ") } : { kind: "OK" };
    case "ERR":
      if (n >= 2) return n > 2 ? { kind: "ERR", code: w[1], extra: w.slice(2) } : { kind: "ERR", code: w[1] };
      break;
    case "VAR":
    case "RW":
      if (n === 4) return { kind: w[0], ups: w[1], name: w[2], value: w[3] };
      break;
    case "TYPE":
      if (n >= 4) return { kind: "TYPE", ups: w[1], name: w[2], types: w.slice(3) };
      break;
    case "DESC":
    case "CMDDESC":
      if (n === 4) return { kind: w[0], ups: w[1], name: w[2], desc: w[3] };
      break;
    case "UPSDESC":
      if (n === 3) return { kind: "UPSDESC", ups: w[1], desc: w[2] };
      break;
    case "NUMLOGINS":
      // A count beyond 2^53 would be no count (Infinity, or rounded): such a line is TEXT.
      if (n === 3 && /^\d+$/.test(w[2]) && Number.isSafeInteger(Number(w[2]))) {
        return { kind: "NUMLOGINS", ups: w[1], count: Number(w[2]) };
      }
      break;
    case "UPS":
      if (n === 3) return { kind: "UPS", ups: w[1], desc: w[2] };
      break;
    case "CMD":
      if (n === 3) return { kind: "CMD", ups: w[1], name: w[2] };
      break;
    case "ENUM":
      if (n === 4) return { kind: "ENUM", ups: w[1], name: w[2], value: w[3] };
      break;
    case "RANGE":
      if (n === 5) return { kind: "RANGE", ups: w[1], name: w[2], min: w[3], max: w[4] };
      break;
    case "CLIENT":
      if (n === 3) return { kind: "CLIENT", ups: w[1], address: w[2] };
      break;
    case "BEGIN":
    case "END":
      if (n >= 3 && w[1] === "LIST") return { kind: w[0], list: w.slice(2) };
      break;
  }
  return { kind: "TEXT", text: line };
}
