import { assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import { loggedDevice, publish, type TableDevice } from "../_test_tables.ts";
import type { HidSource } from "../types.ts";
import { legrandSubdriver as sub } from "./legrand.ts";
import { firstValues, tableProblems, upscValues } from "./_table_checks.ts";
import keorPdu from "../../../../tests/fixtures/hid/logs/keor-pdu-800_1cb0-0038.log" with { type: "text" };

/** A device that has exactly the given Feature paths. */
function device(values: Record<string, RawValue>): TableDevice {
  return {
    read: (s: HidSource) => values[s.path],
    identity: { vendorId: 0x1cb0, productId: 0x0032, bcdDevice: 0 },
    strings: new Map(),
  };
}

Deno.test({
  name: "legrandSubdriver: every path reads with the HID usage names, every row is well formed",
  permissions: "none",
  fn() {
    assertEquals(tableProblems(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      23,
      6,
      12,
      2,
    ]);
  },
});

Deno.test({
  name: "legrandSubdriver: a Keor PDU 800's Path line gives the input.voltage NUT's upsc showed",
  permissions: "none",
  fn() {
    const upsc = upscValues(keorPdu);
    const got = publish(sub, loggedDevice(keorPdu, { vendorId: 0x1cb0, productId: 0x0038, bcdDevice: 0 }));
    assertEquals([got.get("input.voltage"), upsc.get("input.voltage")], ["233", "233"]);
  },
});

Deno.test({
  name: "legrandSubdriver: the Keor SP's readings with NUT's multipliers print as NUT 2.8.1's upsc does",
  permissions: "none",
  fn() {
    // upsc of a Keor SP under "Legrand HID 0.2" (https://github.com/networkupstools/nut/issues/616,
    // 2024-01-09); the raw values are chosen to give them: the point is which rows print one decimal.
    const upsc = {
      "input.voltage": "25.0",
      "output.voltage": "840.0",
      "input.transfer.high": "240.0",
      "input.transfer.low": "170",
      "battery.voltage": "13.4",
      "battery.voltage.nominal": "12",
      "battery.charge": "80",
      "ups.status": "OL CHRG",
    };
    const got = publish(
      sub,
      device({
        "UPS.PowerConverter.Input.Voltage": 2.5e-5,
        "UPS.PowerConverter.Output.Voltage": 8.4e-5,
        "UPS.PowerConverter.Output.HighVoltageTransfer": 24,
        "UPS.PowerConverter.Output.LowVoltageTransfer": 170,
        "UPS.PowerSummary.Voltage": 134,
        "UPS.BatterySystem.Battery.ConfigVoltage": 12,
        "UPS.PowerSummary.RemainingCapacity": 80,
        "UPS.PowerSummary.PresentStatus.ACPresent": 1,
        "UPS.PowerSummary.PresentStatus.Charging": 1,
      }),
    );
    assertEquals(Object.fromEntries(Object.keys(upsc).map((n) => [n, got.get(n)])), upsc);
  },
});

Deno.test({
  name: "legrandSubdriver: the Keor PDU's UPS.Input/UPS.Output rows come first; the SP's multipliers",
  permissions: "none",
  fn() {
    const got = firstValues(
      sub,
      device({
        "UPS.Input.Voltage": 232.7,
        "UPS.PowerConverter.Input.Voltage": 2.3e-5,
        "UPS.BatterySystem.Battery.Voltage": 1.34e-4,
        "UPS.PowerSummary.ConfigVoltage": 120,
        "UPS.Output.PercentLoad": 20,
        "UPS.OutletSystem.Outlet.PercentLoad": 21,
      }).read,
    );
    assertEquals(
      ["input.voltage", "battery.voltage", "battery.voltage.nominal", "ups.load"].map((n) => got.get(n)),
      ["233", "13.4", "12.0", "20"],
    );
  },
});

Deno.test({
  name: "legrandSubdriver: claims the Keor PDU and SP only; ups.mfr falls back to Legrand",
  permissions: "none",
  fn() {
    const id = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals(
      [id(0x1cb0, 0x0038), id(0x1cb0, 0x0032), id(0x1cb0, 0x0033), id(0x0665, 0x5161)].map((d) =>
        sub.match(d)
      ),
      [true, true, false, false],
    );
    assertEquals(
      [
        sub.formatMfr!(id(0x1cb0, 0x0038)),
        sub.formatMfr!({ ...id(0x1cb0, 0x0032), manufacturer: "Legrand" }),
      ],
      ["Legrand", "Legrand"],
    );
  },
});
