import { assertEquals } from "../testing/asserts.ts";
import {
  combine,
  defaultThresholds,
  evaluateUps,
  type Thresholds,
  type UpsReading,
  worst,
} from "./evaluate.ts";

function vars(v: Record<string, string>): UpsReading {
  return { kind: "vars", vars: new Map(Object.entries(v)) };
}

const ONLINE = {
  "ups.status": "OL CHRG",
  "battery.charge": "100",
  "battery.runtime": "1575",
  "ups.load": "23",
};
const T: Thresholds = {
  ...defaultThresholds(),
  warnCharge: 50,
  critCharge: 20,
  warnRuntime: 600,
  critRuntime: 300,
  warnLoad: 80,
  critLoad: 90,
};

function verdict(reading: UpsReading, t: Thresholds = T): [string, string[]] {
  const c = evaluateUps("ups1", reading, t);
  return [c.state, c.problems.map((p) => `${p.state}: ${p.text}`)];
}

Deno.test({
  name: "evaluateUps(): on line power within every threshold is OK, with the values measured",
  permissions: "none",
  fn() {
    const c = evaluateUps("ups1", vars(ONLINE), T);
    assertEquals([c.state, c.status, c.problems], ["OK", ["OL", "CHRG"], []]);
    assertEquals(c.metrics.map((m) => [m.label, m.value, m.warn, m.crit]), [
      ["charge", 100, "50:", "20:"],
      ["runtime", 1575, "600:", "300:"],
      ["load", 23, "80", "90"],
    ]);
  },
});

Deno.test({
  name: "evaluateUps(): charge and runtime alert below, load above; equal to a threshold is fine",
  permissions: "none",
  fn() {
    assertEquals(verdict(vars({ ...ONLINE, "battery.charge": "50" }))[0], "OK");
    assertEquals(verdict(vars({ ...ONLINE, "battery.charge": "49.5" })), ["WARNING", [
      "WARNING: charge 49.5% < 50%",
    ]]);
    assertEquals(verdict(vars({ ...ONLINE, "battery.charge": "19" })), ["CRITICAL", [
      "CRITICAL: charge 19% < 20%",
    ]]);
    assertEquals(verdict(vars({ ...ONLINE, "battery.runtime": "299" })), [
      "CRITICAL",
      ["CRITICAL: runtime 299s < 300s"],
    ]);
    assertEquals(verdict(vars({ ...ONLINE, "ups.load": "80" }))[0], "OK");
    assertEquals(verdict(vars({ ...ONLINE, "ups.load": "85" })), ["WARNING", ["WARNING: load 85% > 80%"]]);
    assertEquals(verdict(vars({ ...ONLINE, "ups.load": "101" })), ["CRITICAL", [
      "CRITICAL: load 101% > 90%",
    ]]);
  },
});

Deno.test({
  name: "evaluateUps(): status flags OB → WARNING, LB/FSD/RB/OVER/OFF → CRITICAL, configurable",
  permissions: "none",
  fn() {
    assertEquals(verdict(vars({ ...ONLINE, "ups.status": "OB DISCHRG" })), [
      "WARNING",
      ["WARNING: on battery (OB)"],
    ]);
    assertEquals(verdict(vars({ ...ONLINE, "ups.status": "OB LB" })), [
      "CRITICAL",
      ["WARNING: on battery (OB)", "CRITICAL: low battery (LB)"],
    ]);
    for (const flag of ["FSD", "RB", "OVER", "OFF"]) {
      assertEquals(verdict(vars({ ...ONLINE, "ups.status": `OL ${flag}` }))[0], "CRITICAL", flag);
    }
    assertEquals(verdict(vars({ ...ONLINE, "ups.status": "ALARM OL", "ups.alarm": "Fan failure" })), [
      "WARNING",
      ["WARNING: alarm (ALARM: Fan failure)"],
    ]);
    const custom = { ...T, warnStatus: ["TRIM"], critStatus: ["OB"] };
    assertEquals(verdict(vars({ ...ONLINE, "ups.status": "OB" }), custom)[0], "CRITICAL");
    assertEquals(verdict(vars({ ...ONLINE, "ups.status": "OL TRIM" }), custom)[0], "WARNING");
    assertEquals(verdict(vars({ ...ONLINE, "ups.status": "OL LB" }), { ...T, critStatus: [] })[0], "OK");
  },
});

Deno.test({
  name:
    "evaluateUps(): stale data and a missing driver follow --stale; unknown UPS and missing values are UNKNOWN",
  permissions: "none",
  fn() {
    const stale: UpsReading = { kind: "error", code: "DATA-STALE", message: "Data stale" };
    assertEquals(verdict(stale)[0], "CRITICAL");
    assertEquals(verdict(stale, { ...T, stale: "UNKNOWN" })[0], "UNKNOWN");
    assertEquals(
      verdict({ kind: "error", code: "DRIVER-NOT-CONNECTED", message: "Driver not connected" }, {
        ...T,
        stale: "WARNING",
      }),
      ["WARNING", ["WARNING: driver not connected"]],
    );
    assertEquals(verdict({ kind: "error", code: "UNKNOWN-UPS", message: "Unknown UPS" }), [
      "UNKNOWN",
      ["UNKNOWN: unknown UPS"],
    ]);
    assertEquals(verdict(vars({ "ups.status": "OL" })), [
      "UNKNOWN",
      ["UNKNOWN: no battery.charge", "UNKNOWN: no battery.runtime", "UNKNOWN: no ups.load"],
    ]);
    assertEquals(verdict(vars({ "ups.status": "OL" }), defaultThresholds())[0], "OK");
    assertEquals(verdict(vars({ "ups.status": "WAIT" }), defaultThresholds())[0], "UNKNOWN");
    assertEquals(verdict(vars({}), defaultThresholds()), ["UNKNOWN", ["UNKNOWN: no ups.status"]]);
  },
});

Deno.test({
  name: "combine() takes the worst state (CRITICAL > WARNING > UNKNOWN > OK) and puts the worst UPS first",
  permissions: "none",
  fn() {
    assertEquals([worst("OK", "UNKNOWN"), worst("UNKNOWN", "WARNING"), worst("CRITICAL", "WARNING")], [
      "UNKNOWN",
      "WARNING",
      "CRITICAL",
    ]);
    const a = evaluateUps("a", vars(ONLINE), T);
    const b = evaluateUps("b", vars({ ...ONLINE, "ups.status": "OB" }), T);
    const c = evaluateUps("c", { kind: "error", code: "UNKNOWN-UPS", message: "" }, T);
    const r = combine([a, c, b]);
    assertEquals([r.state, r.ups.map((u) => u.name)], ["WARNING", ["b", "c", "a"]]);
  },
});
