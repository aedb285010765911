import { assertEquals, assertThrows } from "../../../testing/asserts.ts";
import { collectFacts, type RawValue } from "../../../driver/mapping.ts";
import { HidDescriptorError } from "../../../hid/mod.ts";
import { fixtureDevice, type TableDevice } from "../_test_tables.ts";
import type { HidSource } from "../types.ts";
import type { ContextualToNut, ConversionContext } from "./_proposed.ts";
import { publishAsNut, unreadablePaths } from "./_test_nut.ts";
import { tableProblems } from "./_table_checks.ts";
import {
  BELKIN_FIRMWARE,
  BELKIN_SENSITIVITY,
  BELKIN_UPS_TYPE,
  belkinSubdriver as sub,
  LIEBERT_CONFIG_VOLTAGE,
  LIEBERT_LINE_VOLTAGE,
} from "./belkin.ts";

// No Belkin or Liebert device with reports could be had: the one fixture (a Liebert PowerSure PST) is
// its interface 0, which is no Power Device; the debug logs of NUT issues #1252, #1028 and #2816 are
// searchable only as path look-ups, and #149's upsc comes without Path lines.

function context(): ConversionContext {
  return { device: { vendorId: 0x10af, productId: 0x0001 }, get: () => undefined, memo: new Map() };
}

/** A device that has exactly the given Feature paths. */
function device(values: Record<string, RawValue>): TableDevice {
  return {
    read: (s: HidSource) => values[s.path],
    identity: { vendorId: 0x050d, productId: 0x0f51, bcdDevice: 0, manufacturer: " BELKIN", product: "" },
    strings: new Map(),
  };
}

Deno.test({
  name: "belkinSubdriver: every path reads with Belkin's usage names, every row is well formed; NUT's counts",
  permissions: "none",
  fn() {
    assertEquals([tableProblems(sub), unreadablePaths(sub)], [[], []]);
    // belkin_hid2nut[] (debug-only rows aside): 49 variables, 18 BOOL rows, 14 commands, 2 ABSENT.
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      49,
      18,
      14,
      2,
    ]);
  },
});

Deno.test({
  name: "belkinSubdriver: the PowerSure PST's interface 0 is no Power Device; NUT reads its interface 1",
  permissions: "none",
  fn() {
    const e = assertThrows(
      () => fixtureDevice("liebert-psa5-interface0-vendor_10af-0002", sub),
      HidDescriptorError,
    );
    assertEquals(e.kind, "NOT_POWER_DEVICE");
    const d = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals([sub.tweaks!(d(0x10af, 0x0002)), sub.tweaks!(d(0x10af, 0x0001))], [
      { hidReportIndex: 1 },
      {},
    ]);
  },
});

Deno.test({
  name: "belkinSubdriver: Belkin's UPS type word, sensitivity, test result and status bits",
  permissions: "none",
  fn() {
    assertEquals([BELKIN_FIRMWARE.toNut(0x23), BELKIN_UPS_TYPE.toNut(0x23), BELKIN_UPS_TYPE.toNut(0x10)], [
      "2",
      "simple online",
      "online",
    ]);
    assertEquals([0, 1, 2, 3].map((v) => BELKIN_SENSITIVITY.toNut(v)), [
      "normal",
      "reduced",
      "low",
      "normal",
    ]);
    const test = sub.variables.find((r) => r.name === "ups.test.result")!.convert;
    assertEquals([test.toNut(0), test.toNut(5), test.toNut(6)], [
      "No test initiated",
      "In progress",
      undefined,
    ]);
    const facts = (power: number, battery: number) => [
      ...collectFacts(sub.status, (s) =>
        ({
          "UPS.BELKINStatus.BELKINPowerStatus": power,
          "UPS.BELKINStatus.BELKINBatteryStatus": battery,
        } as Record<string, number>)[s.path]),
    ];
    assertEquals(facts(0x0000, 0x00), ["ONLINE"]);
    assertEquals(facts(0x0001, 0x04), ["LOWBATT"]); // AC failure: "!online", no OFFLINE fact
    assertEquals(facts(0x20d0, 0xc0), [
      "OVERLOAD",
      "OVERHEAT",
      "COMMFAULT",
      "AWAITINGPOWER",
      "ONLINE",
      "DEPLETED",
      "REPLACEBATT",
    ]);
  },
});

Deno.test({
  name: "belkinSubdriver: Liebert's voltages with broken exponents, multiplied as NUT's comments give them",
  permissions: "none",
  fn() {
    const line = LIEBERT_LINE_VOLTAGE.toNut as ContextualToNut;
    const config = LIEBERT_CONFIG_VOLTAGE.toNut as ContextualToNut;
    assertEquals([1.39e-6, 2.201e-5, 0.000273, 0.001212, 230, 0].map((v) => line(v, context())), [
      "13.9",
      "220.1",
      "27.3",
      "121.2",
      "230.0",
      "0.0",
    ]);
    assertEquals(line(2.201e-5), "220.1", "without a context too");
    // NUT keeps the multiplier it picked for every later voltage, however large.
    const ctx = context();
    assertEquals([line(2.201e-5, ctx), line(24, ctx)], ["220.1", "240000000.0"]);
    // ConfigVoltage 1e-7: multiplied by 1e8, and the line voltages by 1e7 from then on.
    const psa = context();
    assertEquals([config(1e-7, psa), config(24, psa), line(24, psa)], [
      "10.0",
      "2400000000.0",
      "240000000.0",
    ]);
    assertEquals([config(24, context()), config(0.5, context())], ["24.0", "0.5"]);
  },
});

Deno.test({
  name:
    "belkinSubdriver: a hand-made Belkin gives Belkin's rows before the Liebert ones, USB strings formatted",
  permissions: "none",
  fn() {
    const got = publishAsNut(
      sub,
      device({
        "UPS.BELKINBatterySystem.BELKINCharge": 100,
        "UPS.PowerSummary.RemainingCapacity": 99,
        "UPS.BELKINBatterySystem.BELKINVoltage": 139,
        "UPS.PowerSummary.Voltage": 1.39e-6,
        "UPS.BELKINPowerState.BELKINInput.BELKINVoltage": 1200,
        "UPS.BELKINDevice.BELKINUPSType": 0x12,
        "UPS.BELKINControls.BELKINDelayBeforeShutdown": 0,
        "UPS.BELKINStatus.BELKINPowerStatus": 0,
      }),
    );
    assertEquals(Object.fromEntries(got), {
      "battery.charge": "100",
      "battery.voltage": "13.9",
      "input.voltage": "120.0",
      "ups.delay.shutdown": "20",
      "ups.firmware": "1",
      "ups.mfr": "BELKIN",
      "ups.model": "unknown",
      "ups.status": "OL",
      "ups.timer.shutdown": "0",
      "ups.type": "line-interactive",
    });
    const d = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals(sub.formatMfr!(d(0x050d, 0x0f51)), "Belkin");
    // No serial string: the one UPS.PowerSummary.iSerialNumber names (a path the driver reads first).
    const named = (path: string) => path === "UPS.PowerSummary.iSerialNumber" ? "01" : undefined;
    assertEquals(sub.stringPaths, ["UPS.PowerSummary.iSerialNumber"]);
    assertEquals([sub.formatSerial!(d(0x050d, 0x0f51), named), sub.formatSerial!(d(0x050d, 0x0f51))], [
      "01",
      undefined,
    ]);
    assertEquals(sub.formatSerial!({ ...d(0x050d, 0x0f51), serial: "X1" }, named), "X1");
    assertEquals([d(0x050d, 0x0f51), d(0x10af, 0x0008), d(0x050d, 0x0218)].map(sub.match), [
      true,
      true,
      false,
    ]);
    assertEquals([d(0x050d, 0x0218), d(0x050d, 0x1234), d(0x10af, 0x0010)].map(sub.claimsWithProductId!), [
      false,
      true,
      true,
    ]);
  },
});
