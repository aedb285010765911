/**
 * What a parsed report descriptor is made of: report fields (one per value a driver reads or writes, as
 * NUT's `HIDData_t`), collections and report sizes.
 * @module
 */

/** Report types, spelled as NUT prints them (`Type: Feature`). */
export type ReportType = "Input" | "Output" | "Feature";

/** The three report types, in NUT's order of GET_REPORT wValue high byte (1, 2, 3). */
export const REPORT_TYPES: readonly ReportType[] = Object.freeze(["Input", "Output", "Feature"]);

/** Bits of an Input/Output/Feature item's data (HID 1.11, 6.2.2.5). */
export const MAIN_FLAG = Object.freeze({
  /** Constant (else Data). */
  CONSTANT: 0x001,
  /** Variable (else Array). */
  VARIABLE: 0x002,
  /** Relative (else Absolute). */
  RELATIVE: 0x004,
  /** Wrap. */
  WRAP: 0x008,
  /** Non Linear. */
  NON_LINEAR: 0x010,
  /** No Preferred state. */
  NO_PREFERRED: 0x020,
  /** Null state: values outside the logical range mean "no value". */
  NULL_STATE: 0x040,
  /** Volatile (Output and Feature only). */
  VOLATILE: 0x080,
  /** Buffered Bytes. */
  BUFFERED_BYTES: 0x100,
});

/** Collection types (HID 1.11, 6.2.2.6); 0x80-0xff are vendor-defined. */
export const COLLECTION_TYPE = Object.freeze({
  PHYSICAL: 0x00,
  APPLICATION: 0x01,
  LOGICAL: 0x02,
  REPORT: 0x03,
  NAMED_ARRAY: 0x04,
  USAGE_SWITCH: 0x05,
  USAGE_MODIFIER: 0x06,
});

/**
 * The node NUT puts into a path after a collection of a vendor-defined type (0x80-0xff): 0x00ff0000 | (type
 * & 0x7f), printed `[n]` (e.g. Eaton's `UPS.Flow.[4].ConfigVoltage`).
 */
export const INDEX_NODE_BASE = 0x00ff0000;

/** One value of a report: where it is, what it means, how to read it. */
export interface HidField {
  /**
   * NUT's numeric path: the usage of every enclosing collection from the top (0 for a collection without a
   * usage), an index node after a vendor-typed collection ({@linkcode INDEX_NODE_BASE}), then the field's
   * usage. Each node is page << 16 | usage id.
   */
  readonly nodes: readonly number[];
  /** The path as NUT writes it with the descriptor's usage names, e.g. `UPS.PowerSummary.RemainingCapacity`. */
  readonly path: string;
  /** The field's usage (the last node). */
  readonly usage: number;
  /** Report type. */
  readonly type: ReportType;
  /** Report id (0 when the descriptor has none). */
  readonly reportId: number;
  /** Bit offset in the report, after the report id byte. */
  readonly offset: number;
  /** Size in bits. */
  readonly size: number;
  /** Logical minimum (signed as its item size says). */
  readonly logicalMin: number;
  /** Logical maximum (signed as its item size says; see {@linkcode logicalMaxAssumed}). */
  readonly logicalMax: number;
  /**
   * True when the logical maximum, read signed, was below the minimum and was read unsigned instead (NUT's
   * rule for firmware that writes 0..255 as `25 ff`, i.e. -1): fix-ups look at this flag.
   */
  readonly logicalMaxAssumed: boolean;
  /** Physical minimum; the logical minimum when {@linkcode physicalDefined} is false. */
  readonly physicalMin: number;
  /** Physical maximum; the logical maximum when {@linkcode physicalDefined} is false. */
  readonly physicalMax: number;
  /**
   * True when both physical extents were given and not both 0 (else physical = logical, as the HID spec
   * and NUT say).
   */
  readonly physicalDefined: boolean;
  /** The Unit item's value (e.g. 0x00f0d121 volt, 0x00001001 second); 0 for none. */
  readonly unit: number;
  /** Unit exponent as NUT reads the item: 0..7 as is, 8..15 as -8..-1 (the 4-bit nibble), a signed byte above. */
  readonly unitExponent: number;
  /** The main item's data bits ({@linkcode MAIN_FLAG}). */
  readonly flags: number;
  /** The `n`th value of its main item (0-based; a main item with Report Count 3 gives fields 0, 1, 2). */
  readonly index: number;
  /**
   * For an Array item: the usages its values select (value = logicalMin + position in this list); the
   * field's own usage is then NUT's (the `index`th usage of the list). Undefined for Variable items.
   */
  readonly arrayUsages?: readonly number[];
  /** String Index local item, when the field had one. */
  readonly stringIndex?: number;
  /** Designator Index local item, when the field had one. */
  readonly designatorIndex?: number;
  /** Byte offset of the field's main item in the descriptor. */
  readonly itemOffset: number;
}

/** A collection, as listed by the parser (for explore output and checks). */
export interface HidCollection {
  /** Path of the collection itself (its nodes, including its index node if it has one). */
  readonly nodes: readonly number[];
  /** The path as NUT writes it. */
  readonly path: string;
  /** Collection type ({@linkcode COLLECTION_TYPE}). */
  readonly type: number;
  /** Nesting depth (0 for a top-level collection). */
  readonly depth: number;
  /** Byte offset of its Collection item. */
  readonly itemOffset: number;
}

/** One report of the descriptor. */
export interface HidReportInfo {
  /** Report type. */
  readonly type: ReportType;
  /** Report id (0 when the descriptor has none). */
  readonly id: number;
  /** Bits declared after the report id byte. */
  readonly bits: number;
  /** Bytes of the whole report: the data rounded up to bytes, plus the report id byte when id is not 0. */
  readonly length: number;
}
