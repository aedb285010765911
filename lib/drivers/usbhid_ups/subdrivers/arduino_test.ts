import { assertEquals } from "../../../testing/asserts.ts";
import type { RawValue } from "../../../driver/mapping.ts";
import { commandsOf, startUp, unreadablePaths } from "./_hid2nut_bed.ts";
import { arduinoSubdriver as sub } from "./arduino.ts";

Deno.test({
  name: "arduinoSubdriver: every path reads with the HID names; NUT's rows, facts, commands, ids",
  permissions: "none",
  fn() {
    assertEquals(unreadablePaths(sub), []);
    assertEquals([sub.variables.length, sub.status.length, sub.commands.length, sub.fixed?.length], [
      14,
      13,
      4,
      2,
    ]);
    assertEquals(sub.ids.map((u) => [u.vendorId, u.productId]), [
      [0x2341, 0x0036],
      [0x2341, 0x8036],
      [0x2a03, 0x0036],
      [0x2a03, 0x8036],
      [0x2a03, 0x0040],
      [0x2a03, 0x8040],
    ]);
  },
});

Deno.test({
  name:
    "arduinoSubdriver: the Ugreen US3000's load and voltages NUT 0.22 added the rows for (NUT issue 3281)",
  permissions: "none",
  fn() {
    // The values the issue quotes from `usbhid-ups -x explore` (NUT 2.8.4, "Arduino HID 0.21", which had
    // no rows for them): PercentLoad 1, Output.Voltage 19, Input.[1].Voltage 20; its upsc showed
    // battery.charge 100, battery.charge.low 20 and battery.runtime 65535.
    const values: Record<string, RawValue> = {
      "UPS.PowerSummary.PercentLoad": 1,
      "UPS.PowerConverter.Output.Voltage": 19,
      "UPS.PowerConverter.Input.[1].Voltage": 20,
      "UPS.PowerSummary.RemainingCapacity": 100,
      "UPS.PowerSummary.RemainingCapacityLimit": 20,
      "UPS.PowerSummary.RunTimeToEmpty": 65535,
      "UPS.PowerSummary.DelayBeforeShutdown": -1,
      "UPS.PowerSummary.PresentStatus.ACPresent": 1,
    };
    const device = {
      identity: {
        vendorId: 0x2b89,
        productId: 0xffff,
        bcdDevice: 0,
        manufacturer: "UGREEN",
        product: "US3000",
      },
      read: (s: { path: string }) => values[s.path],
    };
    const got = startUp(sub, device);
    assertEquals(Object.fromEntries(got), {
      "battery.charge": "100",
      "battery.charge.low": "20",
      "battery.runtime": "65535",
      "input.voltage": "20.0",
      "output.voltage": "19.0",
      // Only the delay whose path the device has (DelayBeforeShutdown; no DelayBeforeStartup here).
      "ups.delay.shutdown": "20",
      "ups.load": "1",
      "ups.mfr": "UGREEN",
      "ups.model": "US3000",
      "ups.status": "OL",
      "ups.timer.shutdown": "-1",
    });
    assertEquals(commandsOf(sub, device), ["load.off.delay", "shutdown.stop"]);
    // Its 2b89:ffff is not in NUT's table (the user named the subdriver).
    assertEquals(sub.match(device.identity), false);
    assertEquals(sub.formatMfr!({ vendorId: 0x2341, productId: 0x8036, bcdDevice: 0 }), "Arduino");
  },
});
