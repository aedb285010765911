import { assertEquals } from "../../../testing/asserts.ts";
import { loggedDevice } from "../_test_tables.ts";
import { disagreements, dumpValues, publishAsNut, unreadablePaths } from "./_test_nut.ts";
import { tableProblems } from "./_table_checks.ts";
import { liebertSubdriver as sub } from "./liebert.ts";
import powerwalker from "../../../../tests/fixtures/hid/logs/powerwalker-vi-2200-sh_06da-ffff.log" with {
  type: "text",
};

Deno.test({
  name: "liebertSubdriver: every path reads with the HID names, Phoenixtec's own usages in hex; NUT's counts",
  permissions: "none",
  fn() {
    assertEquals(unreadablePaths(sub), []);
    // NUT's table names Phoenixtec's transfer limits by their codes: no usage table has them.
    assertEquals(tableProblems(sub), [
      "input.transfer.low: UPS.PowerConverter.Output.ffff0057 (ffff0057)",
      "input.transfer.high: UPS.PowerConverter.Output.ffff0058 (ffff0058)",
      "input.frequency.transfer.low: UPS.PowerConverter.Output.ffff00f9 (ffff00f9)",
      "input.frequency.transfer.high: UPS.PowerConverter.Output.ffff00f8 (ffff00f8)",
    ]);
    // liebert_hid2nut[]: 22 variable rows, 10 BOOL (online_info gives two facts), 5 commands, 2 ABSENT.
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      22,
      11,
      5,
      2,
    ]);
    const d = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals([
      sub.match(d(0x06da, 0xffff)),
      sub.match(d(0x06da, 0x0002)),
      sub.claimsWithProductId!(d(0x06da, 2)),
    ], [
      true,
      false,
      true,
    ]);
    assertEquals(sub.formatMfr!(d(0x06da, 0xffff)), "Liebert");
  },
});

Deno.test({
  name: "liebertSubdriver: a PowerWalker VI 2200 SH's NUT log publishes its upsc values (NUT issue #646)",
  permissions: "none",
  fn() {
    const upsc = dumpValues(powerwalker);
    const device = loggedDevice(powerwalker, {
      vendorId: 0x06da,
      productId: 0xffff,
      bcdDevice: 0x0003,
      manufacturer: upsc.get("device.mfr"),
      product: upsc.get("device.model"),
      serial: upsc.get("device.serial"),
    });
    const got = publishAsNut(sub, device);
    assertEquals(
      disagreements(got, upsc, {
        "battery.voltage": `NUT 2.7.4's table (Liebert HID 0.3) printed it "%.0f"; NUT's now "%.2f": 27.10`,
        "battery.type": "the log has the string index (5), not the string descriptor",
        "ups.status": "NUT 2.7.4 said CHRG whenever Charging was set; NUT now only below a full charge: OL",
        "ups.vendorid": "set by the driver from the USB ids, not by the table",
        "ups.productid": "set by the driver from the USB ids, not by the table",
      }),
      [],
    );
    // The rows NUT added since 2.7.4 give the values the log shows for their paths.
    assertEquals(Object.fromEntries(got), {
      "battery.charge": "100",
      "battery.runtime": "3290",
      "battery.voltage": "27.10",
      "experimental.battery.capacity": "100",
      "experimental.battery.capacity.nominal": "100",
      "input.voltage": "241.0",
      "output.frequency": "50.00",
      "output.frequency.nominal": "50",
      "output.voltage": "240.0",
      "output.voltage.nominal": "230",
      "ups.beeper.status": "enabled",
      "ups.delay.shutdown": "20",
      "ups.delay.start": "30",
      "ups.load": "1",
      "ups.mfr": "PPC",
      "ups.model": "Offline UPS",
      "ups.power.nominal": "9",
      "ups.serial": "000000000",
      "ups.status": "OL",
      "ups.test.result": "No test initiated",
    });
  },
});
