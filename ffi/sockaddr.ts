/**
 * Socket addresses as Linux lays them out (`struct sockaddr_in`, `struct sockaddr_in6`), and IP address
 * text as `inet_pton`/`inet_ntop` read and write it. Pure: no FFI here, so it is tested without
 * permissions; ffi/socket.ts passes the bytes to libc.
 *
 * ```
 * sockaddr_in  (16 bytes): family u16 (host order) | port u16 (network order) | addr[4]  | zero[8]
 * sockaddr_in6 (28 bytes): family u16 (host order) | port u16 (network order) | flowinfo u32 | addr[16] | scope_id u32
 * ```
 * @module
 */

/** Linux's address family numbers (the same on every Linux architecture). */
export const AF = { INET: 2, INET6: 10 } as const;

/** Size of `struct sockaddr_in`. */
export const SOCKADDR_IN_SIZE = 16;
/** Size of `struct sockaddr_in6`; also enough for accept4() to return either family. */
export const SOCKADDR_IN6_SIZE = 28;

/** An IP address in binary form. */
export interface IpAddress {
  /** 4 or 6. */
  family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
  /** IPv6 zone (`fe80::1%eth0` -> `eth0`, or a number), when one was given. */
  zone?: string;
}

/** A decoded socket address. */
export interface SocketAddress {
  /** 4 or 6. */
  family: 4 | 6;
  /** The address as inet_ntop writes it. */
  address: string;
  /** The port. */
  port: number;
}

/**
 * Reads a dotted-quad IPv4 address (four decimal numbers 0..255, as inet_pton accepts).
 * @param text the address
 * @returns the 4 bytes, or undefined when it is not one
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(parseIpv4("127.0.0.1"), new Uint8Array([127, 0, 0, 1]));
 * assertEquals(parseIpv4("127.1"), undefined);
 * ```
 */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === "0")) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/**
 * Reads an IPv6 address (`::` shorthand and a trailing dotted quad allowed, as inet_pton accepts).
 * @param text the address, without zone
 * @returns the 16 bytes, or undefined when it is not one
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(parseIpv6("::1")?.[15], 1);
 * assertEquals(parseIpv6("::ffff:10.0.0.5")?.slice(10), new Uint8Array([255, 255, 10, 0, 0, 5]));
 * assertEquals(parseIpv6("1:::2"), undefined);
 * ```
 */
export function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const parts = s.split(":");
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes(".")) {
        const v4 = parseIpv4(p);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

/**
 * Reads an IP address of either family (an IPv6 one may carry a `%zone`).
 * @param text the address
 * @returns the address, or undefined when the text is not an IP address (a host name, say)
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(parseIp("fe80::1%2")?.zone, "2");
 * assertEquals(parseIp("localhost"), undefined);
 * ```
 */
export function parseIp(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, bytes: v4 };
  const pct = text.indexOf("%");
  const v6 = parseIpv6(pct < 0 ? text : text.slice(0, pct));
  if (!v6) return undefined;
  if (pct < 0) return { family: 6, bytes: v6 };
  const zone = text.slice(pct + 1);
  return zone ? { family: 6, bytes: v6, zone } : undefined;
}

/**
 * Writes an IPv6 address as glibc's inet_ntop does: lower-case hex, the longest run of two or more zero
 * groups (the first of equal runs) as `::`, IPv4-mapped and IPv4-compatible addresses ending in a dotted
 * quad.
 * @param b the 16 bytes
 * @returns the text
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const t = (s: string) => formatIpv6(parseIpv6(s)!);
 * assertEquals([t("0:0:0:0:0:0:0:1"), t("2001:DB8:0:0:1:0:0:1"), t("::ffff:1.2.3.4"), t("1:0:2:3:4:5:6:7")],
 *   ["::1", "2001:db8::1:0:0:1", "::ffff:1.2.3.4", "1:0:2:3:4:5:6:7"]);
 * ```
 */
export function formatIpv6(b: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[2 * i] << 8) | b[2 * i + 1]);
  let bestBase = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) bestBase = i, bestLen = j - i;
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      out += ":";
      i += bestLen - 1;
      if (i === 7) out += ":";
      continue;
    }
    if (i > 0) out += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      return out + `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    }
    out += words[i].toString(16);
  }
  return out;
}

/**
 * Encodes a socket address for bind()/connect().
 * @param ip the address
 * @param port the port
 * @param scopeId the IPv6 interface index (0 = none)
 * @returns `struct sockaddr_in` or `struct sockaddr_in6`
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(encodeSockaddr({ family: 4, bytes: parseIpv4("127.0.0.1")! }, 3493),
 *   new Uint8Array([2, 0, 0x0d, 0xa5, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
 * ```
 */
export function encodeSockaddr(ip: IpAddress, port: number, scopeId = 0): Uint8Array<ArrayBuffer> {
  const size = ip.family === 4 ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint16(0, ip.family === 4 ? AF.INET : AF.INET6, true);
  view.setUint16(2, port, false);
  if (ip.family === 4) out.set(ip.bytes, 4);
  else {
    out.set(ip.bytes, 8);
    view.setUint32(24, scopeId, true);
  }
  return out;
}

/**
 * Decodes a socket address filled in by accept4() or getsockname().
 * @param b the bytes (at least the size of the family's struct)
 * @returns the address, or undefined for another family
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const b = encodeSockaddr({ family: 6, bytes: parseIpv6("::1")! }, 40000);
 * assertEquals(decodeSockaddr(b), { family: 6, address: "::1", port: 40000 });
 * ```
 */
export function decodeSockaddr(b: Uint8Array): SocketAddress | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const family = view.getUint16(0, true);
  const port = view.getUint16(2, false);
  if (family === AF.INET && b.length >= SOCKADDR_IN_SIZE) {
    return { family: 4, address: `${b[4]}.${b[5]}.${b[6]}.${b[7]}`, port };
  }
  if (family === AF.INET6 && b.length >= SOCKADDR_IN6_SIZE) {
    return { family: 6, address: formatIpv6(b.subarray(8, 24)), port };
  }
  return undefined;
}
