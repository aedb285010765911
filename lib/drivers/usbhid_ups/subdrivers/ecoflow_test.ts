import { assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import { loggedDevice, publish, type TableDevice } from "../_test_tables.ts";
import type { HidSource } from "../types.ts";
import { ecoflowSubdriver as sub } from "./ecoflow.ts";
import { tableProblems, upscValues } from "./_table_checks.ts";
import river from "../../../../tests/fixtures/hid/logs/ecoflow-river-3-plus_3746-ffff.log" with {
  type: "text",
};

/** A device that has exactly the given Feature paths. */
function device(values: Record<string, RawValue>): TableDevice {
  return {
    read: (s: HidSource) => values[s.path],
    identity: { vendorId: 0x3746, productId: 0xffff, bcdDevice: 0 },
    strings: new Map(),
  };
}

Deno.test({
  name: "ecoflowSubdriver: every path reads with the HID usage names, every row is well formed",
  permissions: "none",
  fn() {
    assertEquals(tableProblems(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length], [19, 14, 0]);
  },
});

Deno.test({
  name: "ecoflowSubdriver: a River 3 Plus's Path lines give the values NUT 2.8.3's upsc shows for the model",
  permissions: "none",
  fn() {
    const upsc = upscValues(river);
    const got = publish(
      sub,
      loggedDevice(river, {
        vendorId: 0x3746,
        productId: 0xffff,
        bcdDevice: 0,
        manufacturer: upsc.get("device.mfr"),
        product: upsc.get("device.model"),
      }),
    );
    got.delete("ups.status"); // the excerpt has no PresentStatus line
    assertEquals(Object.fromEntries(got), {
      "battery.capacity": "100",
      "battery.capacity.nominal": "100",
      "battery.charge": "81",
      "battery.charge.low": "20",
      "battery.charge.warning": "10",
      "ups.mfr": "EcoFlow",
      "ups.mfr.date": "not set",
      "ups.model": "EF-UPS-RIVER 3 Plus",
    });
    // The upsc is another unit's (its charge is its own); the settings and capacities are the model's.
    for (
      const name of [
        "battery.capacity",
        "battery.capacity.nominal",
        "battery.charge.low",
        "battery.charge.warning",
      ]
    ) {
      assertEquals([name, got.get(name)], [name, upsc.get(name)]);
    }
  },
});

Deno.test({
  name: "ecoflowSubdriver: battery.runtime is RunTimeToEmpty minutes in seconds, nothing when negative",
  permissions: "none",
  fn() {
    const runtime = (m: number) =>
      publish(sub, device({ "UPS.PowerSummary.RunTimeToEmpty": m })).get("battery.runtime");
    // 106620 s is what upsc showed for a River 3 Plus under NUT 2.8.3 (NUT issue 2735).
    assertEquals([runtime(1777), runtime(0), runtime(-1)], ["106620", "0", undefined]);
  },
});

Deno.test({
  name: "ecoflowSubdriver: status words, and the discharge limit as NUT's source comment reports it",
  permissions: "none",
  fn() {
    const status = (values: Record<string, number>) => {
      const got = publish(sub, device(values));
      return [got.get("ups.status"), got.get("ups.alarm")];
    };
    const p = "UPS.PowerSummary.PresentStatus.";
    assertEquals(status({ [p + "ACPresent"]: 1, [p + "BatteryPresent"]: 1, [p + "FullyCharged"]: 1 }), [
      "OL",
      undefined,
    ]);
    assertEquals(
      status({ [p + "ACPresent"]: 0, [p + "Discharging"]: 1, [p + "BelowRemainingCapacityLimit"]: 1 }),
      ["OB DISCHRG LB", undefined],
    );
    // ecoflow-hid.c: "BatteryPresent: disappears when discharge limit is reached. ('ups.status: ALARM OB
    // RB' and 'ups.alarm: No battery installed!')"
    assertEquals(status({ [p + "ACPresent"]: 0, [p + "BatteryPresent"]: 0 }), [
      "ALARM OB RB",
      "No battery installed!",
    ]);
  },
});

Deno.test({
  name: "ecoflowSubdriver: claims 3746:ffff only; ups.mfr falls back to EcoFlow",
  permissions: "none",
  fn() {
    const id = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals([id(0x3746, 0xffff), id(0x3746, 0x0001), id(0x06da, 0xffff)].map((d) => sub.match(d)), [
      true,
      false,
      false,
    ]);
    assertEquals(sub.formatMfr!(id(0x3746, 0xffff)), "EcoFlow");
  },
});
