/**
 * USB HID for UPS drivers, pure (no I/O): the report descriptor parser ({@linkcode parseReportDescriptor}),
 * NUT's usage names and paths (`UPS.PowerSummary.RemainingCapacity`), field values read from and written
 * into report bytes as NUT reads and writes them ({@linkcode decodeField}, {@linkcode encodeField}), NUT's
 * fix-ups of known broken descriptors ({@linkcode fixReportDescriptor}) and NUT's explore text.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { decodeField, encodeField, formatPathLine, parseReportDescriptor, usageNamesFor } from "./mod.ts";
 * const descriptor = parseReportDescriptor(new Uint8Array([
 *   0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x09, 0x24, 0xa1, 0x00, 0x85, 0x0c, 0x05, 0x85, 0x09, 0x66,
 *   0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x25, 0x64, 0xb1, 0x02, 0xc0, 0xc0,
 * ]), { names: usageNamesFor("apc") });
 * const field = descriptor.findByPath("UPS.PowerSummary.RemainingCapacity")!;
 * const report = new Uint8Array(descriptor.reportLength(field.type, field.reportId)); // GET_REPORT 0x0c
 * assertEquals(decodeField(field, encodeField(field, 87, report)), 87);
 * assertEquals(formatPathLine(field, 87), "Path: UPS.PowerSummary.RemainingCapacity, Type: Feature, ReportID: 0x0c, Offset: 0, Size: 8, Value: 87");
 * ```
 * @module
 */
export * from "./errors.ts";
export * from "./items.ts";
export * from "./types.ts";
export * from "./path.ts";
export * from "./descriptor.ts";
export * from "./units.ts";
export * from "./report.ts";
export * from "./fixups.ts";
export * from "./explore.ts";
export * from "./usages/table.ts";
export * from "./usages/subdrivers.ts";
export * from "./usages/hid.ts";
export * from "./usages/apc.ts";
export * from "./usages/belkin.ts";
export * from "./usages/cps.ts";
export * from "./usages/delta_ups.ts";
export * from "./usages/ever.ts";
export * from "./usages/mge.ts";
export * from "./usages/openups.ts";
export * from "./usages/powercom.ts";
export * from "./usages/powervar.ts";
export * from "./usages/tripplite.ts";
