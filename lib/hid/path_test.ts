import { assertEquals } from "../testing/asserts.ts";
import { FIXTURES, hexBytes } from "../testing/hid_fixtures.ts";
import { parseReportDescriptor } from "./descriptor.ts";
import { formatNode, formatPath, parsePath } from "./path.ts";
import { SUBDRIVER_USAGES, usageNamesFor } from "./usages/subdrivers.ts";
import type { HidSubdriverName } from "./usages/subdrivers.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name:
    "parsePath() reads back what formatPath() writes, for every field of every fixture with every subdriver's names",
  fn() {
    for (const f of FIXTURES) {
      if (f.rdesc === undefined) continue;
      const d = parseReportDescriptor(hexBytes(f.rdesc), { requirePowerDevice: false });
      for (const subdriver of Object.keys(SUBDRIVER_USAGES) as HidSubdriverName[]) {
        const names = usageNamesFor(subdriver);
        for (const field of d.fields) {
          assertEquals(
            parsePath(formatPath(field.nodes, names), names),
            field.nodes,
            `${f.name} ${subdriver}`,
          );
        }
      }
    }
  },
});

Deno.test({
  ...pure,
  name: "formatNode() writes a name, then [n] for an index node, then 8 lowercase hex digits",
  fn() {
    const explore = usageNamesFor("explore");
    assertEquals(formatNode(0x00840004, explore), "UPS");
    assertEquals(formatNode(0x00ff0004, explore), "[4]");
    assertEquals(formatNode(0xff86007c, explore), "ff86007c");
    assertEquals(formatNode(0, explore), "00000000");
    // A subdriver's table comes first: PowerCOM names an index-looking node, Delta names node 0.
    assertEquals(formatNode(0x00ff0057, usageNamesFor("powercom")), "PCMDelayBeforeShutdown");
    assertEquals(formatNode(0, usageNamesFor("delta_ups")), "DELTA1");
    // Tripp Lite and MGE share page 0xffff with other names.
    assertEquals([
      formatNode(0xffff0056, usageNamesFor("tripplite")),
      formatNode(0xffff0056, usageNamesFor("mge")),
    ], [
      "TLDelayBeforeStartup",
      "ForcedTransferEnable",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "parsePath() takes names in any case, hex nodes and [n], and nothing else",
  fn() {
    const apc = usageNamesFor("apc");
    assertEquals(parsePath("UPS.PowerSummary.PresentStatus.ACPresent", apc), [
      0x00840004,
      0x00840024,
      0x00840002,
      0x008500d0,
    ]);
    assertEquals(parsePath("ups.battery.test", apc), [0x00840004, 0x00840012, 0x00840058]);
    assertEquals(parsePath("UPS.APCBattReplaceDate", apc), parsePath("UPS.ff860016", apc));
    assertEquals(parsePath("UPS.ff860016", usageNamesFor("explore")), [0x00840004, 0xff860016]);
    assertEquals(parsePath("UPS.[1].x", apc), undefined);
    assertEquals(parsePath("UPS.1ff860016", apc), undefined);
    assertEquals(parsePath("UPS..Battery", apc), undefined);
    assertEquals(parsePath("UPS.[70000]", apc), undefined);
    assertEquals(parsePath(Array(70).fill("UPS").join("."), apc), undefined);
  },
});
