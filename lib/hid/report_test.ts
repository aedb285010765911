import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { fixture, hexBytes, nutPathLines, recordedReports } from "../testing/hid_fixtures.ts";
import { parseReportDescriptor } from "./descriptor.ts";
import { HidReportError } from "./errors.ts";
import { formatPathLine } from "./explore.ts";
import {
  decodeArrayUsage,
  decodeField,
  decodeLogical,
  decodeRaw,
  encodeField,
  encodeLogical,
} from "./report.ts";
import type { HidField } from "./types.ts";
import { usageNamesFor } from "./usages/subdrivers.ts";

const pure = { permissions: "none" } as const;

/** A field with defaults for what a test does not care about. */
function field(over: Partial<HidField>): HidField {
  return {
    nodes: [0x00840004, 0x00840030],
    path: "UPS.Voltage",
    usage: 0x00840030,
    type: "Feature",
    reportId: 1,
    offset: 0,
    size: 8,
    logicalMin: 0,
    logicalMax: 255,
    logicalMaxAssumed: false,
    physicalMin: over.logicalMin ?? 0,
    physicalMax: over.logicalMax ?? 255,
    physicalDefined: false,
    unit: 0,
    unitExponent: 0,
    flags: 0x02,
    index: 0,
    itemOffset: 0,
    ...over,
  };
}

const bytes = (...b: number[]) => new Uint8Array(b);

Deno.test({
  ...pure,
  name: "decodeField() gives the values NUT's debug logs print for the recorded reports (every Path line)",
  fn() {
    let checked = 0;
    for (
      const name of [
        "apc-back-ups-cs-500_051d-0002",
        "apc-back-ups-bk650m2-ch_051d-0002",
        "eaton-3s-850_0463-ffff",
      ]
    ) {
      const f = fixture(name);
      const d = parseReportDescriptor(hexBytes(f.rdesc!), { names: usageNamesFor(f.reportsNames!) });
      const reports = recordedReports(f.reports!);
      for (const line of nutPathLines(f.reports!)) {
        const x = d.fields.find((y) =>
          y.type === line.type && y.reportId === line.reportId && y.offset === line.offset &&
          y.size === line.size
        )!;
        const nut =
          `Path: ${line.path}, Type: ${line.type}, ReportID: 0x${
            line.reportId.toString(16).padStart(2, "0")
          }, ` +
          `Offset: ${line.offset}, Size: ${line.size}, Value: ${line.value}`;
        assertEquals(
          formatPathLine({ ...x, path: line.path }, decodeField(x, reports.get(x.reportId)!)),
          nut,
          name,
        );
        checked++;
      }
    }
    assertEquals(checked, 35 + 90 + 93);
  },
});

Deno.test({
  ...pure,
  name:
    "decodeLogical() keeps the bits the logical range needs, signs them when the minimum is negative, clamps",
  fn() {
    const delay16 = field({ size: 16, logicalMin: -1, logicalMax: 32767 });
    assertEquals(decodeLogical(delay16, bytes(1, 0xff, 0xff)), -1);
    assertEquals(decodeLogical(delay16, bytes(1, 0x3c, 0x00)), 60);
    // 8 bits cannot hold the sign bit of -1..32767: NUT reads 0xff as 255.
    assertEquals(decodeLogical(field({ size: 8, logicalMin: -1, logicalMax: 32767 }), bytes(1, 0xff)), 255);
    // APC Back-UPS BF500 (hidparser.c): 32 bits 0x80080a00 with range 0..0xffff read as 0x0a00.
    assertEquals(
      decodeLogical(field({ size: 32, logicalMax: 0xffff }), bytes(1, 0x00, 0x0a, 0x08, 0x80)),
      0x0a00,
    );
    // CyberPower output voltage declared 260..270 (NUT issue #439): 238 reads as 260.
    assertEquals(
      decodeLogical(
        field({ reportId: 0x12, size: 16, logicalMin: 260, logicalMax: 270 }),
        bytes(0x12, 0xee, 0x00),
      ),
      260,
    );
    // 0..100 needs 7 bits: 0x7f (127) is clamped to 100, 0xc8 (200) loses its 8th bit and reads 72, as in NUT.
    assertEquals([
      decodeLogical(field({ logicalMax: 100 }), bytes(1, 0x7f)),
      decodeLogical(field({ logicalMax: 100 }), bytes(1, 0xc8)),
    ], [100, 72]);
    // Both extents 0 (never set): always 0, as in NUT.
    assertEquals(decodeLogical(field({ logicalMax: 0 }), bytes(1, 0x2a)), 0);
    assertEquals(
      decodeLogical(
        field({ size: 32, logicalMin: -2147483648, logicalMax: 2147483647 }),
        bytes(1, 0xfe, 0xff, 0xff, 0xff),
      ),
      -2,
    );
    assertEquals(
      decodeLogical(field({ size: 32, logicalMax: 0xffffffff }), bytes(1, 0xfe, 0xff, 0xff, 0xff)),
      0xfffffffe,
    );
  },
});

Deno.test({
  ...pure,
  name: "decodeField() maps logical to physical and applies NUT's unit exponents",
  fn() {
    const mapped = field({ physicalMin: 0, physicalMax: 1000, physicalDefined: true });
    assertEquals([decodeField(mapped, bytes(1, 51)), decodeField(mapped, bytes(1, 255))], [200, 1000]);
    const volt = (unitExponent: number) =>
      field({ size: 16, logicalMax: 65535, unit: 0x00f0d121, unitExponent });
    assertEquals(decodeField(volt(7), bytes(1, 0xe6, 0x00)), 230);
    assertEquals(decodeField(volt(5), bytes(1, 0x4e, 0x05)), 13.580000000000002);
    assertEquals(decodeField(field({ unitExponent: -1 }), bytes(1, 0xf0)), 24);
    assertEquals(
      decodeField(
        field({ unit: 0x00001001, unitExponent: 0, size: 16, logicalMax: 65535 }),
        bytes(1, 0x14, 0x0a),
      ),
      2580,
    );
  },
});

Deno.test({
  ...pure,
  name: "decodeRaw() reads little-endian bit fields after the report id, and no id byte without report ids",
  fn() {
    assertEquals(decodeRaw({ reportId: 0x16, offset: 1, size: 1 }, bytes(0x16, 0x0e, 0x00)), 1);
    assertEquals(decodeRaw({ reportId: 0x16, offset: 4, size: 1 }, bytes(0x16, 0x0e, 0x00)), 0);
    assertEquals(decodeRaw({ reportId: 0x0c, offset: 4, size: 12 }, bytes(0x0c, 0x34, 0x12)), 0x123);
    assertEquals(decodeRaw({ reportId: 0, offset: 8, size: 8 }, bytes(0x01, 0x02)), 2);
    // A short answer (the BK650M2 sends 3 bytes of a declared 47): missing bytes read 0.
    assertEquals(decodeRaw({ reportId: 0x20, offset: 16, size: 16 }, bytes(0x20, 0x21, 0x2a)), 0);
    const e = assertThrows(
      () => decodeRaw({ reportId: 0x0c, offset: 0, size: 8 }, bytes(0x0d, 0x64)),
      HidReportError,
    );
    assertEquals(e.kind, "REPORT_ID");
    assertThrows(() => decodeField(field({}), bytes()), HidReportError);
  },
});

Deno.test({
  ...pure,
  name: "decodeArrayUsage() gives the usage an Array field's value selects",
  fn() {
    const array = field({ logicalMin: 1, logicalMax: 2, flags: 0x00, arrayUsages: [0x00850044, 0x00850045] });
    assertEquals([1, 2, 0, 3].map((v) => decodeArrayUsage(array, bytes(1, v))), [
      0x00850044,
      0x00850045,
      undefined,
      undefined,
    ]);
    assertEquals(decodeArrayUsage(field({}), bytes(1, 1)), undefined);
  },
});

Deno.test({
  ...pure,
  name:
    "encodeField() builds NUT's SET_REPORT: battery.charge.low 20 on the APC Back-UPS CS 500 is 11 14 00 00",
  fn() {
    const f = fixture("apc-back-ups-cs-500_051d-0002");
    const d = parseReportDescriptor(hexBytes(f.rdesc!), { names: usageNamesFor("apc") });
    const limit = d.findByPath("UPS.PowerSummary.RemainingCapacityLimit")!;
    const read = recordedReports(f.reports!).get(limit.reportId)!;
    assertEquals(read, bytes(0x11, 0x0a, 0x00, 0x00));
    assertEquals(encodeField(limit, 20, read), bytes(0x11, 0x14, 0x00, 0x00));
    assertEquals(read, bytes(0x11, 0x0a, 0x00, 0x00), "the report given is not changed");
    // Every field of that device written with the value it read gives back the report it was read from.
    const reports = recordedReports(f.reports!);
    for (const x of d.fields) {
      const report = reports.get(x.reportId)!;
      if ((x.flags & 0xff) === 0x01) continue;
      if (x.unitExponent === 0 || x.unit === 0x00f0d121) {
        assertEquals(encodeLogical(x, decodeLogical(x, report), report), report, x.path);
      }
    }
  },
});

Deno.test({
  ...pure,
  name:
    "encodeField() keeps the other bits of the report, writes negatives in two's complement, extends short reports",
  fn() {
    const discharging = field({ reportId: 0x16, offset: 1, size: 1, logicalMax: 1 });
    assertEquals(encodeField(discharging, 0, bytes(0x16, 0x0e, 0x01)), bytes(0x16, 0x0c, 0x01));
    assertEquals(
      encodeField(field({ reportId: 0x16, offset: 8, size: 1, logicalMax: 1 }), 0, bytes(0x16, 0x0e, 0x01)),
      bytes(0x16, 0x0e, 0x00),
    );
    assertEquals(
      encodeField(
        field({ reportId: 0x0c, offset: 4, size: 12, logicalMax: 4095 }),
        0xabc,
        bytes(0x0c, 0x05, 0x00),
      ),
      bytes(0x0c, 0xc5, 0xab),
    );
    const delay = field({ reportId: 0x15, size: 16, logicalMin: -1, logicalMax: 32767 });
    assertEquals(encodeField(delay, -1, new Uint8Array(3)), bytes(0x15, 0xff, 0xff));
    assertEquals(encodeField(delay, 20, bytes(0x15)), bytes(0x15, 0x14, 0x00));
    assertEquals(encodeField(field({ reportId: 0, offset: 8, size: 8 }), 7, bytes(0x55)), bytes(0x55, 0x07));
    assertEquals(
      encodeField(field({ reportId: 0x30, size: 64, logicalMin: -1, logicalMax: 1 }), -2, bytes()),
      bytes(0x30, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
    );
  },
});

Deno.test({
  ...pure,
  name: "encodeField() converts as NUT does: exponent removed, physical to logical, truncated toward zero",
  fn() {
    const volt = field({ size: 16, logicalMax: 65535, unit: 0x00f0d121, unitExponent: 7 });
    assertEquals(encodeField(volt, 230, bytes(1, 0, 0)), bytes(1, 0xe6, 0x00));
    const mapped = field({ physicalMin: 0, physicalMax: 1000, physicalDefined: true });
    assertEquals([encodeField(mapped, 200, bytes(1, 0)), encodeField(mapped, 5000, bytes(1, 0))], [
      bytes(1, 51),
      bytes(1, 255),
    ]);
    assertEquals(encodeField(field({}), 12.9, bytes(1, 0)), bytes(1, 12));
    // 0.03 / 10^-2 is 2.999999999999999 in binary floating point: NUT's (long) writes 2, and so does this.
    assertEquals(encodeField(field({ unit: 0x00f0d121, unitExponent: 5 }), 0.03, bytes(1, 0)), bytes(1, 2));
  },
});

Deno.test({
  ...pure,
  name: "encodeField() refuses non-numbers, constants and reports of another id",
  fn() {
    for (const value of [NaN, Infinity]) {
      assertEquals(
        assertThrows(() => encodeField(field({}), value, bytes(1, 0)), HidReportError).kind,
        "VALUE",
      );
    }
    assertEquals(
      assertThrows(() => encodeField(field({ flags: 0x01 }), 1, bytes(1, 0)), HidReportError).kind,
      "CONSTANT",
    );
    const wrong = assertThrows(() => encodeField(field({}), 1, bytes(2, 0)), HidReportError);
    assertEquals([wrong.kind, wrong.message], [
      "REPORT_ID",
      "Report 0x02 given for UPS.Voltage (report 0x01, offset 0, size 8)",
    ]);
    assertEquals(
      assertThrows(() => encodeLogical(field({}), 1.5, bytes(1, 0)), HidReportError).kind,
      "VALUE",
    );
  },
});
