/**
 * The report descriptor parser: items in, a flat list of report fields out (one per value, with its NUT
 * path, report type and id, bit offset and size, logical and physical ranges, unit and exponent), plus the
 * collections and the size of every report.
 *
 * Paths and fields follow NUT's parser (drivers/hidparser.c), because NUT's subdriver tables name fields by
 * these paths and its values come from these layouts:
 * - the `n`th value of a main item takes the `n`th usage declared before it; values beyond the declared
 *   usages keep their bits in the report but are no field (NUT lists none for them);
 * - a collection's node is its first usage (0 when it has none), and a collection of a vendor-defined type
 *   (0x80-0xff) adds an index node `[type & 0x7f]`;
 * - a Usage item of 1 or 2 bytes takes the usage page current when it is read, a 4-byte one carries its page;
 * - logical and physical extents are signed as their item size says, and a logical maximum below the
 *   logical minimum is re-read unsigned (NUT: "LogMax is less than LogMin ... interpreting LogMax -1 as 255");
 * - the unit exponent is read as NUT reads it: 0..7 as is, 8..15 as -8..-1, a byte above 15 as a signed byte.
 *
 * Beyond NUT (which ignores them): Usage Minimum/Maximum ranges add their usages in declaration order, Push
 * and Pop save and restore the global state, a Delimiter set contributes its first usage only, and offsets
 * are not limited to 255 bits. Structural faults and absurd sizes are {@linkcode HidDescriptorError}s, never
 * anything else, and every loop is bounded by the limits below.
 * @module
 */
import { HidDescriptorError } from "./errors.ts";
import { decodeItems, GLOBAL_TAG, hex2, itemSigned, itemUnsigned, LOCAL_TAG, MAIN_TAG } from "./items.ts";
import type { HidItem } from "./items.ts";
import { formatPath, parsePath } from "./path.ts";
import { INDEX_NODE_BASE, MAIN_FLAG } from "./types.ts";
import type { HidCollection, HidField, HidReportInfo, ReportType } from "./types.ts";
import { usageNamesFor } from "./usages/subdrivers.ts";
import type { UsageNames } from "./usages/table.ts";

/** Most fields in a descriptor (NUT stops at 500). */
export const MAX_FIELDS = 4096;
/** Largest report, in bytes after the report id. */
export const MAX_REPORT_BYTES = 8192;
/** Deepest collection nesting. */
export const MAX_COLLECTION_DEPTH = 32;
/** Deepest Push stack. */
export const MAX_PUSH_DEPTH = 32;
/** Most usages before one main item (Usage Minimum/Maximum ranges included). */
export const MAX_USAGES_PER_ITEM = 65536;
/** Most usages in a whole descriptor. */
export const MAX_TOTAL_USAGES = 262144;

const POWER_DEVICE_PAGE = 0x84;
const BATTERY_SYSTEM_PAGE = 0x85;

/** Options of {@linkcode parseReportDescriptor}. */
export interface ParseOptions {
  /** Usage names for paths (default: the HID tables alone, as NUT's explore subdriver). */
  names?: UsageNames;
  /**
   * Refuse a descriptor with no usage on the Power Device or Battery System page and none the names know
   * (`NOT_POWER_DEVICE`; default true). False parses any HID descriptor.
   */
  requirePowerDevice?: boolean;
}

interface Globals {
  usagePage: number;
  logicalMin: number;
  logicalMax: number;
  logicalMaxAssumed: boolean;
  physicalMin: number;
  physicalMax: number;
  hasPhysicalMin: boolean;
  hasPhysicalMax: boolean;
  unitExponent: number;
  unit: number;
  reportSize: number;
  reportId: number;
  reportCount: number;
}

interface Locals {
  usages: number[];
  usageMin?: number;
  usageMax?: number;
  stringIndex?: number;
  designatorIndex?: number;
  delimiterOpen: boolean;
  delimiterTaken: boolean;
}

interface OpenCollection {
  nodes: number;
  offset: number;
}

const MAIN_TYPES: Readonly<Record<number, ReportType>> = Object.freeze({
  [MAIN_TAG.INPUT]: "Input",
  [MAIN_TAG.OUTPUT]: "Output",
  [MAIN_TAG.FEATURE]: "Feature",
});

/**
 * A parsed report descriptor: its fields, collections and reports, and lookups by NUT path.
 * Built by {@linkcode parseReportDescriptor}; immutable.
 */
export class HidDescriptor {
  /** The fields, in descriptor order. */
  readonly fields: readonly HidField[];
  /** The collections, in descriptor order. */
  readonly collections: readonly HidCollection[];
  /** Every report declared (also those with no field), by type then id. */
  readonly reports: readonly HidReportInfo[];
  /** True when the descriptor declares report ids (reports then start with their id byte). */
  readonly usesReportIds: boolean;
  readonly #byPath = new Map<string, HidField[]>();
  readonly #reports = new Map<string, HidReportInfo>();

  /**
   * @param bytes the descriptor bytes
   * @param names the usage names the paths were written with
   * @param fields the fields
   * @param collections the collections
   * @param reports the reports
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly names: UsageNames,
    fields: readonly HidField[],
    collections: readonly HidCollection[],
    reports: readonly HidReportInfo[],
  ) {
    this.fields = Object.freeze([...fields]);
    this.collections = Object.freeze([...collections]);
    this.reports = Object.freeze([...reports]);
    this.usesReportIds = reports.some((r) => r.id !== 0);
    for (const field of this.fields) {
      const key = pathKey(field.nodes, field.type);
      const list = this.#byPath.get(key);
      if (list === undefined) this.#byPath.set(key, [field]);
      else list.push(field);
    }
    for (const report of this.reports) this.#reports.set(reportKey(report.type, report.id), report);
  }

  /**
   * The first field of a type at a path (NUT reads Feature reports, and Input ones with `interruptonly`).
   * @example
   * ```ts
   * import { assertEquals } from "../testing/asserts.ts";
   * const d = parseReportDescriptor(new Uint8Array([
   *   0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x09, 0x24, 0xa1, 0x00, 0x85, 0x0c, 0x05, 0x85, 0x09, 0x66,
   *   0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x25, 0x64, 0x81, 0x02, 0x09, 0x66, 0xb1, 0x02, 0xc0, 0xc0,
   * ]));
   * const f = d.findByPath("UPS.PowerSummary.RemainingCapacity");
   * assertEquals([f?.type, f?.reportId, f?.offset, f?.size], ["Feature", 0x0c, 0, 8]);
   * assertEquals(d.findByPath("ups.powersummary.remainingcapacity", "Input")?.type, "Input");
   * assertEquals(d.findByPath("UPS.PowerSummary.Voltage"), undefined);
   * ```
   * @param path a path in NUT's form (names in any case, hex nodes, `[n]` index nodes)
   * @param type the report type (default Feature)
   * @returns the field, or undefined
   */
  findByPath(path: string, type: ReportType = "Feature"): HidField | undefined {
    const nodes = parsePath(path, this.names);
    return nodes === undefined ? undefined : this.findByNodes(nodes, type);
  }

  /**
   * The first field of a type with exactly these nodes.
   * @param nodes a numeric path
   * @param type the report type (default Feature)
   * @returns the field, or undefined
   */
  findByNodes(nodes: readonly number[], type: ReportType = "Feature"): HidField | undefined {
    return this.#byPath.get(pathKey(nodes, type))?.[0];
  }

  /**
   * Every field at a path, of every type, in descriptor order.
   * @param path a path in NUT's form
   * @returns the fields (none when the path names nothing)
   */
  findAllByPath(path: string): HidField[] {
    const nodes = parsePath(path, this.names);
    if (nodes === undefined) return [];
    return this.fields.filter((f) => sameNodes(f.nodes, nodes));
  }

  /**
   * The fields of one report, in offset order of declaration (what an interrupt report of that id carries
   * when `type` is Input).
   * @param type report type
   * @param id report id
   * @returns the fields
   */
  reportFields(type: ReportType, id: number): HidField[] {
    return this.fields.filter((f) => f.type === type && f.reportId === id);
  }

  /**
   * The declared size of a report, in bytes, its report id byte included when the descriptor uses ids (the
   * length to ask with GET_REPORT).
   * @param type report type
   * @param id report id
   * @returns bytes, or 0 for a report the descriptor does not declare
   */
  reportLength(type: ReportType, id: number): number {
    return this.#reports.get(reportKey(type, id))?.length ?? 0;
  }

  /**
   * The same descriptor with other field ranges (what fix-ups build).
   * @param fields the fields, one for one with {@linkcode fields}
   * @returns a new descriptor
   */
  withFields(fields: readonly HidField[]): HidDescriptor {
    return new HidDescriptor(this.bytes, this.names, fields, this.collections, this.reports);
  }
}

/**
 * Parses a report descriptor.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * // APC: Report ID 0x40, a 1-byte Logical Maximum 0xff (-1) with minimum 0 is read as 255.
 * const d = parseReportDescriptor(new Uint8Array([
 *   0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x06, 0x86, 0xff, 0x09, 0x05, 0xa1, 0x00, 0x85, 0x40, 0x09, 0x7c,
 *   0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x25, 0xff, 0xb1, 0x82, 0xc0, 0xc0,
 * ]));
 * const [f] = d.fields;
 * assertEquals([f.path, f.logicalMin, f.logicalMax, f.logicalMaxAssumed], ["UPS.ff860005.ff86007c", 0, 255, true]);
 * assertEquals(d.reportLength("Feature", 0x40), 2);
 * ```
 * @param bytes the descriptor, as read from the device
 * @param options usage names, and whether to insist on a Power Device
 * @returns the parsed descriptor
 * @throws {HidDescriptorError} for a descriptor that cannot be used (never any other error)
 */
export function parseReportDescriptor(bytes: Uint8Array, options: ParseOptions = {}): HidDescriptor {
  const names = options.names ?? usageNamesFor("explore");
  const copy = bytes.slice();
  const items = decodeItems(copy);
  const fields: HidField[] = [];
  const collections: HidCollection[] = [];
  const bitsByReport = new Map<string, { type: ReportType; id: number; bits: number }>();
  const nodes: number[] = [];
  const open: OpenCollection[] = [];
  const stack: Globals[] = [];
  let g = initialGlobals();
  let l = initialLocals();
  let usageBudget = MAX_TOTAL_USAGES;

  const addUsages = (item: HidItem, list: readonly number[]) => {
    if (l.usages.length + list.length > MAX_USAGES_PER_ITEM || list.length > usageBudget) {
      throw new HidDescriptorError(
        "TOO_MANY_USAGES",
        item.offset,
        `more than ${Math.min(MAX_USAGES_PER_ITEM, usageBudget + l.usages.length)} usages`,
      );
    }
    usageBudget -= list.length;
    for (const usage of list) l.usages.push(usage);
  };

  for (const item of items) {
    if (item.type === "main") {
      const reportType = MAIN_TYPES[item.tag];
      if (reportType !== undefined) {
        if (l.delimiterOpen) {
          throw new HidDescriptorError("DELIMITER", item.offset, "main item inside a Delimiter set");
        }
        mainItem(item, reportType, g, l, nodes, fields, bitsByReport, names);
        l = initialLocals();
      } else if (item.tag === MAIN_TAG.COLLECTION) {
        if (l.delimiterOpen) {
          throw new HidDescriptorError("DELIMITER", item.offset, "Collection inside a Delimiter set");
        }
        if (open.length >= MAX_COLLECTION_DEPTH) {
          throw new HidDescriptorError(
            "COLLECTION_TOO_DEEP",
            item.offset,
            `more than ${MAX_COLLECTION_DEPTH} nested collections`,
          );
        }
        const type = itemUnsigned(item);
        open.push({ nodes: nodes.length, offset: item.offset });
        nodes.push(l.usages[0] ?? 0);
        if (type >= 0x80) nodes.push(INDEX_NODE_BASE + (type & 0x7f));
        collections.push(
          Object.freeze({
            nodes: Object.freeze([...nodes]),
            path: formatPath(nodes, names),
            type,
            depth: open.length - 1,
            itemOffset: item.offset,
          }),
        );
        l = initialLocals();
      } else if (item.tag === MAIN_TAG.END_COLLECTION) {
        const top = open.pop();
        if (top === undefined) {
          throw new HidDescriptorError(
            "END_WITHOUT_COLLECTION",
            item.offset,
            "End Collection without a Collection",
          );
        }
        nodes.length = top.nodes;
        l = initialLocals();
      }
      // Reserved main tags carry nothing NUT or the spec reads: skipped.
    } else if (item.type === "global") {
      switch (item.tag) {
        case GLOBAL_TAG.USAGE_PAGE:
          g.usagePage = itemUnsigned(item) % 0x10000;
          break;
        case GLOBAL_TAG.LOGICAL_MINIMUM:
          g.logicalMin = itemSigned(item);
          break;
        case GLOBAL_TAG.LOGICAL_MAXIMUM: {
          const signed = itemSigned(item);
          g.logicalMaxAssumed = signed < g.logicalMin;
          g.logicalMax = g.logicalMaxAssumed ? itemUnsigned(item) : signed;
          break;
        }
        case GLOBAL_TAG.PHYSICAL_MINIMUM:
          g.physicalMin = itemSigned(item);
          g.hasPhysicalMin = true;
          break;
        case GLOBAL_TAG.PHYSICAL_MAXIMUM:
          g.physicalMax = itemSigned(item);
          g.hasPhysicalMax = true;
          break;
        case GLOBAL_TAG.UNIT_EXPONENT:
          g.unitExponent = unitExponentOf(item);
          break;
        case GLOBAL_TAG.UNIT:
          g.unit = itemUnsigned(item);
          break;
        case GLOBAL_TAG.REPORT_SIZE:
          g.reportSize = itemUnsigned(item);
          break;
        case GLOBAL_TAG.REPORT_ID: {
          const id = itemUnsigned(item);
          if (id === 0 || id > 255) {
            throw new HidDescriptorError("REPORT_ID", item.offset, `Report ID ${id}, must be 1 to 255`);
          }
          g.reportId = id;
          break;
        }
        case GLOBAL_TAG.REPORT_COUNT:
          g.reportCount = itemUnsigned(item);
          break;
        case GLOBAL_TAG.PUSH:
          if (stack.length >= MAX_PUSH_DEPTH) {
            throw new HidDescriptorError(
              "PUSH_TOO_DEEP",
              item.offset,
              `more than ${MAX_PUSH_DEPTH} Push items in a row`,
            );
          }
          stack.push({ ...g });
          break;
        case GLOBAL_TAG.POP: {
          const saved = stack.pop();
          if (saved === undefined) {
            throw new HidDescriptorError("POP_WITHOUT_PUSH", item.offset, "Pop without a Push");
          }
          g = saved;
          break;
        }
      }
    } else if (item.type === "local") {
      switch (item.tag) {
        case LOCAL_TAG.USAGE:
          if (l.delimiterOpen && l.delimiterTaken) break;
          addUsages(item, [usageOf(item, g)]);
          if (l.delimiterOpen) l.delimiterTaken = true;
          break;
        case LOCAL_TAG.USAGE_MINIMUM:
          if (l.delimiterOpen && l.delimiterTaken) break;
          l.usageMin = usageOf(item, g);
          usageRange(item, l, addUsages);
          break;
        case LOCAL_TAG.USAGE_MAXIMUM:
          if (l.delimiterOpen && l.delimiterTaken) break;
          l.usageMax = usageOf(item, g);
          usageRange(item, l, addUsages);
          break;
        case LOCAL_TAG.STRING_INDEX:
          l.stringIndex = itemUnsigned(item);
          break;
        case LOCAL_TAG.DESIGNATOR_INDEX:
          l.designatorIndex = itemUnsigned(item);
          break;
        case LOCAL_TAG.DELIMITER: {
          const openSet = itemUnsigned(item) === 1;
          if (openSet === l.delimiterOpen) {
            throw new HidDescriptorError(
              "DELIMITER",
              item.offset,
              openSet ? "Delimiter set opened twice" : "Delimiter set closed without being opened",
            );
          }
          l.delimiterOpen = openSet;
          l.delimiterTaken = false;
          break;
        }
      }
    }
    // Long items and reserved item types are skipped (NUT skips them too).
  }

  if (open.length > 0) {
    const inner = open[open.length - 1];
    throw new HidDescriptorError(
      "UNCLOSED_COLLECTION",
      copy.length,
      `${open.length} collection(s) not closed (the innermost opened at byte ${inner.offset})`,
    );
  }
  if (l.delimiterOpen) throw new HidDescriptorError("DELIMITER", copy.length, "Delimiter set not closed");
  if (fields.length === 0) throw new HidDescriptorError("NO_FIELDS", copy.length, "no field with a usage");
  if (options.requirePowerDevice ?? true) requirePowerDevice(fields, collections, names, copy.length);

  const reports = [...bitsByReport.values()]
    .sort((a, b) => typeOrder(a.type) - typeOrder(b.type) || a.id - b.id)
    .map((r) => Object.freeze({ ...r, length: Math.ceil(r.bits / 8) + (r.id === 0 ? 0 : 1) }));
  return new HidDescriptor(copy, names, fields, collections, reports);
}

function mainItem(
  item: HidItem,
  type: ReportType,
  g: Globals,
  l: Locals,
  nodes: readonly number[],
  fields: HidField[],
  bitsByReport: Map<string, { type: ReportType; id: number; bits: number }>,
  names: UsageNames,
): void {
  const key = reportKey(type, g.reportId);
  let report = bitsByReport.get(key);
  if (report === undefined) {
    report = { type, id: g.reportId, bits: 0 };
    bitsByReport.set(key, report);
  }
  const base = report.bits;
  const bits = base + g.reportSize * g.reportCount;
  if (bits > MAX_REPORT_BYTES * 8) {
    throw new HidDescriptorError(
      "REPORT_TOO_LONG",
      item.offset,
      `${type} report 0x${hex2(g.reportId)} would be ${
        Math.ceil(bits / 8)
      } bytes, at most ${MAX_REPORT_BYTES}`,
    );
  }
  report.bits = bits;
  const flags = itemUnsigned(item);
  const arrayUsages = (flags & MAIN_FLAG.VARIABLE) === 0 ? Object.freeze([...l.usages]) : undefined;
  const physicalDefined = g.hasPhysicalMin && g.hasPhysicalMax &&
    !(g.physicalMin === 0 && g.physicalMax === 0);
  const slots = Math.min(g.reportCount, l.usages.length);
  for (let index = 0; index < slots; index++) {
    const usage = l.usages[index];
    if (usage === 0) continue; // NUT: a value whose usage is 0 continues the previous object; no field.
    if (fields.length >= MAX_FIELDS) {
      throw new HidDescriptorError("TOO_MANY_FIELDS", item.offset, `more than ${MAX_FIELDS} fields`);
    }
    const fieldNodes = Object.freeze([...nodes, usage]);
    const field: HidField = {
      nodes: fieldNodes,
      path: formatPath(fieldNodes, names),
      usage,
      type,
      reportId: g.reportId,
      offset: base + index * g.reportSize,
      size: g.reportSize,
      logicalMin: g.logicalMin,
      logicalMax: g.logicalMax,
      logicalMaxAssumed: g.logicalMaxAssumed,
      physicalMin: physicalDefined ? g.physicalMin : g.logicalMin,
      physicalMax: physicalDefined ? g.physicalMax : g.logicalMax,
      physicalDefined,
      unit: g.unit,
      unitExponent: g.unitExponent,
      flags,
      index,
      itemOffset: item.offset,
      arrayUsages,
      stringIndex: l.stringIndex,
      designatorIndex: l.designatorIndex,
    };
    fields.push(Object.freeze(field));
  }
}

function usageRange(item: HidItem, l: Locals, add: (item: HidItem, list: readonly number[]) => void): void {
  if (l.usageMin === undefined || l.usageMax === undefined) return;
  const min = l.usageMin;
  const max = l.usageMax;
  l.usageMin = undefined;
  l.usageMax = undefined;
  if (l.delimiterOpen) l.delimiterTaken = true;
  // A range across pages or upside down names nothing (NUT ignores ranges altogether).
  if (Math.floor(min / 0x10000) !== Math.floor(max / 0x10000) || max < min) return;
  const count = max - min + 1;
  if (count > MAX_USAGES_PER_ITEM) {
    throw new HidDescriptorError("TOO_MANY_USAGES", item.offset, `Usage Minimum..Maximum of ${count} usages`);
  }
  const list: number[] = [];
  for (let u = min; u <= max; u++) list.push(u);
  add(item, list);
}

function usageOf(item: HidItem, g: Globals): number {
  const value = itemUnsigned(item);
  return item.data.length === 4 ? value : g.usagePage * 0x10000 + (value % 0x10000);
}

function unitExponentOf(item: HidItem): number {
  const byte = itemUnsigned(item) % 256;
  const signed = byte >= 128 ? byte - 256 : byte;
  return signed > 7 ? (byte | 0xf0) - 256 : signed;
}

function requirePowerDevice(
  fields: readonly HidField[],
  collections: readonly HidCollection[],
  names: UsageNames,
  end: number,
): void {
  const known = (node: number) => {
    const page = Math.floor(node / 0x10000);
    return page === POWER_DEVICE_PAGE || page === BATTERY_SYSTEM_PAGE || names.name(node) !== undefined;
  };
  if (fields.some((f) => f.nodes.some(known)) || collections.some((c) => c.nodes.some(known))) return;
  const pages = new Set<string>();
  for (const f of fields) {
    for (const n of f.nodes) pages.add(`0x${Math.floor(n / 0x10000).toString(16).padStart(4, "0")}`);
  }
  throw new HidDescriptorError(
    "NOT_POWER_DEVICE",
    end,
    `no Power Device (0x84) or Battery System (0x85) usage, only page(s) ${[...pages].join(", ")}: ` +
      "not a UPS interface (its Power Device descriptor may be on another interface)",
  );
}

function initialGlobals(): Globals {
  return {
    usagePage: 0,
    logicalMin: 0,
    logicalMax: 0,
    logicalMaxAssumed: false,
    physicalMin: 0,
    physicalMax: 0,
    hasPhysicalMin: false,
    hasPhysicalMax: false,
    unitExponent: 0,
    unit: 0,
    reportSize: 0,
    reportId: 0,
    reportCount: 0,
  };
}

function initialLocals(): Locals {
  return { usages: [], delimiterOpen: false, delimiterTaken: false };
}

function pathKey(nodes: readonly number[], type: ReportType): string {
  return `${type}:${nodes.join(".")}`;
}

function reportKey(type: ReportType, id: number): string {
  return `${type}:${id}`;
}

function sameNodes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function typeOrder(type: ReportType): number {
  return type === "Input" ? 0 : type === "Output" ? 1 : 2;
}
