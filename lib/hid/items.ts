/**
 * The items of a HID report descriptor (HID 1.11, 6.2.2): short items (a prefix byte with a 4-bit tag, a
 * 2-bit type and a 2-bit size code for 0, 1, 2 or 4 little-endian data bytes) and long items (prefix 0xFE,
 * a data size byte, a tag byte, up to 255 data bytes). {@linkcode decodeItems} splits bytes into items,
 * {@linkcode encodeItems} writes them back.
 * @module
 */
import { HidDescriptorError } from "./errors.ts";

/** An item's type: the 2-bit type field of a short item (3 is reserved), or a long item. */
export type HidItemType = "main" | "global" | "local" | "reserved" | "long";

/** One item of a report descriptor. */
export interface HidItem {
  /** Byte offset of the item's prefix in the descriptor. */
  readonly offset: number;
  /** Item type. */
  readonly type: HidItemType;
  /** 4-bit tag of a short item, or the tag byte of a long item. */
  readonly tag: number;
  /** Data bytes: 0, 1, 2 or 4 for a short item, 0 to 255 for a long one. */
  readonly data: Uint8Array;
}

/** Tags of main items. */
export const MAIN_TAG = Object.freeze({
  INPUT: 0x8,
  OUTPUT: 0x9,
  COLLECTION: 0xa,
  FEATURE: 0xb,
  END_COLLECTION: 0xc,
});

/** Tags of global items. */
export const GLOBAL_TAG = Object.freeze({
  USAGE_PAGE: 0x0,
  LOGICAL_MINIMUM: 0x1,
  LOGICAL_MAXIMUM: 0x2,
  PHYSICAL_MINIMUM: 0x3,
  PHYSICAL_MAXIMUM: 0x4,
  UNIT_EXPONENT: 0x5,
  UNIT: 0x6,
  REPORT_SIZE: 0x7,
  REPORT_ID: 0x8,
  REPORT_COUNT: 0x9,
  PUSH: 0xa,
  POP: 0xb,
});

/** Tags of local items. */
export const LOCAL_TAG = Object.freeze({
  USAGE: 0x0,
  USAGE_MINIMUM: 0x1,
  USAGE_MAXIMUM: 0x2,
  DESIGNATOR_INDEX: 0x3,
  DESIGNATOR_MINIMUM: 0x4,
  DESIGNATOR_MAXIMUM: 0x5,
  STRING_INDEX: 0x7,
  STRING_MINIMUM: 0x8,
  STRING_MAXIMUM: 0x9,
  DELIMITER: 0xa,
});

/** The longest descriptor accepted: a USB descriptor length is 16 bits. */
export const MAX_DESCRIPTOR_BYTES = 65535;

const LONG_PREFIX = 0xfe;
const SHORT_TYPES: readonly HidItemType[] = ["main", "global", "local", "reserved"];
const SHORT_SIZES = [0, 1, 2, 4] as const;

/**
 * Splits a report descriptor into items.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const items = decodeItems(new Uint8Array([0x05, 0x84, 0x26, 0xff, 0x00, 0xc0]));
 * assertEquals(items.map((i) => [i.offset, i.type, i.tag, itemUnsigned(i), itemSigned(i)]), [
 *   [0, "global", 0x0, 0x84, -124],
 *   [2, "global", 0x2, 255, 255],
 *   [5, "main", 0xc, 0, 0],
 * ]);
 * ```
 * @param bytes the descriptor
 * @returns its items, in order
 * @throws {HidDescriptorError} `TOO_LONG` above {@linkcode MAX_DESCRIPTOR_BYTES}, `TRUNCATED` when an item's
 *   data runs past the end
 */
export function decodeItems(bytes: Uint8Array): HidItem[] {
  if (bytes.length > MAX_DESCRIPTOR_BYTES) {
    throw new HidDescriptorError("TOO_LONG", MAX_DESCRIPTOR_BYTES, `${bytes.length} bytes, at most 65535`);
  }
  const items: HidItem[] = [];
  const own = bytes.slice(); // items are views of one copy: the caller may reuse its buffer
  let pos = 0;
  while (pos < bytes.length) {
    const prefix = bytes[pos];
    if (prefix === LONG_PREFIX) {
      if (pos + 3 > bytes.length) {
        throw new HidDescriptorError("TRUNCATED", pos, "long item 0xfe without its size and tag bytes");
      }
      const size = bytes[pos + 1];
      const end = pos + 3 + size;
      if (end > bytes.length) {
        throw new HidDescriptorError(
          "TRUNCATED",
          pos,
          `long item needs ${size} data bytes, ${bytes.length - pos - 3} left`,
        );
      }
      items.push({ offset: pos, type: "long", tag: bytes[pos + 2], data: own.subarray(pos + 3, end) });
      pos = end;
      continue;
    }
    const size = SHORT_SIZES[prefix & 0x3];
    const end = pos + 1 + size;
    if (end > bytes.length) {
      throw new HidDescriptorError(
        "TRUNCATED",
        pos,
        `item 0x${hex2(prefix)} needs ${size} data bytes, ${bytes.length - pos - 1} left`,
      );
    }
    items.push({
      offset: pos,
      type: SHORT_TYPES[(prefix >> 2) & 0x3],
      tag: prefix >> 4,
      data: own.subarray(pos + 1, end),
    });
    pos = end;
  }
  return items;
}

/**
 * Writes items back as descriptor bytes (the inverse of {@linkcode decodeItems}; offsets are not read).
 * @param items the items
 * @returns the bytes
 * @throws {RangeError} for a short item whose data is not 0, 1, 2 or 4 bytes, a long item above 255 bytes,
 *   or a tag out of range
 */
export function encodeItems(items: readonly Omit<HidItem, "offset">[]): Uint8Array {
  const out: number[] = [];
  for (const item of items) {
    if (item.type === "long") {
      if (item.data.length > 255 || item.tag < 0 || item.tag > 255) {
        throw new RangeError(`long item with tag ${item.tag} and ${item.data.length} data bytes`);
      }
      out.push(LONG_PREFIX, item.data.length, item.tag, ...item.data);
      continue;
    }
    const sizeCode = SHORT_SIZES.indexOf(item.data.length as 0 | 1 | 2 | 4);
    if (
      sizeCode < 0 || item.tag < 0 || item.tag > 15 ||
      (item.type === "reserved" && item.tag === 0xf && sizeCode === 2)
    ) {
      throw new RangeError(`short ${item.type} item with tag ${item.tag} and ${item.data.length} data bytes`);
    }
    out.push((item.tag << 4) | (SHORT_TYPES.indexOf(item.type) << 2) | sizeCode, ...item.data);
  }
  return new Uint8Array(out);
}

/**
 * An item's data as an unsigned little-endian number (0 for no data).
 * @param item the item
 * @returns the value (for a long item, of its first 4 data bytes)
 */
export function itemUnsigned(item: HidItem): number {
  let value = 0;
  const n = Math.min(item.data.length, 4);
  for (let i = n - 1; i >= 0; i--) value = value * 256 + item.data[i];
  return value;
}

/**
 * An item's data as a signed two's-complement number of its own size (1, 2 or 4 bytes; 0 for no data).
 * @param item the item
 * @returns the value
 */
export function itemSigned(item: HidItem): number {
  const value = itemUnsigned(item);
  const bits = Math.min(item.data.length, 4) * 8;
  if (bits === 0) return 0;
  const half = 2 ** (bits - 1);
  return value >= half ? value - 2 * half : value;
}

/**
 * Two lowercase hex digits.
 * @param n a byte
 * @returns e.g. "0c"
 */
export function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}
