import { assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import type { HidDeviceView } from "./_hid2nut.ts";
import { startUp, unreadablePaths } from "./_hid2nut_bed.ts";
import { salicruSubdriver as sub } from "./salicru.ts";

/**
 * NUT 2.8.0's dump of a Salicru SPS 850 ADV T (2e66:0302, "Salicru HID 0.3"; nut-ddl
 * Salicru/Salicru__SPS_850_ADV_T__usbhid_ups__2.8.0__01.dev, NUT issue #1416), less driver.*, device.*,
 * the USB strings' (ups.mfr "1", ups.model " 850", ups.serial), the ids' and ups.status ("OL").
 */
const SPS_850_ADV_T: Record<string, string> = {
  "battery.charge": "100",
  "battery.charge.low": "10",
  "battery.charge.warning": "20",
  "battery.runtime": "4500",
  "battery.runtime.low": "300",
  "battery.type": "PbAcid",
  "battery.voltage": "26.00",
  "battery.voltage.nominal": "24",
  "input.frequency": "50.2",
  "input.voltage": "228.0",
  "input.voltage.nominal": "230",
  "output.frequency": "50.2",
  "output.voltage": "22.8",
  "output.voltage.nominal": "24",
  "ups.beeper.status": "enabled",
  "ups.load": "11",
  "ups.realpower.nominal": "595",
};

Deno.test({
  name: "salicruSubdriver: every path reads with the HID names; NUT's rows, facts, commands and ids",
  permissions: "none",
  fn() {
    assertEquals(unreadablePaths(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length], [30, 13, 3]);
    assertEquals(sub.ids.map((u) => u.productId), [0x0101, 0x0201, 0x0202, 0x0203, 0x0300, 0x0302]);
    assertEquals(sub.match({ vendorId: 0x2e66, productId: 0x0302, bcdDevice: 0 }), true);
  },
});

Deno.test({
  name: "salicruSubdriver: a row for every variable of NUT's SPS 850 ADV T dump, each with the dump's format",
  permissions: "none",
  fn() {
    const names = new Set(sub.variables.map((r) => r.name));
    assertEquals(Object.keys(SPS_850_ADV_T).filter((n) => !names.has(n)), []);
    // The dump's device, as the first row of each name reads it (its log is not to be had: the values
    // are the dump's, read back through NUT's formats; the chemistry is a string descriptor).
    const values: Record<string, RawValue> = {
      "UPS.PowerSummary.iDeviceChemistry": 4,
      "UPS.PowerSummary.RemainingCapacity": 100,
      "UPS.PowerSummary.RemainingCapacityLimit": 10,
      "UPS.PowerSummary.WarningCapacityLimit": 20,
      "UPS.PowerSummary.RunTimeToEmpty": 4500,
      "UPS.PowerSummary.RemainingTimeLimit": 300,
      "UPS.PowerSummary.ConfigVoltage": 24,
      "UPS.PowerSummary.Voltage": 26,
      "UPS.Input.Frequency": 50.2,
      "UPS.Input.Voltage": 228,
      "UPS.Input.ConfigVoltage": 230,
      "UPS.Output.Frequency": 50.2,
      "UPS.Output.Voltage": 22.8,
      "UPS.Output.ConfigVoltage": 24,
      "UPS.PowerSummary.AudibleAlarmControl": 2,
      "UPS.Output.PercentLoad": 11,
      "UPS.Output.ConfigActivePower": 595,
      "UPS.PowerSummary.PresentStatus.ACPresent": 1,
      "UPS.PowerSummary.PresentStatus.Charging": 0,
      "UPS.PowerSummary.PresentStatus.Discharging": 0,
    };
    const device: HidDeviceView = {
      identity: { vendorId: 0x2e66, productId: 0x0302, bcdDevice: 0 },
      read: (s) => values[s.path],
      strings: new Map([[4, "PbAcid"]]),
    };
    const got = startUp(sub, device);
    assertEquals(got.get("ups.status"), "OL");
    for (const [name, value] of Object.entries(SPS_850_ADV_T)) {
      assertEquals([name, got.get(name)], [name, value]);
    }
    // Writable: the two limits (NUT: RW STRING of 10, read again after a SET).
    const rw = sub.variables.filter((r) => r.flags?.includes("RW")).map((r) => [r.name, r.maxLength]);
    assertEquals(rw, [["battery.charge.low", 10], ["battery.runtime.low", 10]]);
    // ups.mfr falls back to "Salicru" without a manufacturer string (the ADV T's is "1").
    assertEquals([
      sub.formatMfr!({ ...device.identity }),
      sub.formatMfr!({ ...device.identity, manufacturer: "1" }),
    ], [
      "Salicru",
      "1",
    ]);
  },
});

Deno.test({
  name: "salicruSubdriver: the Twin Pro 2 rows answer where the SPS rows find no path",
  permissions: "none",
  fn() {
    const values: Record<string, RawValue> = {
      "UPS.PowerSummary.PercentLoad": 37,
      "UPS.PowerConverter.Input.[1].Voltage": 231.4,
      "UPS.PowerConverter.Output.ActivePower": 412,
      "UPS.BatterySystem.Battery.Test": 1,
      "UPS.PowerSummary.PresentStatus.ACPresent": 0,
      "UPS.PowerSummary.PresentStatus.Discharging": 1,
      "UPS.PowerSummary.PresentStatus.OverTemperature": 1,
    };
    const got = startUp(sub, {
      identity: { vendorId: 0x2e66, productId: 0x0201, bcdDevice: 0 },
      read: (s) => values[s.path],
    });
    assertEquals(
      ["ups.load", "input.voltage", "ups.realpower", "ups.test.result", "ups.status"].map((n) => got.get(n)),
      ["37", "231.4", "412", "Done and passed", "ALARM OB DISCHRG"],
    );
    assertEquals(got.get("ups.alarm"), "Temperature too high!");
  },
});
