import { assertEquals } from "../testing/asserts.ts";
import { fixture, FIXTURES, hexBytes, recordedReports } from "../testing/hid_fixtures.ts";
import { parseReportDescriptor } from "./descriptor.ts";
import { fixReportDescriptor, hasFixups } from "./fixups.ts";
import type { FixupResult } from "./fixups.ts";
import { decodeField } from "./report.ts";
import { usageNamesFor } from "./usages/subdrivers.ts";
import type { HidSubdriverName } from "./usages/subdrivers.ts";

const pure = { permissions: "none" } as const;

const UPS = "05 84 09 04 a1 01";

function fixed(
  hex: string,
  subdriver: HidSubdriverName,
  vendorId: number,
  productId: number,
  disabled = false,
): FixupResult {
  const d = parseReportDescriptor(hexBytes(hex), { names: usageNamesFor(subdriver) });
  return fixReportDescriptor(d, subdriver, { vendorId, productId }, { disabled });
}

function ranges(result: FixupResult): [string, number, number, number][] {
  return result.changes.map((c) => [c.path, c.reportId, c.after.logicalMin, c.after.logicalMax]);
}

Deno.test({
  ...pure,
  name:
    "fixReportDescriptor() corrects the CyberPower CP1500EPFCLCD output voltage range (NUT #439): 238 V reads 238, not 260",
  fn() {
    const f = fixture("cyberpower-cp1500epfclcd_0764-0501");
    const report = recordedReports(f.reports!).get(0x12)!;
    assertEquals(report, new Uint8Array([0x12, 0xee, 0x00]));
    const on = fixed(f.rdesc!, "cps", 0x0764, 0x0501);
    assertEquals(ranges(on), [["UPS.Output.Voltage", 0x12, 0, 511], [
      "UPS.Output.ConfigActivePower",
      0x18,
      0,
      2048,
    ]]);
    assertEquals(on.changes[0].before, { logicalMin: 260, logicalMax: 270 });
    assertEquals(decodeField(on.descriptor.findByPath("UPS.Output.Voltage")!, report), 238);
    const off = fixed(f.rdesc!, "cps", 0x0764, 0x0501, true);
    assertEquals([off.skipped, off.changes.length], ["disabled", 0]);
    assertEquals(decodeField(off.descriptor.findByPath("UPS.Output.Voltage")!, report), 260);
  },
});

Deno.test({
  ...pure,
  name: "fixReportDescriptor() applies each subdriver's fix-ups to its devices only, as NUT chooses them",
  fn() {
    const results: Record<string, string | [string, number, number, number][]> = {};
    for (const f of FIXTURES) {
      if (f.rdesc === undefined || f.name.startsWith("liebert") || f.name.startsWith("eaton-3s-700")) {
        continue;
      }
      const r = fixed(f.rdesc, f.subdriver, f.vendorId, f.productId);
      results[f.name] = r.skipped ?? ranges(r);
    }
    assertEquals(results, {
      // HighVoltageTransfer (0..278) above Voltage's maximum (255): Voltage 0..556, ConfigVoltage max 255.
      "apc-back-ups-bk650m2-ch_051d-0002": [["UPS.Input.Voltage", 0x31, 0, 556], [
        "UPS.Input.ConfigVoltage",
        0x30,
        0,
        255,
      ]],
      "apc-back-ups-cs-500_051d-0002": "conditions",
      "apc-smart-ups-x-750_051d-0003": "device",
      "cyberpower-br700elcd_0764-0501": "conditions",
      "cyberpower-cp1350c_0764-0501": [["UPS.Output.ConfigActivePower", 0x18, 0, 2048]],
      "cyberpower-cp1500epfclcd_0764-0501": [["UPS.Output.Voltage", 0x12, 0, 511], [
        "UPS.Output.ConfigActivePower",
        0x18,
        0,
        2048,
      ]],
      "cyberpower-cst135uc2_0764-0601": [["UPS.Output.ConfigActivePower", 0x18, 0, 2048]],
      "eaton-3s-850_0463-ffff": "none",
      "eaton-5p_0463-ffff": "none",
      "eaton-santak-tg-box-850_0463-ffff": "none",
      "goldenmate-1500va-1000w_075d-0300": "conditions",
      "powercom-spd-750u_0d9f-0004": "none",
      "wallecube-smart-ups-w150_04d8-d005": "none",
    });
    const cp1500 = fixture("cyberpower-cp1500epfclcd_0764-0501").rdesc!;
    assertEquals(fixed(cp1500, "cps", 0x0764, 0x0005).skipped, "device");
    assertEquals(fixed(cp1500, "explore", 0x0764, 0x0501).skipped, "none");
    assertEquals([
      hasFixups("cps", { vendorId: 0x0764, productId: 0x0601 }),
      hasFixups("mge", { vendorId: 0x0463, productId: 0xffff }),
    ], [true, false]);
  },
});

Deno.test({
  ...pure,
  name:
    "fixReportDescriptor() widens an APC 220-240 V unit's input voltage ranges when HighVoltageTransfer exceeds them",
  fn() {
    // Back-UPS XS 1400U style (NUT #1189): ConfigVoltage 0..130, Voltage 0..255, HighVoltageTransfer 0..280.
    const hex =
      `${UPS} 09 1a a1 00 75 08 95 01 15 00 85 30 25 82 09 40 b1 02 85 31 75 10 26 ff 00 09 30 b1 02 09 30 81 02` +
      ` 85 33 26 18 01 09 54 b1 02 c0 c0`;
    const on = fixed(hex, "apc", 0x051d, 0x0002);
    assertEquals(ranges(on), [["UPS.Input.Voltage", 0x31, 0, 560], [
      "UPS.Input.ConfigVoltage",
      0x30,
      0,
      255,
    ]]);
    assertEquals(on.changes[0].types, ["Feature", "Input"]);
    const voltage = new Uint8Array([0x31, 0x04, 0x01]); // 260 V
    const config = new Uint8Array([0x30, 0xe6]); // 230 V
    assertEquals(decodeField(on.descriptor.findByPath("UPS.Input.Voltage")!, voltage), 260);
    assertEquals(decodeField(on.descriptor.findByPath("UPS.Input.Voltage", "Input")!, voltage), 260);
    assertEquals(decodeField(on.descriptor.findByPath("UPS.Input.ConfigVoltage")!, config), 230);
    const off = fixed(hex, "apc", 0x051d, 0x0002, true);
    assertEquals(decodeField(off.descriptor.findByPath("UPS.Input.Voltage")!, voltage), 4); // 260 masked to 8 bits
    assertEquals(decodeField(off.descriptor.findByPath("UPS.Input.ConfigVoltage")!, config), 130);
  },
});

Deno.test({
  ...pure,
  name:
    "fixReportDescriptor() raises a mis-encoded CyberPower voltage maximum to 511 and cuts it to its size",
  fn() {
    // Input Voltage 0x0f: "25 ff" (-1, re-read as 255) on 16 bits; output Voltage 0x12: 0..255 properly encoded.
    const hex = `${UPS} 09 1a a1 00 85 0f 75 10 95 01 15 00 25 ff 09 30 b1 02 c0` +
      ` 09 1c a1 00 85 12 26 ff 00 09 30 b1 02 c0 c0`;
    const r = fixed(hex, "cps", 0x0764, 0x0601);
    assertEquals(ranges(r), [["UPS.Input.Voltage", 0x0f, 0, 511]]);
    assertEquals(
      decodeField(r.descriptor.findByPath("UPS.Input.Voltage")!, new Uint8Array([0x0f, 0x04, 0x01])),
      260,
    );
    // Both on 8 bits: 511 does not fit, cut back to 255: nothing changes.
    const small = hex.replace("75 10", "75 08");
    assertEquals(fixed(small, "cps", 0x0764, 0x0601).skipped, "conditions");
  },
});

Deno.test({
  ...pure,
  name:
    "fixReportDescriptor() gives GoldenMate report 0x02 its report 0x01 maxima when they are below the minimum",
  fn() {
    const hex = `${UPS} 09 24 a1 00 85 02 75 20 95 01 15 10 25 05 05 85 09 68 81 02 c0 c0`;
    const r = fixed(hex, "idowell", 0x075d, 0x0300);
    assertEquals(ranges(r), [["UPS.PowerSummary.RunTimeToEmpty", 0x02, 16, 0x75ffffff]]);
    assertEquals(r.descriptor.fields[0].logicalMaxAssumed, true);
    assertEquals(fixed(hex, "idowell", 0x06da, 0xffff).changes.length, 1);
  },
});
