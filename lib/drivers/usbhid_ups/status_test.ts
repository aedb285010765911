import { assertEquals } from "../../testing/asserts.ts";
import { DeviceState } from "../../state/device_state.ts";
import { StatusBuilder } from "../../state/status.ts";
import { type HidFact, HidStatusComposer, type StatusOptions } from "./status.ts";

function status(
  facts: HidFact[],
  options: StatusOptions = {},
  charge?: number,
  composer?: HidStatusComposer,
  now = 0,
) {
  const state = new DeviceState();
  const b = new StatusBuilder(state);
  const out = (composer ?? new HidStatusComposer(options)).compose({ facts: new Set(facts), charge, now }, b);
  b.commit();
  return { words: state.getValue("ups.status"), alarm: state.getValue("ups.alarm"), ...out };
}

Deno.test({
  name: "HidStatusComposer: NUT's words for the common facts",
  permissions: "none",
  fn() {
    assertEquals(status(["ONLINE"]).words, "OL");
    assertEquals(status(["ONLINE", "CHRG", "NOTFULLYCHARGED"]).words, "OL CHRG");
    assertEquals(status(["ONLINE", "CHRG", "FULLYCHARGED"]).words, "OL");
    assertEquals(status(["ONLINE", "CHRG"], {}, 87).words, "OL CHRG", "no charge state: the charge decides");
    assertEquals(status(["ONLINE", "CHRG"], {}, 100).words, "OL");
    assertEquals(status(["OFFLINE", "DISCHRG"]).words, "OB DISCHRG");
    assertEquals(status(["DISCHRG"]).words, "OB DISCHRG", "no power state but discharging: on battery");
    assertEquals(status(["OFFLINE", "DISCHRG", "LOWBATT"]).words, "OB DISCHRG LB");
    assertEquals(status(["ONLINE", "OVERLOAD", "BOOST"]).words, "OL OVER BOOST");
    assertEquals(status(["ONLINE", "TRIM"]).words, "OL TRIM");
    assertEquals(status(["OFF"]).words, "OFF");
    assertEquals(status(["ONLINE", "CAL", "DISCHRG"]).words, "CAL OL DISCHRG");
    assertEquals(status(["OFFLINE", "DISCHRG", "DEPLETED"]).words, "OB");
    assertEquals(status(["ONLINE", "VRANGE"]).transferReason, "input voltage out of range");
  },
});

Deno.test({
  name: "HidStatusComposer: alarms and bypass, as NUT's sentences",
  permissions: "none",
  fn() {
    const s = status(["ONLINE", "REPLACEBATT", "BYPASSAUTO"]);
    assertEquals([s.words, s.alarm], ["ALARM OL RB BYPASS", "Replace battery! Automatic bypass mode!"]);
  },
});

Deno.test({
  name: "HidStatusComposer: OL+DISCHRG as on battery, as calibration, or OL with a throttled warning",
  permissions: "none",
  fn() {
    assertEquals(status(["ONLINE", "DISCHRG"], { onlineDischargeBattery: true }).words, "OB DISCHRG");
    assertEquals(status(["ONLINE", "DISCHRG"], { onlineDischargeCalibration: true }).words, "CAL DISCHRG");
    const c = new HidStatusComposer();
    const first = status(["ONLINE", "DISCHRG"], {}, 90, c, 0);
    assertEquals(first.words, "OL DISCHRG");
    assertEquals(first.warning?.includes("Battery charge is currently 90."), true);
    assertEquals(status(["ONLINE", "DISCHRG"], {}, 90, c, 1000).warning, undefined, "same charge: quiet");
    assertEquals(status(["ONLINE", "DISCHRG"], {}, 88, c, 2000).warning?.includes("from 90 to 88"), true);
  },
});

Deno.test({
  name:
    "HidStatusComposer: lbrb_log_delay_sec holds LB and RB back while calibrating on line, not on battery",
  permissions: "none",
  fn() {
    const o = { lbrbLogDelaySec: 5 };
    const c = new HidStatusComposer(o);
    const facts: HidFact[] = ["ONLINE", "CAL", "LOWBATT", "REPLACEBATT"];
    // The alarm is raised at once (as NUT's); the words wait.
    assertEquals(status(facts, o, 50, c, 0).words, "ALARM CAL OL");
    assertEquals(status(facts, o, 50, c, 4_000).words, "ALARM CAL OL");
    assertEquals(status(facts, o, 50, c, 6_000).words, "ALARM CAL OL LB RB");
    assertEquals(status(["ONLINE", "CAL"], o, 50, c, 7_000).words, "CAL OL", "gone: the delay starts again");
    assertEquals(status(facts, o, 50, c, 8_000).words, "ALARM CAL OL");
    assertEquals(status(["OFFLINE", "LOWBATT"], o, 50, new HidStatusComposer(o), 0).words, "OB LB");
  },
});
