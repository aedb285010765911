import { assertEquals } from "../../../testing/asserts.ts";
import usb from "../../../../tests/fixtures/hid/apc-back-ups-cs-500_051d-0002.usb.json" with { type: "json" };
import { fixture } from "../../../testing/hid_fixtures.ts";
import { fixtureDevice } from "../_test_tables.ts";
import { disagreements, dumpValues, publishAsNut, resolvingRows } from "./_test_nut.ts";
import { tableProblems } from "./_table_checks.ts";
import { APC_DATE, apcSubdriver as sub } from "./apc.ts";

/** Driver variables NUT's dumps have and no table gives (usbhid-ups.c sets them from the USB ids). */
const DRIVER_IDS = {
  "ups.vendorid": "set by the driver from the USB ids, not by the table",
  "ups.productid": "set by the driver from the USB ids, not by the table",
};

Deno.test({
  name: "apcSubdriver: every path reads with APC's usage names; NUT's counts of rows, facts and commands",
  permissions: "none",
  fn() {
    // NUT gives ups.delay.start/shutdown a HU_FLAG_ABSENT row at each of three paths (PowerSummary, Output,
    // APCGeneralCollection): the first the device has is published.
    assertEquals(tableProblems(sub), [
      "twice: fixed ups.delay.start",
      "twice: fixed ups.delay.shutdown",
      "twice: fixed ups.delay.start",
      "twice: fixed ups.delay.shutdown",
    ]);
    // apc_hid2nut[]: 46 variable rows, 6 HU_FLAG_ABSENT, 17 BOOL (the two online_info rows give two
    // facts each), 28 commands.
    assertEquals([sub.variables.length, sub.fixed?.length, sub.status.length, sub.commands.length], [
      46,
      6,
      19,
      28,
    ]);
  },
});

Deno.test({
  name: "apcSubdriver publishes NUT 2.8.0's dump of an APC Back-UPS CS 500 (NUT issue #1776), nothing more",
  permissions: "none",
  fn() {
    const strings = new Map(Object.entries(usb.strings).map(([i, s]) => [Number(i), s]));
    const device = fixtureDevice("apc-back-ups-cs-500_051d-0002", sub, strings);
    // The USB strings as the device gives them (the dump has the formatted model).
    const identity = { ...device.identity, product: strings.get(usb.iProduct)!.trim() };
    const got = publishAsNut(sub, { ...device, identity }, device.descriptor);
    const dump = dumpValues(fixture("apc-back-ups-cs-500_051d-0002").dev!);
    assertEquals(
      disagreements(got, dump, {
        ...DRIVER_IDS,
        "ups.firmware.aux":
          `NUT keeps the product string's trailing space (" c1 "); the driver trims USB strings`,
      }),
      [],
    );
    assertEquals([...got.keys()].filter((name) => !device.dump.has(name)), []);
    // What the comparison covers (the dump's values, matched above).
    assertEquals(Object.fromEntries(got), {
      "battery.charge": "100",
      "battery.charge.low": "10",
      "battery.charge.warning": "50",
      "battery.mfr.date": "2004/07/03",
      "battery.runtime": "2580",
      "battery.type": "PbAc",
      "battery.voltage": "13.6",
      "battery.voltage.nominal": "12.0",
      "ups.firmware": " 6.5.I",
      "ups.firmware.aux": " c1",
      "ups.mfr": "American Power Conversion",
      "ups.mfr.date": "2004/07/03",
      "ups.model": "Back-UPS 500",
      "ups.serial": "AB0427******",
      "ups.status": "OL",
      "ups.timer.reboot": "0",
    });
  },
});

Deno.test({
  name: "apcSubdriver publishes NUT 2.8.0's dump of an APC Back-UPS BK650M2-CH (NUT issue #1970)",
  permissions: "none",
  fn() {
    const device = fixtureDevice("apc-back-ups-bk650m2-ch_051d-0002", sub);
    const got = publishAsNut(sub, device, device.descriptor);
    assertEquals(
      disagreements(got, dumpValues(fixture("apc-back-ups-bk650m2-ch_051d-0002").dev!), {
        ...DRIVER_IDS,
        "battery.type": "the log has the string index (4), not the string descriptor",
        "ups.load": "upsc ran at another moment than the logged walk (its report 0x50 reads 0, upsc says 5)",
        "ups.serial": "masked in the dump (xxxx), not in device.serial nor in the log",
      }),
      [],
    );
    assertEquals([...got.keys()].filter((name) => !device.dump.has(name)), []);
    assertEquals(got.get("ups.load"), "0");
    // ups.delay.shutdown is the HU_FLAG_ABSENT value (the device has PowerSummary.DelayBeforeShutdown);
    // ups.delay.start is not published: the device has no DelayBeforeStartup.
    assertEquals([got.get("ups.delay.shutdown"), got.get("ups.delay.start")], ["20", undefined]);
  },
});

Deno.test({
  name: "apcSubdriver: the rows an APC Smart-UPS X 750 descriptor resolves give its NUT 2.7.4 dump's names",
  permissions: "none",
  fn() {
    const device = fixtureDevice("apc-smart-ups-x-750_051d-0003", sub);
    const rows = resolvingRows(sub, device.descriptor);
    assertEquals(rows.filter((r) => !r.startsWith("command:") && !r.startsWith("status:")), [
      "battery.charge UPS.PowerSummary.RemainingCapacity",
      "battery.charge.low UPS.PowerSummary.RemainingCapacityLimit",
      "battery.charge.warning UPS.PowerSummary.WarningCapacityLimit",
      "battery.runtime UPS.PowerSummary.RunTimeToEmpty",
      "battery.runtime.low UPS.PowerSummary.RemainingTimeLimit",
      "battery.voltage UPS.PowerSummary.Voltage",
      "battery.voltage.nominal UPS.PowerSummary.ConfigVoltage",
      "battery.type UPS.PowerSummary.iDeviceChemistry",
      "ups.timer.shutdown UPS.PowerSummary.DelayBeforeShutdown",
      "ups.timer.reboot UPS.PowerSummary.DelayBeforeReboot",
      "ups.beeper.status UPS.PowerSummary.AudibleAlarmControl",
      "ups.mfr.date UPS.PowerSummary.ManufacturerDate",
      "fixed:ups.delay.shutdown UPS.PowerSummary.DelayBeforeShutdown",
    ]);
    // The variables of its dump (nut-ddl APC__Smart-UPS_X_750__usbhid-ups__2.7.4__01.dev, NUT issue #1261)
    // but the USB strings' (ups.mfr, ups.model, ups.serial, ups.firmware), the ids' and ups.status.
    const dumped = [
      "battery.charge",
      "battery.charge.low",
      "battery.charge.warning",
      "battery.runtime",
      "battery.runtime.low",
      "battery.type",
      "battery.voltage",
      "battery.voltage.nominal",
      "ups.beeper.status",
      "ups.delay.shutdown",
      "ups.mfr.date",
      "ups.timer.reboot",
      "ups.timer.shutdown",
    ];
    const names = rows.filter((r) => !r.startsWith("command:") && !r.startsWith("status:"))
      .map((r) => r.split(" ")[0].replace("fixed:", ""));
    assertEquals(names.sort(), dumped);
    assertEquals(rows.filter((r) => r.startsWith("command:")).map((r) => r.split(" ")[0]), [
      "command:load.off.delay",
      "command:shutdown.stop",
      "command:shutdown.reboot",
      "command:beeper.on",
      "command:beeper.off",
      "command:beeper.enable",
      "command:beeper.disable",
      "command:beeper.mute",
    ]);
  },
});

Deno.test({
  name: "apcSubdriver: model, firmware and firmware.aux cut from the product string as NUT cuts them",
  permissions: "none",
  fn() {
    const id = (product?: string) => ({ vendorId: 0x051d, productId: 0x0003, bcdDevice: 0, product });
    assertEquals(sub.formatModel!(id("Smart-UPS X 750 FW:COM 03.8 / UPS 03.8")), "Smart-UPS X 750");
    assertEquals(sub.usbValues!(id("Smart-UPS X 750 FW:COM 03.8 / UPS 03.8")), {
      "ups.firmware": "COM 03.8 / UPS 03.8",
    });
    assertEquals(sub.usbValues!(id("Smart-UPS 3000 XLM FW:715.3.D USB FW:5.2")), {
      "ups.firmware": "715.3.D",
      "ups.firmware.aux": "5.2",
    });
    assertEquals([sub.formatModel!(id("BK650M2-CH")), sub.usbValues!(id("BK650M2-CH"))], ["BK650M2-CH", {}]);
    assertEquals([sub.formatModel!(id()), sub.formatMfr!(id())], ["unknown", "APC"]);
    // Settable, not enumerated (NUT's row has no HU_FLAG_ENUM).
    const sensitivity = sub.variables.find((r) => r.name === "input.sensitivity")!;
    assertEquals([sensitivity.flags, sensitivity.convert.fromNut!("medium")], [
      ["RW", "STRING", "STATIC"],
      1,
    ]);
  },
});

Deno.test({
  name: "APC_DATE reads and writes APC's packed dates (0x102202 is 2002/10/22)",
  permissions: "none",
  fn() {
    assertEquals(APC_DATE.toNut(0x102202), "2002/10/22");
    assertEquals(APC_DATE.toNut(0x070304), "2004/07/03");
    assertEquals(APC_DATE.toNut(0x123199), "1999/12/31");
    assertEquals(APC_DATE.toNut(0), "not set");
    assertEquals(APC_DATE.fromNut!("2002/10/22"), 0x102202);
    assertEquals(APC_DATE.fromNut!("1999/12/31"), 0x123199);
    assertEquals([APC_DATE.fromNut!("2070/01/01"), APC_DATE.fromNut!("2004/13/01")], [0, 0]);
  },
});

Deno.test({
  name: "apcSubdriver: ids, NUT's possibly-supported rule, the tweaks of its claim and of usbhid-ups.c",
  permissions: "none",
  fn() {
    const d = (productId: number, product?: string, manufacturer = "American Power Conversion") => ({
      vendorId: 0x051d,
      productId,
      bcdDevice: 0,
      product,
      manufacturer,
    });
    assertEquals([0x0000, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006].map((p) => sub.match(d(p))), [
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    assertEquals([sub.claimsWithProductId!(d(0x0006)), sub.match({ ...d(0x0002), vendorId: 0x0764 })], [
      true,
      false,
    ]);
    assertEquals(sub.tweaks!(d(0x0002, "Back-UPS CS 650")), { maxReport: true });
    assertEquals(sub.tweaks!(d(0x0002, "Back-UPS 500 FW: 6.5.I USB FW: c1")), {});
    assertEquals(sub.tweaks!(d(0x0003, "Smart-UPS X 750")), { pollOnly: true });
    assertEquals(sub.tweaks!(d(0x0002, "Back-UPS BX1600MI")), { lbrbLogDelaySec: 3 });
    assertEquals(sub.tweaks!(d(0x0002, "BK650M2-CH")), { lbrbLogDelaySec: 3 });
    assertEquals(sub.tweaks!(d(0x0002, "Back-UPS BVK750M2", "APC")), { lbrbLogDelaySec: 3 });
    assertEquals(sub.tweaks!(d(0x0002, "Back-UPS BX1600MI", "Other")), {});
  },
});
