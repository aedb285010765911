import { assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import type { TableDevice } from "../_test_tables.ts";
import type { HidSource } from "../types.ts";
import type { ContextualToNut, ConversionContext } from "./_proposed.ts";
import { publishAsNut, unreadablePaths } from "./_test_nut.ts";
import { tableProblems } from "./_table_checks.ts";
import { TRIPPLITE_CHEMISTRY, trippliteSubdriver as sub } from "./tripplite.ts";

// No fixture device of Tripp Lite's: no descriptor, reports or debug log with its upsc could be had
// (NUT issues #812, #962, #1018, #1747 hold upsc output or a few Path lines, not both of one run).

/** A device that has exactly the given Feature paths. */
function device(
  productId: number,
  values: Record<string, RawValue>,
  strings: Record<number, string> = {},
): TableDevice {
  return {
    read: (s: HidSource) => values[s.path],
    identity: {
      vendorId: 0x09ae,
      productId,
      bcdDevice: 0,
      manufacturer: "Tripp Lite",
      product: "OMNI1000LCD",
    },
    strings: new Map(Object.entries(strings).map(([i, s]) => [Number(i), s])),
  };
}

function context(vendorId: number, productId: number): ConversionContext {
  return { device: { vendorId, productId }, get: () => undefined, memo: new Map() };
}

/** The text a variable's first row gives for a raw value on a device. */
function text(name: string, raw: number, ctx?: ConversionContext): string | undefined {
  return (sub.variables.find((r) => r.name === name)!.convert.toNut as ContextualToNut)(raw, ctx);
}

Deno.test({
  name: "trippliteSubdriver: every path reads with Tripp Lite's usage names; NUT's counts",
  permissions: "none",
  fn() {
    assertEquals(unreadablePaths(sub), []);
    // NUT gives ups.delay.start a HU_FLAG_ABSENT row at DelayBeforeStartup and at TLDelayBeforeStartup.
    assertEquals(tableProblems(sub), ["twice: fixed ups.delay.start"]);
    // tripplite_hid2nut[] (debug-only rows aside): 39 variables, 20 BOOL rows (online_info and
    // fullycharged_info give two facts each: three rows), 15 commands, 3 HU_FLAG_ABSENT.
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      39,
      23,
      15,
      3,
    ]);
  },
});

Deno.test({
  name: "trippliteSubdriver: each product id's scales, as NUT's id table sets them",
  permissions: "none",
  fn() {
    const avr550u = context(0x09ae, 0x1003);
    const smart1500lcdt = context(0x09ae, 0x3016);
    const su3000 = context(0x09ae, 0x1330);
    assertEquals(text("battery.voltage", 137, avr550u), "13.7");
    assertEquals(text("battery.voltage", 27.3, su3000), "27.3");
    assertEquals(text("battery.voltage", 0.000137, smart1500lcdt), "13.7");
    assertEquals(text("input.voltage", 0.001202, smart1500lcdt), "120.2");
    assertEquals(text("input.frequency", 6000, smart1500lcdt), "60.0");
    assertEquals(text("output.current", 150, smart1500lcdt), "1.5");
    assertEquals(text("input.voltage", 0.001202, context(0x09ae, 0x3024)), "120.2", "the newer AVR750U");
    assertEquals(text("input.voltage", 120.2, avr550u), "120.2", "AVR550U: the battery voltage alone");
    assertEquals(text("battery.voltage", 137, context(0x03f0, 0x1003)), "137.0", "an HP id: never scaled");
    assertEquals(
      text("battery.voltage", 137, context(0x09ae, 0x9999)),
      "137.0",
      "unlisted (productid option)",
    );
    assertEquals(text("battery.voltage", 137), "137.0", "no context: NUT's default scale");
  },
});

Deno.test({
  name:
    "trippliteSubdriver: a hand-made 09ae:2005 (OMNI1000LCD) gives tenths of volts, its swapped status, first rows",
  permissions: "none",
  fn() {
    const got = publishAsNut(
      sub,
      device(0x2005, {
        "UPS.PowerSummary.RemainingCapacity": 90,
        "UPS.BatterySystem.Battery.RemainingCapacity": 80,
        "UPS.BatterySystem.Battery.Voltage": 136,
        "UPS.BatterySystem.Battery.ConfigVoltage": 12,
        "UPS.PowerSummary.iDeviceChemistry": 4,
        "UPS.PowerSummary.Input.Voltage": 118,
        "UPS.PowerConverter.Input.Voltage": 119,
        "UPS.PowerSummary.Voltage": 120,
        "UPS.OutletSystem.Outlet.TLDelayBeforeStartup": 65535,
        "UPS.OutletSystem.Outlet.DelayBeforeShutdown": 65535,
        "UPS.PowerSummary.PresentStatus.TLACPresent": 1,
        "UPS.PowerSummary.PresentStatus.TLCharging": 1,
        "UPS.TLCustom.[1].UPSFirmwareVersion": 262, // HP T1500 G3's, in NUT's comment
      }, { 4: "PbAc" }),
    );
    assertEquals(Object.fromEntries(got), {
      "battery.charge": "90", // UPS.PowerSummary's row comes first
      "battery.type": "unknown", // the OMNI1000LCD's firmware gives a wrong string index
      "battery.voltage": "13.6",
      "battery.voltage.nominal": "12.0",
      "input.voltage": "118.0",
      "output.voltage": "120.0", // the PowerSummary fallback: no UPS.PowerConverter.Output.Voltage
      "ups.delay.shutdown": "20",
      "ups.delay.start": "30", // the TLDelayBeforeStartup row's
      "ups.firmware": "262",
      "ups.mfr": "Tripp Lite",
      "ups.model": "OMNI1000LCD",
      "ups.status": "OL CHRG",
      "ups.timer.shutdown": "65535",
      "ups.timer.start": "65535",
    });
    const chemistry = TRIPPLITE_CHEMISTRY.toNut as ContextualToNut;
    assertEquals([chemistry("PbAc", context(0x09ae, 0x2009)), chemistry("PbAc")], ["PbAc", "PbAc"]);
  },
});

Deno.test({
  name: "trippliteSubdriver: ids, NUT's possibly-supported rule, the SU3000LCD2UHV's report 0x54",
  permissions: "none",
  fn() {
    const d = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals(sub.ids.length, 44);
    assertEquals(
      [d(0x09ae, 0x1003), d(0x03f0, 0x1fe3), d(0x05dd, 0xa0a0), d(0x09ae, 0x0001)].map(sub.match),
      [
        true,
        true,
        true,
        false,
      ],
    );
    // 09ae:0001 is a serial-over-USB unit (tripplite_usb); HP's other ids only with productid; Delta's never.
    assertEquals(
      [d(0x09ae, 0x0001), d(0x09ae, 0x5555), d(0x03f0, 0x1234), d(0x05dd, 0x1234)].map(
        sub.claimsWithProductId!,
      ),
      [
        false,
        true,
        true,
        false,
      ],
    );
    assertEquals([sub.tweaks!(d(0x09ae, 0x1330)), sub.tweaks!(d(0x09ae, 0x1003))], [
      { skipReportIds: [0x54] },
      {},
    ]);
    const cmd = (n: string) => sub.commands.filter((c) => c.name === n).map((c) => [c.source.path, c.value]);
    assertEquals(cmd("shutdown.reboot"), [
      ["UPS.OutletSystem.Outlet.DelayBeforeReboot", 10],
      ["UPS.OutletSystem.Outlet.TLWatchdog", 10], // the ECO550UPS has no DelayBeforeStartup
    ]);
    assertEquals(cmd("reset.watchdog"), [["UPS.OutletSystem.Outlet.TLWatchdog", 60]]);
  },
});
