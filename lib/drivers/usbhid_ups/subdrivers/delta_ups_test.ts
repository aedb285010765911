import { assertEquals } from "../../../testing/asserts.ts";
import { HANDLER_STATUS } from "../../../sock/messages.ts";
import { type RawValue, setVariable } from "../../../driver/mapping.ts";
import { loggedDevice, publish, type TableDevice } from "../_test_tables.ts";
import type { HidSource } from "../types.ts";
import { deltaUpsSubdriver as sub } from "./delta_ups.ts";
import { firstValues, tableProblems, upscValues } from "./_table_checks.ts";
import minuteman from "../../../../tests/fixtures/hid/logs/minuteman-pro1500rt2u_05dd-a0a0.log" with {
  type: "text",
};

/** A device that has exactly the given Feature paths. */
function device(values: Record<string, RawValue>): TableDevice {
  return {
    read: (s: HidSource) => values[s.path],
    identity: { vendorId: 0x05dd, productId: 0x041b, bcdDevice: 0 },
    strings: new Map(),
  };
}

Deno.test({
  name: "deltaUpsSubdriver: every path reads with Delta's usage names, every row is well formed",
  permissions: "none",
  fn() {
    assertEquals(tableProblems(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length], [40, 20, 12]);
  },
});

Deno.test({
  name: "deltaUpsSubdriver: NUT's debug log of a Minuteman PRO1500RT2U publishes what NUT's upsc showed",
  permissions: "none",
  fn() {
    const upsc = upscValues(minuteman);
    const got = publish(
      sub,
      loggedDevice(minuteman, {
        vendorId: 0x05dd,
        productId: 0xa0a0,
        bcdDevice: 0,
        manufacturer: upsc.get("device.mfr"),
        product: upsc.get("device.model"),
      }),
    );
    // The excerpt has no PresentStatus line under UPS.PowerSummary, so no status fact: ups.status aside.
    got.delete("ups.status");
    assertEquals(Object.fromEntries(got), {
      "battery.charge.warning": "30",
      "output.current": "220.0",
      "ups.beeper.status": "enabled",
      "ups.mfr": "Minuteman",
      "ups.model": "MINUTEMAN UPS",
    });
    for (const [name, value] of got) assertEquals([name, value], [name, upsc.get(name)]);
    // DeltaUPSType and DeltaConfigStartPowerRestore sit under UPS.ffff00fe on this device, not under
    // NUT's UPS.DeltaCustom.[1]: NUT published neither ups.type nor ups.start.auto.
    assertEquals([upsc.has("ups.type"), upsc.has("ups.start.auto")], [false, false]);
  },
});

Deno.test({
  name: "deltaUpsSubdriver: ups.type is delta_ups_type_fun of the low nibble",
  permissions: "none",
  fn() {
    const types = [0, 1, 2, 3, 4, 5, 6, 7, 0x22, 0x3f].map((t) =>
      publish(sub, device({ "UPS.DeltaCustom.[1].DeltaUPSType": t })).get("ups.type")
    );
    assertEquals(types, [
      "online",
      "offline",
      "line-interactive",
      "offline",
      "line-interactive",
      "3-phase",
      "split-phase",
      undefined,
      "line-interactive",
      undefined,
    ]);
  },
});

Deno.test({
  name: "deltaUpsSubdriver: lookups of input.sensitivity, input.source and ups.start.auto; first rows win",
  permissions: "none",
  fn() {
    const values = {
      "UPS.DeltaCustom.[1].DeltaConfigSensitivity": 1,
      "UPS.OutletSystem.Outlet.DeltaOutputSource": 8,
      "UPS.DeltaCustom.[1].DeltaConfigStartPowerRestore": 1,
      "UPS.PowerSummary.Input.Voltage": 230,
      "UPS.PowerConverter.Input.Voltage": 231,
      "UPS.BatterySystem.Temperature": 300.15,
      "UPS.PowerSummary.PresentStatus.ACPresent": 1,
      "UPS.PowerSummary.PresentStatus.Good": 0,
    };
    const got = firstValues(sub, device(values).read);
    assertEquals(
      ["input.sensitivity", "input.source", "ups.start.auto", "input.voltage", "battery.temperature"]
        .map((n) => got.get(n)),
      ["reduced", "on eco", "yes", "230.0", "27.0"],
    );
    assertEquals(publish(sub, device(values)).get("ups.status"), "OL OFF");
  },
});

Deno.test({
  name:
    "deltaUpsSubdriver: writable lookups take NUT's texts and declare no enumeration (NUT: no HU_FLAG_ENUM)",
  permissions: "none",
  async fn() {
    const writes: [string, RawValue][] = [];
    const write = (s: HidSource, raw: RawValue) => Promise.resolve(void writes.push([s.path, raw]));
    const results = [
      await setVariable(sub.variables, "input.sensitivity", "low", write),
      await setVariable(sub.variables, "ups.start.auto", "no", write),
      await setVariable(sub.variables, "input.sensitivity", "high", write),
      await setVariable(sub.variables, "battery.charge.low", "123456", write),
    ];
    assertEquals(results, [
      HANDLER_STATUS.HANDLED,
      HANDLER_STATUS.HANDLED,
      HANDLER_STATUS.INVALID,
      HANDLER_STATUS.INVALID,
    ]);
    assertEquals(writes, [
      ["UPS.DeltaCustom.[1].DeltaConfigSensitivity", 2],
      ["UPS.DeltaCustom.[1].DeltaConfigStartPowerRestore", 0],
    ]);
    const rw = sub.variables.filter((r) => r.flags?.includes("RW"));
    assertEquals(rw.map((r) => [r.name, r.convert.values]), [
      ["input.sensitivity", undefined],
      ["input.transfer.low", undefined],
      ["input.transfer.high", undefined],
      ["battery.charge.low", undefined],
      ["ups.start.auto", undefined],
      ["ups.delay.start", undefined],
    ]);
  },
});

Deno.test({
  name: "deltaUpsSubdriver: claims 05dd:041b only; ups.mfr falls back to Delta",
  permissions: "none",
  fn() {
    const id = (vendorId: number, productId: number) => ({ vendorId, productId, bcdDevice: 0 });
    assertEquals(
      [id(0x05dd, 0x041b), id(0x05dd, 0xa0a0), id(0x0463, 0x041b)].map((d) => sub.match(d)),
      [true, false, false],
    );
    assertEquals(
      [sub.formatMfr!(id(0x05dd, 0x041b)), sub.formatMfr!({ ...id(0x05dd, 0x041b), manufacturer: "DELTA" })],
      ["Delta", "DELTA"],
    );
  },
});
