import { assertEquals } from "../../../testing/asserts.ts";
import { hasFixups } from "../../../hid/mod.ts";
import { fixtureDevice, publish } from "../_test_tables.ts";
import { idowellSubdriver as sub } from "./idowell.ts";
import { firstValues, tableProblems } from "./_table_checks.ts";

const GOLDENMATE = "goldenmate-1500va-1000w_075d-0300";

Deno.test({
  name: "idowellSubdriver: every path reads with the HID usage names, every row is well formed",
  permissions: "none",
  fn() {
    assertEquals(tableProblems(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      21,
      12,
      3,
      2,
    ]);
  },
});

Deno.test({
  name: "idowellSubdriver: the GoldenMate 1500VA's descriptor and recorded reports publish OL and its values",
  permissions: "none",
  fn() {
    // The fixture's source (cecilkootz/esp32-nut, a live frame) gives the USB strings and expects
    // ups.status OL and battery.charge 100; there is no NUT dump of this device (no .dev).
    const d = fixtureDevice(GOLDENMATE, sub, new Map([[1, "-BMS-"], [2, "Smart-Battery"]]));
    const got = publish(sub, {
      ...d,
      identity: { ...d.identity, manufacturer: "-BMS-", product: "Smart-Battery" },
    });
    assertEquals(Object.fromEntries(got), {
      "battery.capacity.design": "100",
      "battery.capacity.full": "100",
      "battery.charge": "100",
      "battery.runtime": "180",
      // ConfigVoltage 370 and Voltage 221 with unit exponent 5: NUT's 10^(5 - 7) for volts.
      "battery.voltage": "2.2",
      "battery.voltage.nominal": "3.7",
      "device.mfr": "-BMS-",
      "device.model": "Smart-Battery",
      // HU_FLAG_ABSENT rows: the driver puts its offdelay/ondelay there; the descriptor has both delays.
      "ups.delay.shutdown": "$offdelay",
      "ups.delay.start": "$ondelay",
      "ups.mfr": "-BMS-",
      "ups.model": "Smart-Battery",
      "ups.status": "OL",
    });
    assertEquals(
      ["UPS.PowerSummary.DelayBeforeStartup", "UPS.PowerSummary.DelayBeforeShutdown"].map((p) =>
        d.descriptor.findByPath(p) !== undefined
      ),
      [true, true],
    );
  },
});

Deno.test({
  name: "idowellSubdriver: the first battery.charge.low row wins; status words of NUT's BOOL rows",
  permissions: "none",
  fn() {
    const p = "UPS.PowerSummary.";
    const values: Record<string, number> = {
      [p + "RemainingCapacityLimit"]: 15,
      [p + "WarningCapacityLimit"]: 30,
      [p + "PresentStatus.ACPresent"]: 1,
      [p + "PresentStatus.Charging"]: 1,
      [p + "PresentStatus.Good"]: 1,
      [p + "RemainingCapacity"]: 80,
    };
    const device = {
      read: (s: { path: string }) => values[s.path],
      identity: { vendorId: 0x075d, productId: 0x0300, bcdDevice: 0 },
      strings: new Map(),
    };
    assertEquals(firstValues(sub, device.read).get("battery.charge.low"), "15");
    assertEquals(publish(sub, device).get("ups.status"), "OL CHRG");
    values[p + "PresentStatus.Good"] = 0;
    values[p + "PresentStatus.BatteryPresent"] = 0;
    assertEquals(publish(sub, device).get("ups.status"), "ALARM OL CHRG RB OFF");
  },
});

Deno.test({
  name:
    "idowellSubdriver: claims 075d:0300, and 06da:ffff only with GoldenMate's strings; NUT's fix-up applies",
  permissions: "none",
  fn() {
    const id = (vendorId: number, productId: number, manufacturer?: string, product?: string) => ({
      vendorId,
      productId,
      bcdDevice: 0,
      manufacturer,
      product,
    });
    assertEquals(
      [
        id(0x075d, 0x0300),
        id(0x075d, 0x0301),
        id(0x06da, 0xffff, "-BMS-", "UPS"),
        id(0x06da, 0xffff, "PPC", "Smart-Battery"),
        id(0x06da, 0xffff, "PPC", "HID UPS"),
        id(0x06da, 0xffff),
        id(0x06da, 0x0002, "-BMS-", "Smart-Battery"),
      ].map((d) => sub.match(d)),
      [true, false, true, true, false, false, false],
    );
    assertEquals([sub.formatMfr!(id(0x075d, 0x0300)), sub.formatMfr!(id(0x075d, 0x0300, "iDowell"))], [
      "iDowell",
      "iDowell",
    ]);
    assertEquals(sub.formatMfr!(id(0x06da, 0xffff, "-BMS-")), "-BMS-");
    assertEquals(sub.ids.map((u) => hasFixups(sub.usages, u as { vendorId: number; productId: number })), [
      true,
      true,
    ]);
  },
});
