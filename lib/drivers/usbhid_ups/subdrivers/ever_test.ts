import { assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import { publish, type TableDevice } from "../_test_tables.ts";
import type { HidSource } from "../types.ts";
import { everSubdriver as sub } from "./ever.ts";
import { tableProblems, upscValues } from "./_table_checks.ts";
import ecoPro from "../../../../tests/fixtures/hid/logs/ever-eco-pro-avr-cds_2e51-0000.log" with {
  type: "text",
};

/** A device that has exactly the given Feature paths. */
function device(values: Record<string, RawValue>): TableDevice {
  return {
    read: (s: HidSource) => values[s.path],
    identity: { vendorId: 0x2e51, productId: 0x0000, bcdDevice: 0 },
    strings: new Map(),
  };
}

// No debug log of an Ever device was found (NUT's issues and PRs hold upsc outputs only): the tables are
// checked for form, their paths against Ever's usage names, their names against NUT's dump of an ECO PRO.

Deno.test({
  name: "everSubdriver: every path reads with Ever's usage names, every row is well formed",
  permissions: "none",
  fn() {
    assertEquals(tableProblems(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      84,
      19,
      2,
      1,
    ]);
  },
});

Deno.test({
  name: "everSubdriver: every variable of NUT's dump of an ECO PRO AVR CDS has its row, but the two left out",
  permissions: "none",
  fn() {
    const ours = new Set([...sub.variables.map((r) => r.name), ...(sub.fixed ?? []).map((f) => f.name)]);
    const fromUsb = ["ups.mfr", "ups.model", "ups.vendorid", "ups.productid", "ups.status"];
    const missing = [...upscValues(ecoPro).keys()].filter((n) => !ours.has(n) && !fromUsb.includes(n));
    assertEquals(missing, ["experimental.status.alarms", "experimental.status.messages"]);
  },
});

Deno.test({
  name: "everSubdriver: version, hardware revision and work mode texts as NUT's ever_format_* functions",
  permissions: "none",
  fn() {
    const one = (path: string, value: number, name: string) =>
      publish(sub, device({ [`UPS.EVER1.${path}`]: value })).get(name);
    assertEquals(
      [0x1203, 0xf0ff, 0].map((w) => one("EVER13", w, "experimental.id.firmware_version_inverter")),
      ["v1.2b03", "vF.0b255", "v0.0b00"],
    );
    assertEquals(
      [0x0105, 0x1a63, 0x0000, 0x1b00].map((w) => one("EVER15", w, "experimental.id.hardware_version")),
      ["rev.Av05", "rev.Zv99", "rev.0v00", undefined],
    );
    assertEquals(
      [4, 8, 64, 3, 0].map((m) => one("EVER97.EVER98", m, "experimental.status.workmode")),
      ["ONLINE", "ONBATTERY", "EMERGENCY", "UNKNOWN", "UNKNOWN"],
    );
    assertEquals(one("EVER42", 308.15, "ups.temperature"), "35.0");
  },
});

Deno.test({
  name: "everSubdriver: OFF unless the work mode is ONLINE or ONBATTERY; Ever's own status bits",
  permissions: "none",
  fn() {
    const status = (values: Record<string, number>) => publish(sub, device(values)).get("ups.status");
    const ac = "UPS.PowerSummary.PresentStatus.ACPresent";
    const mode = "UPS.EVER1.EVER97.EVER98";
    assertEquals([status({ [ac]: 1, [mode]: 4 }), status({ [ac]: 1, [mode]: 2 })], ["OL", "OL OFF"]);
    assertEquals(
      status({ [ac]: 0, [mode]: 8, "UPS.EVER1.EVER18.EVER20": 1, "UPS.EVER1.EVER18.EVER21": 1 }),
      "OB LB BOOST",
    );
  },
});

Deno.test({
  name: "everSubdriver: claims its three ids only; ups.mfr falls back to Ever",
  permissions: "none",
  fn() {
    const id = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals(
      [id(0x0483, 0xa113), id(0x2e51, 0xffff), id(0x2e51, 0x0000), id(0x0483, 0x5740)].map((d) =>
        sub.match(d)
      ),
      [true, true, true, false],
    );
    assertEquals(sub.formatMfr!(id(0x2e51, 0x0000)), "Ever");
  },
});
