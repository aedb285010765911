import { assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import { parsePath, usageNamesFor } from "../../../hid/mod.ts";
import { startUp, unreadablePaths } from "./_hid2nut_bed.ts";
import { powervarSubdriver as sub } from "./powervar.ts";

/**
 * A Powervar device of given Feature values (no Powervar log or dump could be had), its paths compared
 * without case as lib/hid reads them.
 * @param values its values by path
 * @returns what the tables publish
 */
function publish(values: Record<string, RawValue>): Map<string, string> {
  const byPath = new Map(Object.entries(values).map(([p, v]) => [p.toLowerCase(), v]));
  return startUp(sub, {
    identity: { vendorId: 0x4234, productId: 0x0002, bcdDevice: 0, product: "UPM" },
    read: (s) => byPath.get(s.path.toLowerCase()),
    strings: new Map([[3, "PbAc"]]),
  });
}

Deno.test({
  name: "powervarSubdriver: every path reads with Powervar's usage names; NUT's rows, facts and id",
  permissions: "none",
  fn() {
    assertEquals(unreadablePaths(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length], [4, 13, 0]);
    assertEquals(sub.ids, [{ vendorId: 0x4234, productId: 0x0002, vendor: "Powervar" }]);
    // NUT writes RuntimeToEmpty: the Battery System page's RunTimeToEmpty, names compared without case.
    const names = usageNamesFor("powervar");
    assertEquals(
      parsePath("UPS.PowerSummary.RuntimeToEmpty", names),
      parsePath("UPS.PowerSummary.RunTimeToEmpty", names),
    );
  },
});

Deno.test({
  name: "powervarSubdriver: its four variables, status facts, and the yes/no BOOL rows that set nothing",
  permissions: "none",
  fn() {
    const got = publish({
      "UPS.PowerSummary.iDeviceChemistry": 3,
      "UPS.PowerSummary.RemainingCapacity": 64,
      "UPS.PowerSummary.FullChargeCapacity": 100,
      "UPS.PowerSummary.RunTimeToEmpty": 1800,
      "UPS.PowerSummary.PresentStatus.ACPresent": 0,
      "UPS.PowerSummary.PresentStatus.Discharging": 1,
      "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit": 1,
      // NUT maps these two to yes_no_info, which is no status bit.
      "UPS.PowerSummary.PresentStatus.InternalFailure": 1,
      "UPS.PowerSummary.PresentStatus.Good": 0,
    });
    assertEquals(Object.fromEntries(got), {
      "battery.capacity": "100",
      "battery.charge": "64",
      "battery.runtime": "1800",
      "battery.type": "PbAc",
      "ups.mfr": "Powervar",
      "ups.model": "UPM",
      "ups.status": "OB DISCHRG LB",
    });
    const full = publish({
      "UPS.PowerSummary.PresentStatus.ACPresent": 1,
      "UPS.PowerSummary.PresentStatus.Charging": 1,
      "UPS.PowerSummary.PresentStatus.FullyCharged": 0,
      "UPS.PowerSummary.PresentStatus.OverTemperature": 1,
    });
    // FullyCharged 0 is NUT's "notfullycharged": CHRG whatever the charge.
    assertEquals([full.get("ups.status"), full.get("ups.alarm")], ["ALARM OL CHRG", "Temperature too high!"]);
  },
});
