import { assert, assertEquals, assertThrows } from "../testing/asserts.ts";
import { fixture, FIXTURES, hexBytes, nutPathLines } from "../testing/hid_fixtures.ts";
import { HidDescriptorError } from "./errors.ts";
import { parseReportDescriptor } from "./descriptor.ts";
import type { HidDescriptorErrorKind } from "./errors.ts";
import { parsePath } from "./path.ts";
import { usageNamesFor } from "./usages/subdrivers.ts";

const pure = { permissions: "none" } as const;

/** A descriptor from hex text. */
function parse(hex: string, requirePowerDevice = true) {
  return parseReportDescriptor(hexBytes(hex), { names: usageNamesFor("apc"), requirePowerDevice });
}

/** The error kind and offset a descriptor is refused with. */
function refusal(hex: string, requirePowerDevice = true): [HidDescriptorErrorKind, number] {
  const e = assertThrows(() => parse(hex, requirePowerDevice), HidDescriptorError);
  return [e.kind, e.offset];
}

// UPS application collection, PowerSummary physical collection, then the items under test, then closes.
const UPS = "05 84 09 04 a1 01 09 24 a1 00";
const END = "c0 c0";

Deno.test({
  ...pure,
  name:
    "parseReportDescriptor() reads every real descriptor of the fixtures; the Liebert vendor interface is refused",
  fn() {
    const counts: Record<string, [number, number, number] | HidDescriptorErrorKind> = {};
    for (const f of FIXTURES) {
      if (f.rdesc === undefined || f.name === "eaton-3s-700_0463-ffff") continue;
      try {
        const d = parseReportDescriptor(hexBytes(f.rdesc), { names: usageNamesFor(f.subdriver) });
        counts[f.name] = [d.bytes.length, d.fields.length, d.reports.length];
      } catch (e) {
        if (!(e instanceof HidDescriptorError)) throw e;
        counts[f.name] = e.kind;
      }
    }
    assertEquals(counts, {
      // [descriptor bytes, fields, reports]; NUT printed "71 HID objects found" and "35 HID objects found".
      "apc-back-ups-bk650m2-ch_051d-0002": [743, 71, 49],
      "apc-back-ups-cs-500_051d-0002": [374, 35, 27],
      "apc-smart-ups-x-750_051d-0003": [425, 54, 27],
      "cyberpower-br700elcd_0764-0501": [562, 67, 40],
      "cyberpower-cp1350c_0764-0501": [387, 46, 25],
      "cyberpower-cp1500epfclcd_0764-0501": [480, 56, 32],
      "cyberpower-cst135uc2_0764-0601": [726, 82, 49],
      "eaton-3s-850_0463-ffff": [926, 95, 30],
      "eaton-5p_0463-ffff": [1089, 106, 46],
      "eaton-santak-tg-box-850_0463-ffff": [926, 95, 30],
      "goldenmate-1500va-1000w_075d-0300": [270, 26, 5],
      "liebert-psa5-interface0-vendor_10af-0002": "NOT_POWER_DEVICE",
      "powercom-spd-750u_0d9f-0004": [996, 102, 62],
      "wallecube-smart-ups-w150_04d8-d005": [285, 33, 3],
    });
  },
});

Deno.test({
  ...pure,
  name:
    "parseReportDescriptor() gives the fields NUT's debug logs list: same path, type, report id, offset and size",
  fn() {
    for (
      const name of [
        "apc-back-ups-cs-500_051d-0002",
        "apc-back-ups-bk650m2-ch_051d-0002",
        "eaton-3s-850_0463-ffff",
      ]
    ) {
      const f = fixture(name);
      const names = usageNamesFor(f.reportsNames!);
      const d = parseReportDescriptor(hexBytes(f.rdesc!), { names });
      const lines = nutPathLines(f.reports!);
      assert(lines.length >= 35, name);
      for (const line of lines) {
        const nodes = parsePath(line.path, names);
        assert(nodes !== undefined, line.path);
        const field = d.fields.find((x) =>
          x.type === line.type && x.reportId === line.reportId && x.offset === line.offset &&
          x.size === line.size
        );
        assertEquals(
          field?.nodes,
          nodes,
          `${name}: ${line.path} ${line.type} 0x${line.reportId.toString(16)}`,
        );
        // The logs were written by NUT 2.8.0/2.8.1; the MGE table has named ffff00e5/ffff00e9/ffff0005 since.
        if (!/ffff00e[59]|ffff0005/.test(line.path)) assertEquals(field?.path, line.path);
      }
      // NUT skips reports 254/255 of Eaton devices when it lists them; every other field is in the log.
      const listed = new Set(lines.map((l) => `${l.type}/${l.reportId}/${l.offset}`));
      const unlisted = d.fields.filter((x) => !listed.has(`${x.type}/${x.reportId}/${x.offset}`));
      assertEquals(unlisted.map((x) => x.reportId), name.startsWith("eaton") ? [254, 255] : []);
    }
  },
});

Deno.test({
  ...pure,
  name:
    "parseReportDescriptor() reads logical extents signed by item size, and a maximum below the minimum unsigned (NUT)",
  fn() {
    const d = parse(
      `${UPS} 05 85 85 01 75 08 95 01 15 00 25 ff 09 66 b1 02` + // 25 ff = -1 < 0: re-read as 255
        ` 85 02 26 ff 00 09 67 b1 02` + // 26 ff 00 = 255, no assumption
        ` 05 84 85 03 15 ff 26 ff 7f 75 10 09 57 b1 02` + // -1..32767
        ` 05 85 85 04 15 00 27 ff ff 00 00 09 68 b1 02` + // 0..65535, four bytes
        ` 85 05 15 00 26 ff ff 09 83 b1 02 ${END}`, // 26 ff ff = -1: 65535 again
    );
    assertEquals(
      d.fields.map((f) => [f.path, f.logicalMin, f.logicalMax, f.logicalMaxAssumed]),
      [
        ["UPS.PowerSummary.RemainingCapacity", 0, 255, true],
        ["UPS.PowerSummary.FullChargeCapacity", 0, 255, false],
        ["UPS.PowerSummary.DelayBeforeShutdown", -1, 32767, false],
        ["UPS.PowerSummary.RunTimeToEmpty", 0, 65535, false],
        ["UPS.PowerSummary.DesignCapacity", 0, 65535, true],
      ],
    );
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() defaults physical extents to logical ones when absent or both 0",
  fn() {
    const d = parse(
      `${UPS} 85 01 75 08 95 01 15 00 26 ff 00 09 30 b1 02` + // no physical items
        ` 85 02 35 00 45 00 09 31 b1 02` + // both 0
        ` 85 03 35 00 46 e8 03 09 32 b1 02 ${END}`, // 0..1000
    );
    assertEquals(
      d.fields.map((f) => [f.physicalMin, f.physicalMax, f.physicalDefined]),
      [[0, 255, false], [0, 255, false], [0, 1000, true]],
    );
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() reads the unit exponent as NUT does (4-bit nibble, or a signed byte)",
  fn() {
    const exponents = ["00", "05", "07", "08", "0e", "0f", "fe", "ff"].map((e) =>
      parse(`${UPS} 85 01 75 08 95 01 25 64 55 ${e} 67 21 d1 f0 00 09 30 b1 02 ${END}`).fields[0].unitExponent
    );
    assertEquals(exponents, [0, 5, 7, -8, -2, -1, -2, -1]);
    assertEquals(parse(`${UPS} 85 01 75 08 95 01 25 64 66 01 10 09 68 b1 02 ${END}`).fields[0].unit, 0x1001);
  },
});

Deno.test({
  ...pure,
  name:
    "parseReportDescriptor() lays out bits per (type, report id) and lists no field for values without usage",
  fn() {
    const d = parse(
      `${UPS} 85 07 05 85 75 01 95 03 25 01 09 d0 09 44 81 02` + // 2 usages, 3 values: the third is no field
        ` 95 05 81 03` + // 5 constant padding bits
        ` 09 45 75 08 95 01 b1 02` + // Feature 0x07 starts at 0 again
        ` 09 46 81 02 ${END}`, // Input 0x07 continues at bit 8
    );
    assertEquals(
      d.fields.map((f) => [f.path, f.type, f.offset, f.size, f.index]),
      [
        ["UPS.PowerSummary.ACPresent", "Input", 0, 1, 0],
        ["UPS.PowerSummary.Charging", "Input", 1, 1, 1],
        ["UPS.PowerSummary.Discharging", "Feature", 0, 8, 0],
        ["UPS.PowerSummary.FullyCharged", "Input", 8, 8, 0],
      ],
    );
    assertEquals(d.reports.map((r) => [r.type, r.id, r.bits, r.length]), [["Input", 7, 16, 3], [
      "Feature",
      7,
      8,
      2,
    ]]);
    assertEquals([d.reportLength("Input", 7), d.reportLength("Feature", 7), d.reportLength("Output", 7)], [
      3,
      2,
      0,
    ]);
    assertEquals(d.reportFields("Input", 7).length, 3);
    assertEquals(d.usesReportIds, true);
  },
});

Deno.test({
  ...pure,
  name:
    "parseReportDescriptor() writes vendor collection types as [n] nodes and unnamed usages in hex, as NUT",
  fn() {
    const d = parseReportDescriptor(
      hexBytes(
        `${UPS} 09 1e a1 84 85 0b 75 08 95 01 26 ff 00 09 1f b1 02 c0` + // Flow, collection type 0x84
          ` a1 00 85 0c 06 86 ff 09 99 b1 02 c0 ${END}`, // a collection without usage, an unknown APC usage
      ),
      { names: usageNamesFor("mge") },
    );
    assertEquals(d.fields.map((f) => f.path), [
      "UPS.PowerSummary.Flow.[4].FlowID",
      "UPS.PowerSummary.00000000.ff860099",
    ]);
    assertEquals(d.collections.map((c) => [c.path, c.type, c.depth]), [
      ["UPS", 1, 0],
      ["UPS.PowerSummary", 0, 1],
      ["UPS.PowerSummary.Flow.[4]", 0x84, 2],
      ["UPS.PowerSummary.00000000", 0, 2],
    ]);
    assertEquals(d.findByPath("UPS.PowerSummary.Flow.[4].FlowID")?.reportId, 0x0b);
    assertEquals(d.findByPath("ups.powersummary.00000000.FF860099")?.reportId, 0x0c);
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() takes a 4-byte usage's own page, the current page for shorter ones",
  fn() {
    const d = parse(`${UPS} 85 01 75 08 95 02 26 ff 00 0b 16 00 86 ff 09 66 b1 02 ${END}`);
    assertEquals(d.fields.map((f) => f.path), [
      "UPS.PowerSummary.APCBattReplaceDate",
      "UPS.PowerSummary.OverCharged",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() expands Usage Minimum/Maximum and keeps an Array item's usage list",
  fn() {
    const d = parse(
      `${UPS} 85 01 05 85 75 01 95 03 25 01 19 44 29 46 81 02 75 08 95 01 15 01 25 02 19 44 29 45 81 00 ${END}`,
    );
    assertEquals(d.fields.map((f) => [f.path, f.offset, f.arrayUsages]), [
      ["UPS.PowerSummary.Charging", 0, undefined],
      ["UPS.PowerSummary.Discharging", 1, undefined],
      ["UPS.PowerSummary.FullyCharged", 2, undefined],
      ["UPS.PowerSummary.Charging", 3, [0x00850044, 0x00850045]],
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() restores global state on Pop and keeps a Delimiter set's first usage",
  fn() {
    const d = parse(
      `${UPS} 85 01 75 08 95 01 26 ff 00 a4 85 02 75 10 27 ff ff 00 00 09 30 b1 02 b4` +
        ` 09 31 b1 02 a9 01 09 32 09 33 a9 00 b1 02 ${END}`,
    );
    assertEquals(d.fields.map((f) => [f.path, f.reportId, f.offset, f.size, f.logicalMax]), [
      ["UPS.PowerSummary.Voltage", 2, 0, 16, 65535],
      ["UPS.PowerSummary.Current", 1, 0, 8, 255],
      ["UPS.PowerSummary.Frequency", 1, 8, 8, 255],
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() skips long items and string/designator items, keeping their indexes",
  fn() {
    const d = parse(`${UPS} fe 02 10 aa bb 85 01 75 08 95 01 26 ff 00 09 fe 79 02 39 05 b1 02 ${END}`);
    assertEquals(d.fields.map((f) => [f.path, f.stringIndex, f.designatorIndex]), [[
      "UPS.PowerSummary.iProduct",
      2,
      5,
    ]]);
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() refuses malformed descriptors with a typed error at the offending byte",
  fn() {
    assertEquals(refusal(`${UPS} 85 01 75 08 95 01 26 ff`), ["TRUNCATED", 16]);
    assertEquals(refusal(`${UPS} fe 05 00 01 02`), ["TRUNCATED", 10]);
    assertEquals(refusal(`${UPS} b4 ${END}`), ["POP_WITHOUT_PUSH", 10]);
    assertEquals(refusal(`${UPS} 85 01 75 08 95 01 09 30 b1 02 ${END} c0`), ["END_WITHOUT_COLLECTION", 22]);
    assertEquals(refusal(`${UPS} 85 01 75 08 95 01 09 30 b1 02 c0`), ["UNCLOSED_COLLECTION", 21]);
    assertEquals(refusal(`${UPS} 85 00 ${END}`), ["REPORT_ID", 10]);
    assertEquals(refusal(`${UPS} 86 00 01 ${END}`), ["REPORT_ID", 10]);
    assertEquals(refusal(`${UPS} 85 01 75 20 97 ff ff ff ff 09 30 b1 02 ${END}`), ["REPORT_TOO_LONG", 21]);
    const page = "1b 00 00 84 00 2b ff ff 84 00"; // Usage Minimum/Maximum over the whole Power Device page
    assertEquals(refusal(`${UPS} 85 01 75 08 95 01 ${page} ${page} b1 02 ${END}`), ["TOO_MANY_USAGES", 31]);
    assertEquals(refusal(`${UPS} a9 01 a9 01 ${END}`), ["DELIMITER", 12]);
    assertEquals(refusal(`${UPS} a9 00 ${END}`), ["DELIMITER", 10]);
    assertEquals(refusal(`${UPS} ${"a4 ".repeat(33)} ${END}`), ["PUSH_TOO_DEEP", 42]);
    assertEquals(refusal(`05 84 ${"09 04 a1 00 ".repeat(33)}`), ["COLLECTION_TOO_DEEP", 132]);
    assertEquals(refusal(`${UPS} 85 01 75 08 95 01 b1 02 ${END}`), ["NO_FIELDS", 20]);
    assertEquals(refusal(""), ["NO_FIELDS", 0]);
    // Too many fields: 20 items of Report Count 255 with 255 usages each would be 5100 fields.
    const usages = "09 30 ".repeat(255);
    assertEquals(
      refusal(`${UPS} 85 01 75 01 95 ff ${`${usages} b1 02 `.repeat(20)} ${END}`)[0],
      "TOO_MANY_FIELDS",
    );
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() says why a vendor-only interface is no UPS, and parses it on request",
  fn() {
    const liebert = fixture("liebert-psa5-interface0-vendor_10af-0002").rdesc!;
    const e = assertThrows(() => parse(liebert), HidDescriptorError);
    assertEquals(e.kind, "NOT_POWER_DEVICE");
    assertEquals(
      e.message,
      "HID report descriptor, byte 27: no Power Device (0x84) or Battery System (0x85) usage, only page(s) 0xff00: " +
        "not a UPS interface (its Power Device descriptor may be on another interface)",
    );
    const d = parse(liebert, false);
    assertEquals(d.fields.map((f) => [f.path, f.type, f.reportId, f.offset, f.size]), [
      ["ff000001.ff000002", "Input", 0, 0, 8],
      ["ff000001.ff000002", "Output", 0, 0, 8],
    ]);
    assertEquals([d.usesReportIds, d.reportLength("Input", 0), d.reportLength("Output", 0)], [false, 8, 8]);
  },
});

Deno.test({
  ...pure,
  name: "HidDescriptor.findByPath() matches whole paths, Feature by default, first field of the type",
  fn() {
    const f = fixture("apc-back-ups-cs-500_051d-0002");
    const d = parseReportDescriptor(hexBytes(f.rdesc!), { names: usageNamesFor("apc") });
    assertEquals(d.findByPath("UPS.PowerSummary.RemainingCapacity")?.type, "Feature");
    assertEquals(d.findByPath("UPS.PowerSummary.RemainingCapacity", "Input")?.type, "Input");
    assertEquals(d.findByPath("UPS.PowerSummary.APCStatusFlag")?.offset, 16);
    assertEquals(d.findByPath("UPS.PowerSummary.ff860060")?.offset, 16);
    assertEquals(d.findByPath("UPS.PowerSummary"), undefined);
    assertEquals(d.findByPath("UPS.PowerSummary.RemainingCapacity.Extra"), undefined);
    assertEquals(d.findByPath("UPS.PowerSummary.RemainingCapacity", "Output"), undefined);
    assertEquals(d.findAllByPath("UPS.PowerSummary.ACPresent").map((x) => x.type), ["Input", "Feature"]);
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() copies its input and freezes what it returns",
  fn() {
    const bytes = hexBytes(fixture("apc-back-ups-cs-500_051d-0002").rdesc!);
    const d = parseReportDescriptor(bytes);
    bytes[0] = 0;
    assertEquals(d.bytes[0], 0x05);
    assert(Object.isFrozen(d.fields) && Object.isFrozen(d.fields[0]) && Object.isFrozen(d.fields[0].nodes));
  },
});
