/**
 * The two errors of lib/hid: a report descriptor that cannot be used ({@linkcode HidDescriptorError}, with
 * the byte offset of the offending item) and a report or value that does not fit a field
 * ({@linkcode HidReportError}). Nothing else is ever thrown by the parser or the codec.
 * @module
 */

/**
 * Why a report descriptor was refused:
 * - `TOO_LONG`: more bytes than a USB descriptor can have (65535);
 * - `TRUNCATED`: an item's data runs past the end;
 * - `PUSH_TOO_DEEP` / `POP_WITHOUT_PUSH`: the global state stack (Push/Pop items);
 * - `COLLECTION_TOO_DEEP` / `END_WITHOUT_COLLECTION` / `UNCLOSED_COLLECTION`: unbalanced or absurd nesting;
 * - `DELIMITER`: a Delimiter set opened twice, closed without being opened, or left open;
 * - `REPORT_ID`: a Report ID of 0 or above 255;
 * - `REPORT_TOO_LONG`: a report above the size limit (Report Size x Report Count too large);
 * - `TOO_MANY_USAGES` / `TOO_MANY_FIELDS`: above the limits;
 * - `NO_FIELDS`: nothing with a usage to read or write;
 * - `NOT_POWER_DEVICE`: no usage of the Power Device (0x84) or Battery System (0x85) page at all (e.g. a
 *   vendor-defined interface of a UPS whose Power Device descriptor is on another interface).
 */
export type HidDescriptorErrorKind =
  | "TOO_LONG"
  | "TRUNCATED"
  | "PUSH_TOO_DEEP"
  | "POP_WITHOUT_PUSH"
  | "COLLECTION_TOO_DEEP"
  | "END_WITHOUT_COLLECTION"
  | "UNCLOSED_COLLECTION"
  | "DELIMITER"
  | "REPORT_ID"
  | "REPORT_TOO_LONG"
  | "TOO_MANY_USAGES"
  | "TOO_MANY_FIELDS"
  | "NO_FIELDS"
  | "NOT_POWER_DEVICE";

/**
 * A report descriptor that cannot be used.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const e = new HidDescriptorError("TRUNCATED", 12, "item 0x26 needs 2 data bytes, 1 left");
 * assertEquals([e.kind, e.offset, e.message], ["TRUNCATED", 12, "HID report descriptor, byte 12: item 0x26 needs 2 data bytes, 1 left"]);
 * ```
 */
export class HidDescriptorError extends Error {
  /**
   * @param kind what is wrong
   * @param offset the byte offset of the offending item in the descriptor (its length for what is missing
   *   at the end)
   * @param detail what is wrong, in words
   */
  constructor(readonly kind: HidDescriptorErrorKind, readonly offset: number, detail: string) {
    super(`HID report descriptor, byte ${offset}: ${detail}`);
    this.name = "HidDescriptorError";
  }
}

/**
 * Why a value could not be read from or written into a report:
 * - `REPORT_ID`: the report's first byte is not the field's report id;
 * - `VALUE`: not a finite number;
 * - `CONSTANT`: the field is a constant (NUT refuses to set it too).
 */
export type HidReportErrorKind = "REPORT_ID" | "VALUE" | "CONSTANT";

/** A report or a value that does not fit a field. */
export class HidReportError extends Error {
  /**
   * @param kind what is wrong
   * @param message what was being done, naming the field
   */
  constructor(readonly kind: HidReportErrorKind, message: string) {
    super(message);
    this.name = "HidReportError";
  }
}
