import { assertEquals } from "../../../testing/asserts.ts";
import { fixtureDevice } from "../_test_tables.ts";
import { startUp, unreadablePaths } from "./_hid2nut_bed.ts";
import { OPENUPS_TEMPERATURE, openupsScales, openupsSubdriver, openupsSubdriverFor } from "./openups.ts";

/**
 * The WalleCube Smart UPS W150's string descriptors, from the source of its fixture
 * (maverick1982/esp32-nut test/fixtures/openups/wallecube_w150_vid04d8_pidd005.json, "strings").
 */
const WALLECUBE_STRINGS = new Map([[1, "WalleCube"], [2, "Smart UPS W150"], [3, "E4B323491C40"], [
  8,
  "LiFePO4",
], [
  9,
  "OPEN",
]]);

/**
 * The WalleCube fixture with its USB strings.
 * @returns the device
 */
function wallecube() {
  const dev = fixtureDevice("wallecube-smart-ups-w150_04d8-d005", openupsSubdriver, WALLECUBE_STRINGS);
  const identity = {
    ...dev.identity,
    manufacturer: "WalleCube",
    product: "Smart UPS W150",
    serial: "E4B323491C40",
  };
  return { ...dev, identity };
}

Deno.test({
  name: "openupsSubdriver: every path reads with openUPS's usage names; NUT's rows, facts and ids",
  permissions: "none",
  fn() {
    const s = openupsSubdriver;
    assertEquals(unreadablePaths(s), []);
    assertEquals([s.variables.length, s.status.length, s.commands.length], [15, 12, 0]);
    assertEquals(s.ids.map((u) => u.productId), [0xd004, 0xd005]);
    assertEquals([
      s.match({ vendorId: 0x04d8, productId: 0xd005, bcdDevice: 0 }),
      s.match({ vendorId: 0x04d8, productId: 0xd006, bcdDevice: 0 }),
    ], [
      true,
      false,
    ]);
  },
});

Deno.test({
  name: "openupsSubdriverFor: the WalleCube W150 (04d8:d005) publishes NUT's values, 0.1 V and A scales",
  permissions: "none",
  fn() {
    const device = wallecube();
    const got = startUp(openupsSubdriverFor(device.identity), device);
    assertEquals(Object.fromEntries(got), {
      "battery.capacity": "100",
      "battery.charge": "100",
      "battery.charge.low": "10",
      "battery.charge.warning": "5",
      "battery.current": "0.008",
      // NUT maps iOEMInformation to battery.mfr.date: this device's string there is "OPEN".
      "battery.mfr.date": "OPEN",
      "battery.runtime": "12912",
      // Thermistor 5.55 (555 hundredths) between the table's 512 (25 C) and 559 (30 C).
      "battery.temperature": "29.57",
      "battery.type": "LiFePO4",
      "battery.voltage": "13.60",
      "input.current": "1.237",
      "input.voltage": "12.33",
      "output.current": "1.340",
      "output.voltage": "12.24",
      // BatteryPresent reads 0: NUT's nobattery_info makes that "no battery" (RB and its alarm).
      "ups.alarm": "No battery installed!",
      "ups.mfr": "WalleCube",
      "ups.model": "Smart UPS W150",
      "ups.serial": "E4B323491C40",
      "ups.status": "ALARM OL RB",
    });
    // The fixture's own decoder (an ESP32 NUT server) read the same output voltage and runtime.
    assertEquals([got.get("output.voltage"), got.get("battery.runtime")], ["12.24", "12912"]);
  },
});

Deno.test({
  name: "openupsSubdriver: before NUT knows the product, voltages and currents are unscaled; d004's scales",
  permissions: "none",
  fn() {
    const device = wallecube();
    assertEquals(startUp(openupsSubdriver, device).get("output.voltage"), "122.42");
    const d004 = openupsScales(0xd004);
    assertEquals([d004.vin, d004.vout, d004.ccharge, d004.cdischarge], [
      0.03545 * 100,
      0.02571 * 100,
      0.8274 / 10,
      16.113 / 10,
    ]);
    const vin = openupsSubdriverFor({ productId: 0xd004 }).variables.find((r) => r.name === "input.voltage")!;
    assertEquals(vin.convert.toNut(1000), "3545.00");
    assertEquals(openupsScales(0x1234), { vin: 1, vout: 1, ccharge: 1, cdischarge: 1 });
  },
});

Deno.test({
  name: "OPENUPS_TEMPERATURE: the thermistor table's ends, its entries and the lines between them",
  permissions: "none",
  fn() {
    const t = (v: number) => OPENUPS_TEMPERATURE.toNut(v);
    assertEquals([t(0), t(0.49), t(0.5), t(5.12), t(5.55), t(9.72), t(9.8)], [
      "-40",
      "-40",
      "-39.67", // 50 between 49 (-40) and 64 (-35): 1/15 of the 5 degrees above -40
      "25",
      "29.57",
      "125",
      "125",
    ]);
  },
});
