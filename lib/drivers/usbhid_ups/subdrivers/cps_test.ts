import { assertEquals } from "../../../testing/asserts.ts";
import { fixture } from "../../../testing/hid_fixtures.ts";
import { fixtureDevice } from "../_test_tables.ts";
import type { ContextualToNut, ConversionContext } from "./_proposed.ts";
import { disagreements, dumpValues, publishAsNut, resolvingRows } from "./_test_nut.ts";
import { tableProblems } from "./_table_checks.ts";
import { CPS_BATTERY_STATUS, CPS_BATTERY_VOLTAGE, CPS_CHARGE, cpsSubdriver as sub } from "./cps.ts";

const CP1500 = "cyberpower-cp1500epfclcd_0764-0501";

/** A conversion context: a device, published values, a memo. */
function context(productId: number, published: Record<string, string> = {}): ConversionContext {
  return { device: { vendorId: 0x0764, productId }, get: (n) => published[n], memo: new Map() };
}

/** A variable row's conversion, with a context. */
function convert(name: string, raw: number, ctx?: ConversionContext): string | undefined {
  const row = sub.variables.find((r) => r.name === name)!;
  return (row.convert.toNut as ContextualToNut)(raw, ctx);
}

Deno.test({
  name: "cpsSubdriver: every path reads with CyberPower's usage names; NUT's counts; CPS defaults",
  permissions: "none",
  fn() {
    // NUT declares input.sensitivity ST_FLAG_STRING with a length of 0.
    assertEquals(tableProblems(sub), ["input.sensitivity: no length"]);
    // cps_hid2nut[]: 34 variable rows, 9 BOOL (online_info and fullycharged_info give two facts), 12
    // commands, 2 HU_FLAG_ABSENT.
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      34,
      11,
      12,
      2,
    ]);
    assertEquals(sub.defaults, { offdelay: 60, ondelay: 120, pollfreq: 12 });
    const cmd = (n: string) => sub.commands.find((c) => c.name === n)?.value;
    assertEquals([cmd("load.off.delay"), cmd("load.on.delay")], [60, 120]);
  },
});

Deno.test({
  name:
    "cpsSubdriver gives a CyberPower CP1500EPFCLCD's values NUT 2.7.3 dumped (another unit), the rest explained",
  permissions: "none",
  fn() {
    const device = fixtureDevice(CP1500, sub);
    const got = publishAsNut(sub, device, device.descriptor);
    const session =
      "another unit and session than the fixture's reports (NUT Devices Dumps Library, issue #337)";
    assertEquals(
      disagreements(got, dumpValues(fixture(CP1500).dev!), {
        "battery.mfr.date":
          "the fixture has neither the iOEMInformation report (0x04) nor string descriptors",
        "battery.type": "the fixture has no string descriptors (iDeviceChemistry is index 4)",
        "battery.runtime": session,
        "input.transfer.low": session,
        "input.voltage": session,
        "ups.load": session,
        "ups.beeper.status": session,
        "ups.test.result": session,
        "output.voltage": "NUT 2.7.3 had no fix-up of this model's Output.Voltage range (260..270, NUT #439)",
        "ups.delay.shutdown":
          "NUT 2.7.3 defaulted every device to 20 s; NUT defaults CPS devices to 60 s now",
        "ups.delay.start": "NUT 2.7.3 defaulted every device to 30 s; NUT defaults CPS devices to 120 s now",
        "ups.vendorid": "set by the driver from the USB ids, not by the table",
        "ups.productid": "set by the driver from the USB ids, not by the table",
      }),
      [],
    );
    // The values matched above, and this unit's own (the fixture source's decode of the same bytes,
    // runtime aside: the fixture's first 0x08 answer is the Input report, 15090 s, its Feature one 15000 s).
    assertEquals(Object.fromEntries(got), {
      "battery.charge": "100",
      "battery.charge.low": "10",
      "battery.charge.warning": "20",
      "battery.runtime": "15090",
      "battery.runtime.low": "300",
      "battery.status": "100%",
      "battery.voltage": "24.0",
      "battery.voltage.nominal": "24",
      "input.sensitivity": "high",
      "input.transfer.high": "260",
      "input.transfer.low": "180",
      "input.voltage": "238.0",
      "input.voltage.nominal": "230",
      "output.voltage": "238.0",
      "ups.beeper.status": "enabled",
      "ups.delay.shutdown": "60",
      "ups.delay.start": "120",
      "ups.load": "0",
      "ups.mfr": "CP1500EPFCLCD",
      "ups.model": "CRJB103.551",
      "ups.realpower.nominal": "900",
      "ups.serial": "CPS",
      "ups.status": "OL",
      "ups.test.result": "Done and passed",
      "ups.timer.shutdown": "-60",
      "ups.timer.start": "-60",
    });
  },
});

Deno.test({
  name: "cpsSubdriver: the variables that resolve in the BR700ELCD, CP1350C and CST135UC2 descriptors",
  permissions: "none",
  fn() {
    const variables = (name: string) =>
      resolvingRows(sub, fixtureDevice(name, sub).descriptor).filter((r) =>
        !r.startsWith("command:") && !r.startsWith("status:")
      );
    const common = [
      "battery.type UPS.PowerSummary.iDeviceChemistry",
      "battery.mfr.date UPS.PowerSummary.iOEMInformation",
      "battery.charge.warning UPS.PowerSummary.WarningCapacityLimit",
      "battery.charge.low UPS.PowerSummary.RemainingCapacityLimit",
      "battery.charge UPS.PowerSummary.RemainingCapacity",
      "battery.runtime UPS.PowerSummary.RunTimeToEmpty",
      "battery.runtime.low UPS.PowerSummary.RemainingTimeLimit",
      "battery.voltage.nominal UPS.PowerSummary.ConfigVoltage",
      "battery.voltage UPS.PowerSummary.Voltage",
      "battery.status UPS.PowerSummary.FullChargeCapacity",
      "ups.load UPS.Output.PercentLoad",
      "ups.beeper.status UPS.PowerSummary.AudibleAlarmControl",
      "ups.test.result UPS.Output.Test",
    ];
    const delays = [
      "fixed:ups.delay.start UPS.Output.DelayBeforeStartup",
      "fixed:ups.delay.shutdown UPS.Output.DelayBeforeShutdown",
    ];
    const timers = [
      "ups.timer.start UPS.Output.DelayBeforeStartup",
      "ups.timer.shutdown UPS.Output.DelayBeforeShutdown",
    ];
    const input = ["input.voltage.nominal UPS.Input.ConfigVoltage", "input.voltage UPS.Input.Voltage"];
    const transfer = [
      "input.transfer.low UPS.Input.LowVoltageTransfer",
      "input.transfer.high UPS.Input.HighVoltageTransfer",
    ];
    assertEquals(variables("cyberpower-br700elcd_0764-0501"), [
      ...common,
      "ups.power.nominal UPS.Output.ConfigApparentPower",
      "ups.realpower.nominal UPS.Output.ConfigActivePower",
      ...timers,
      "ups.firmware UPS.PowerSummary.CPSFirmwareVersion",
      ...input,
      ...transfer,
      "output.voltage UPS.Output.Voltage",
      ...delays,
    ]);
    assertEquals(variables("cyberpower-cp1350c_0764-0501"), [
      ...common,
      "ups.realpower.nominal UPS.Output.ConfigActivePower",
      ...timers,
      ...input,
      ...transfer,
      "output.voltage UPS.Output.Voltage",
      ...delays,
    ]);
    // 0764:0601 has its transfer limits under UPS.Output (NUT's row "used by CP1350EPFCLCD").
    assertEquals(variables("cyberpower-cst135uc2_0764-0601"), [
      ...common,
      "ups.power UPS.Output.ApparentPower",
      "ups.power.nominal UPS.Output.ConfigApparentPower",
      "ups.realpower UPS.Output.ActivePower",
      "ups.realpower.nominal UPS.Output.ConfigActivePower",
      ...timers,
      "ups.firmware UPS.PowerSummary.CPSFirmwareVersion",
      ...input,
      "input.transfer.low UPS.Output.LowVoltageTransfer",
      "input.transfer.high UPS.Output.HighVoltageTransfer",
      "input.sensitivity UPS.Output.CPSInputSensitivity",
      "output.voltage UPS.Output.Voltage",
      ...delays,
    ]);
  },
});

Deno.test({
  name: "CPS_BATTERY_VOLTAGE scales 0764:0501 readings over 1.4 x nominal by 2/3, once decided for good",
  permissions: "none",
  fn() {
    const ctx = context(0x0501, { "battery.voltage.nominal": "24" });
    assertEquals(CPS_BATTERY_VOLTAGE.toNut(36), "36.0", "no context: as NUT before it knows the nominal");
    const toNut = CPS_BATTERY_VOLTAGE.toNut as ContextualToNut;
    assertEquals(toNut(36, ctx), "24.0");
    assertEquals(toNut(30, ctx), "20.0", "the scale stays once decided");
    assertEquals(toNut(27, context(0x0501, { "battery.voltage.nominal": "24" })), "27.0");
    assertEquals(
      toNut(36, context(0x0601, { "battery.voltage.nominal": "24" })),
      "36.0",
      "0601: never scaled",
    );
    const later = context(0x0501);
    assertEquals(toNut(36, later), "36.0", "no nominal yet: unscaled, undecided");
    assertEquals(later.memo.size, 0);
  },
});

Deno.test({
  name: "cpsSubdriver's frequencies: 0764:0501 readings in tenths of Hz are found against 50/60 Hz limits",
  permissions: "none",
  fn() {
    assertEquals(convert("input.frequency", 499, context(0x0501)), "49.9");
    assertEquals(convert("input.frequency", 50, context(0x0501)), "50.0");
    assertEquals(convert("output.frequency", 600, context(0x0501)), "60.0");
    assertEquals(
      convert("output.frequency", 600, context(0x0501, { "output.frequency.nominal": "60" })),
      "60.0",
    );
    assertEquals(convert("input.frequency", 499, context(0x0601)), "499.0", "0601: never scaled");
    assertEquals(convert("input.frequency", 499), "499.0", "no context");
    const ctx = context(0x0501);
    assertEquals([convert("input.frequency", 501, ctx), convert("input.frequency", 50.1, ctx)], [
      "50.1",
      "5.0",
    ]);
  },
});

Deno.test({
  name: "cpsSubdriver: charge clamped to 100, battery.status in percent, sensitivity enumerated, ids",
  permissions: "none",
  fn() {
    assertEquals([CPS_CHARGE.toNut(105), CPS_CHARGE.toNut(99.6), CPS_BATTERY_STATUS.toNut(100)], [
      "100",
      "100",
      "100%",
    ]);
    const sensitivity = sub.variables.find((r) => r.name === "input.sensitivity")!;
    assertEquals([sensitivity.convert.values, sensitivity.convert.fromNut!("normal")], [[
      "low",
      "normal",
      "high",
    ], 1]);
    assertEquals(sensitivity.flags, ["RW", "STRING", "STATIC", "ENUM"]); // HU_FLAG_ENUM
    const d = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals(
      [d(0x0764, 0x0005), d(0x0764, 0x0501), d(0x0764, 0x0601), d(0x0483, 0xa430), d(0x0764, 0x0502)].map(
        sub.match,
      ),
      [true, true, true, true, false],
    );
    assertEquals([sub.claimsWithProductId!(d(0x0764, 0x0502)), sub.claimsWithProductId!(d(0x051d, 2))], [
      true,
      false,
    ]);
    assertEquals([
      sub.formatMfr!(d(0x0764, 0x0501)),
      sub.formatModel!({ ...d(0x0764, 1), product: "CP1500" }),
    ], [
      "CPS",
      "CP1500",
    ]);
  },
});
