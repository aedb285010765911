/**
 * Parsing of NUT's server and device addresses (pure): `upsname[@hostname[:port]]` and
 * `hostname[:port]`, with IPv6 literals in brackets (`ups@[::1]:3493`), following the rules of NUT's
 * upscli_splitname / upscli_splitaddr, including their messages.
 * @module
 */

/** The port NUT's clients connect to when none is given (IANA's port for NUT; clients read no env var). */
export const DEFAULT_PORT = 3493;

/** The host NUT's clients connect to when none is given. */
export const DEFAULT_HOST = "localhost";

/** NUT copies names into a 512-byte buffer: longer input is cut to this many characters. */
const MAX_NAME = 511;

/** A `hostname[:port]` address. */
export interface ServerAddress {
  /** Host name or address (brackets of an IPv6 literal removed). */
  host: string;
  /** TCP port. */
  port: number;
}

/** A `upsname[@hostname[:port]]` device address. */
export interface DeviceAddress extends ServerAddress {
  /** The device name on that server. */
  ups: string;
}

/** Input that is not a valid address; the message is NUT's diagnostic (e.g. `upscli_splitaddr: ...`). */
export class AddressError extends SyntaxError {
  /**
   * @param message NUT's diagnostic text, or "" where NUT prints none
   */
  constructor(message: string) {
    super(message);
    this.name = "AddressError";
  }
}

/** strtok(): the first token of `text` not made of delimiters, and the rest after its delimiter. */
function firstToken(text: string, delimiter: string): string | undefined {
  const tokens = text.split(delimiter).filter((t) => t.length > 0);
  return tokens[0];
}

/**
 * Splits `hostname[:port]` or `[ipv6][:port]`.
 * @param text the address
 * @param defaultPort port when none is given
 * @returns host and port
 * @throws {AddressError} on an empty text, a missing `]`, or a port outside 1..65535
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(splitAddress("[::1]:3494"), { host: "::1", port: 3494 });
 * assertEquals(splitAddress("nas"), { host: "nas", port: 3493 });
 * ```
 */
export function splitAddress(text: string, defaultPort = DEFAULT_PORT): ServerAddress {
  const tmp = text.slice(0, MAX_NAME);
  if (tmp === "") throw new AddressError("upscli_splitaddr: can't parse empty string");
  let host: string | undefined;
  let rest: string;
  if (tmp.startsWith("[")) {
    const close = tmp.indexOf("]");
    if (close < 0) throw new AddressError("upscli_splitaddr: missing closing bracket in [domain literal]");
    host = firstToken(tmp.slice(1), "]");
    rest = tmp.slice(close + 1);
    // The text after `]` names a port only when it starts with ':'.
    if (!rest.startsWith(":")) rest = "";
  } else {
    const colon = tmp.indexOf(":");
    host = firstToken(tmp, ":");
    rest = colon < 0 ? "" : tmp.slice(colon);
  }
  if (host === undefined) throw new AddressError("upscli_splitaddr: can't parse empty string");
  if (rest === "") return { host, port: defaultPort };
  const port = strtol(rest.slice(1));
  if (rest.length === 1 || port < 1 || port > 65535) {
    throw new AddressError("upscli_splitaddr: no port specified after ':' separator");
  }
  return { host, port };
}

/**
 * Splits `upsname[@hostname[:port]]`; the host defaults to localhost and the port to 3493.
 * @param text the device address
 * @param defaultPort port when none is given
 * @returns device, host and port
 * @throws {AddressError} on an empty text or an invalid host part
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(splitName("su700@[::1]:3494"), { ups: "su700", host: "::1", port: 3494 });
 * assertEquals(splitName("su700"), { ups: "su700", host: "localhost", port: 3493 });
 * ```
 */
export function splitName(text: string, defaultPort = DEFAULT_PORT): DeviceAddress {
  const tmp = text.slice(0, MAX_NAME);
  if (tmp === "") throw new AddressError("upscli_splitname: can't parse empty string");
  const ups = firstToken(tmp, "@");
  if (ups === undefined) throw new AddressError("upscli_splitname: can't parse empty string");
  const at = tmp.indexOf("@");
  if (at < 0) return { ups, host: DEFAULT_HOST, port: defaultPort };
  return { ups, ...splitAddress(tmp.slice(at + 1), defaultPort) };
}

/**
 * Formats a device address back into `ups@host:port` (brackets around IPv6 literals; the port only when
 * not the default).
 * @param address the parts
 * @returns the text
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatName({ ups: "u", host: "::1", port: 3494 }), "u@[::1]:3494");
 * ```
 */
export function formatName(address: DeviceAddress): string {
  return `${address.ups}@${formatAddress(address)}`;
}

/**
 * Formats a server address as `host[:port]` (brackets around IPv6 literals).
 * @param address the parts
 * @returns the text
 */
export function formatAddress(address: ServerAddress): string {
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return address.port === DEFAULT_PORT ? host : `${host}:${address.port}`;
}

/** C's strtol(s, NULL, 10) clamped to the int range: leading blanks, a sign, then digits; 0 when none. */
function strtol(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return 0;
  const n = Number(m[2].slice(0, 12));
  return m[1] === "-" ? -n : n;
}
