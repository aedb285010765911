import { assertEquals } from "../testing/asserts.ts";
import { CMD_DESCRIPTIONS, describeCmd, describeVar, VAR_DESCRIPTIONS } from "./cmdvartab.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "cmdvartab holds NUT's descriptions, looked up without regard to case",
  fn() {
    assertEquals(describeVar("ups.status"), "UPS status");
    assertEquals(describeVar("BATTERY.CHARGE"), "Battery charge (percent of full)");
    assertEquals(describeVar("no.such.var"), undefined);
    assertEquals(describeCmd("test.battery.start"), "Start a battery test");
    assertEquals(describeCmd("Load.On"), "Turn on the load immediately");
    assert(VAR_DESCRIPTIONS.size >= 190 && CMD_DESCRIPTIONS.size >= 40);
    for (const k of [...VAR_DESCRIPTIONS.keys(), ...CMD_DESCRIPTIONS.keys()]) {
      assertEquals(k, k.toLowerCase());
    }
  },
});

function assert(v: boolean): void {
  if (!v) throw new Error("assertion failed");
}
