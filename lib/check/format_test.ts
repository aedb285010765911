import { assertEquals } from "../testing/asserts.ts";
import { combine, defaultThresholds, evaluateUps, type Thresholds } from "./evaluate.ts";
import { formatFailure, formatJson, formatJsonFailure, formatNagios } from "./format.ts";

const T: Thresholds = {
  ...defaultThresholds(),
  warnCharge: 50,
  critCharge: 20,
  warnRuntime: 600,
  critRuntime: 300,
};
const ONLINE = new Map([
  ["ups.status", "OL"],
  ["battery.charge", "100"],
  ["battery.runtime", "1575"],
  ["ups.load", "23"],
]);

Deno.test({
  name: "formatNagios() prints the state, each UPS and the performance data",
  permissions: "none",
  fn() {
    const one = combine([evaluateUps("ups1", { kind: "vars", vars: ONLINE }, T)]);
    assertEquals(
      formatNagios(one),
      "NUT OK - ups1: OL, charge 100%, runtime 1575s, load 23% | charge=100%;50:;20:;0;100 runtime=1575s;600:;300:;0 load=23%;;;0",
    );
    const low = new Map([...ONLINE, ["ups.status", "OB LB"], ["battery.charge", "8"]]);
    const two = combine([
      evaluateUps("ups1@h", { kind: "vars", vars: ONLINE }, T),
      evaluateUps("ups2@h", { kind: "vars", vars: low }, T),
    ]);
    assertEquals(
      formatNagios(two),
      "NUT CRITICAL - ups2@h: OB LB, charge 8%, runtime 1575s, load 23% " +
        "[on battery (OB), low battery (LB), charge 8% < 20%]; ups1@h: OL, charge 100%, runtime 1575s, load 23% | " +
        "ups2_charge=8%;50:;20:;0;100 ups2_runtime=1575s;600:;300:;0 ups2_load=23%;;;0 " +
        "ups1_charge=100%;50:;20:;0;100 ups1_runtime=1575s;600:;300:;0 ups1_load=23%;;;0",
    );
  },
});

Deno.test({
  name: "formatNagios() shows a UPS without data by its problem; no perfdata means no '|'",
  permissions: "none",
  fn() {
    const r = combine([evaluateUps("ups1", { kind: "error", code: "DATA-STALE", message: "Data stale" }, T)]);
    assertEquals(
      formatNagios(r),
      "NUT CRITICAL - ups1: no data [data stale (the driver has not updated it for MAXAGE seconds)]",
    );
    assertEquals(formatFailure("UNKNOWN", "no answer within 10 s"), "NUT UNKNOWN - no answer within 10 s");
  },
});

Deno.test({
  name: "formatJson() carries the state, exit code, values and problems",
  permissions: "none",
  fn() {
    const onb = new Map([...ONLINE, ["ups.status", "OB DISCHRG"]]);
    const doc = JSON.parse(formatJson(combine([evaluateUps("ups1", { kind: "vars", vars: onb }, T)])));
    assertEquals(doc.state, "WARNING");
    assertEquals(doc.code, 1);
    assertEquals(doc.ups, [{
      name: "ups1",
      state: "WARNING",
      status: ["OB", "DISCHRG"],
      charge: 100,
      runtime: 1575,
      load: 23,
      problems: [{ state: "WARNING", text: "on battery (OB)" }],
    }]);
    assertEquals(JSON.parse(formatJsonFailure("UNKNOWN", "x")), {
      state: "UNKNOWN",
      code: 3,
      summary: "NUT UNKNOWN - x",
      error: "x",
      ups: [],
    });
  },
});
