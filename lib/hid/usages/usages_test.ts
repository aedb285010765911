import { assert, assertEquals } from "../../testing/asserts.ts";
import { HID_USAGES, isHidSubdriverName, SUBDRIVER_USAGES, usageNamesFor } from "./subdrivers.ts";
import type { HidSubdriverName } from "./subdrivers.ts";
import { UsageNames } from "./table.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "the usage tables carry NUT's rows (counts of drivers/libhid.c and drivers/*-hid.c), frozen",
  fn() {
    const counts = Object.fromEntries(Object.entries(SUBDRIVER_USAGES).map(([k, t]) => [k, t.length]));
    assertEquals(counts, {
      apc: 20,
      arduino: 0,
      belkin: 40,
      cps: 2,
      delta_ups: 34,
      ecoflow: 0,
      ever: 104,
      explore: 0,
      idowell: 0,
      legrand: 0,
      liebert: 0,
      mge: 150,
      openups: 6,
      powercom: 25,
      powervar: 1,
      salicru: 0,
      tripplite: 20,
    });
    assertEquals(HID_USAGES.length, 170);
    for (const table of [HID_USAGES, ...Object.values(SUBDRIVER_USAGES)]) {
      assert(Object.isFrozen(table));
      for (const row of table) {
        assert(
          Object.isFrozen(row) && row[0].length > 0 && Number.isInteger(row[1]) && row[1] >= 0 &&
            row[1] <= 0xffffffff,
        );
      }
    }
  },
});

Deno.test({
  ...pure,
  name: "usageNamesFor() looks the vendor table up first, then the HID tables, first row wins both ways",
  fn() {
    const hid = usageNamesFor("explore");
    assertEquals([hid.name(0x00840004), hid.name(0x008500d0), hid.name(0x0084006b), hid.name(0x00840017)], [
      "UPS",
      "ACPresent",
      "SwitchOn/Off",
      "PowerConverterID",
    ]);
    // "VoltageOutOfRange" names 0x00840063 and 0x008500d8: reading a path gives the first.
    assertEquals([hid.name(0x008500d8), hid.code("VoltageOutOfRange")], ["VoltageOutOfRange", 0x00840063]);
    // Tripp Lite's names for usages it puts on the wrong page win over the spec's for its devices only.
    assertEquals([usageNamesFor("tripplite").name(0x00840044), hid.name(0x00840044)], [
      "TLCharging",
      "ConfigActivePower",
    ]);
    assertEquals(usageNamesFor("cps").name(0xff0100d0), "CPSFirmwareVersion");
    assertEquals(usageNamesFor("belkin").code("belkinconfigvoltage"), 0x00860040);
    assertEquals([isHidSubdriverName("mge"), isHidSubdriverName("toString"), isHidSubdriverName("MGE")], [
      true,
      false,
      false,
    ]);
    const all = Object.keys(SUBDRIVER_USAGES) as HidSubdriverName[];
    assertEquals(all.length, 17);
    assert(new UsageNames([]).name(0) === undefined);
  },
});
