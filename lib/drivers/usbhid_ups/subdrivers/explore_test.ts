import { assertEquals } from "../../../testing/asserts.ts";
import { fixtureDevice, publish } from "../_test_tables.ts";
import { exploreSubdriver as sub } from "./explore.ts";

Deno.test({
  name: "exploreSubdriver: no rows, the HID names alone, claims nothing without the explore option",
  permissions: "none",
  fn() {
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.ids.length], [
      0,
      0,
      0,
      0,
    ]);
    assertEquals([sub.name, sub.version, sub.usages], ["EXPLORE HID", "0.2", "explore"]);
    assertEquals(sub.match({ vendorId: 0x051d, productId: 0x0002, bcdDevice: 0 }), false);
  },
});

Deno.test({
  name: "exploreSubdriver: an APC Back-UPS CS 500 read through it gives its USB strings only, paths in hex",
  permissions: "none",
  fn() {
    const device = fixtureDevice("apc-back-ups-cs-500_051d-0002", sub);
    // APC's vendor usages print as hex, as in NUT's explore log of the device.
    assertEquals(device.descriptor.findByPath("UPS.PowerSummary.ff860016")?.reportId, 0x1c);
    assertEquals(device.descriptor.findByPath("UPS.PowerSummary.APCBattReplaceDate"), undefined);
    const got = publish(sub, {
      ...device,
      identity: { ...device.identity, product: "Back-UPS 500 FW: 6.5.I" },
    });
    got.delete("ups.status"); // no status row: nothing to say
    assertEquals(Object.fromEntries(got), {
      "ups.mfr": "American Power Conversion",
      "ups.model": "Back-UPS 500 FW: 6.5.I",
      "ups.serial": "AB0427******",
    });
  },
});
