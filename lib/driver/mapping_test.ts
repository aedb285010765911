import { assertEquals } from "../testing/asserts.ts";
import { DeviceState } from "../state/device_state.ts";
import { HANDLER_STATUS } from "../sock/messages.ts";
import {
  collectFacts,
  declareRows,
  decoded,
  formatted,
  lookup,
  publishVariables,
  type RawValue,
  runCommand,
  setVariable,
  type Subdriver,
} from "./mapping.ts";
import type { DeviceWriter } from "./types.ts";

/** A toy vendor whose sources are names in a table of raw values (as a HID path would be). */
const TOY: Subdriver<string, { vendor: string }> = {
  name: "toy",
  version: "0.1",
  match: (d) => d.vendor === "Toy",
  variables: [
    {
      name: "ups.mfr",
      source: "Mfr",
      convert: decoded((r) => String(r).trim() || undefined),
      flags: ["STATIC"],
    },
    { name: "battery.charge", source: "Charge", convert: formatted("%.0f"), flags: ["QUICK"] },
    { name: "input.voltage", source: "Voltage", convert: formatted("%.1f", 0.1) },
    { name: "input.voltage", source: "VoltageOld", convert: formatted("%.1f") },
    {
      name: "battery.charge.low",
      source: "LowCharge",
      convert: formatted("%.0f"),
      flags: ["RW"],
      range: [5, 90],
    },
    {
      name: "ups.beeper.status",
      source: "Beeper",
      convert: lookup([[1, "disabled"], [2, "enabled"]]),
      flags: ["RW", "ENUM"],
    },
    {
      name: "ups.id",
      source: "Name",
      convert: decoded((r) => String(r)),
      flags: ["RW", "STRING"],
      maxLength: 8,
    },
    { name: "ups.test.result", source: "Missing", convert: formatted("%d") },
  ],
  status: [
    { source: "ACPresent", fact: "ONLINE" },
    { source: "Discharging", fact: "DISCHRG" },
    { source: "Remaining", fact: "LOWBATT", when: (r) => Number(r) < 10 },
  ],
  commands: [
    { name: "beeper.disable", source: "Beeper", value: 1 },
    { name: "load.off.delay", source: "DelayShutdown" },
    { name: "test.panel.start", source: "Missing" },
    {
      name: "test.battery.start",
      source: "Test",
      value: "Quick test",
      convert: lookup([[1, "Quick test"], [2, "Deep test"]]),
    },
  ],
};

function device(values: Record<string, RawValue>) {
  const read = (s: string) => values[s];
  const has = (s: string) => s in values;
  const writes: [string, RawValue][] = [];
  const write = (s: string, raw: RawValue) => {
    writes.push([s, raw]);
    values[s] = raw;
    return Promise.resolve();
  };
  return { read, has, write, writes };
}

const VALUES = {
  Mfr: "Toy Inc ",
  Charge: 87,
  Voltage: 2295,
  VoltageOld: 99,
  LowCharge: 20,
  Beeper: 2,
  Name: "rack1",
  ACPresent: 1,
  Discharging: 0,
  Remaining: 87,
  DelayShutdown: 20,
};

Deno.test({
  name:
    "publishVariables(): static rows at init only, quick rows in quick passes, the first row of a name wins",
  permissions: "none",
  fn() {
    const state = new DeviceState();
    const d = device({ ...VALUES });
    const w = state as unknown as DeviceWriter;
    const set = publishVariables(TOY.variables, d.read, w, "init");
    assertEquals(set, [
      "ups.mfr",
      "battery.charge",
      "input.voltage",
      "battery.charge.low",
      "ups.beeper.status",
      "ups.id",
    ]);
    assertEquals(
      ["ups.mfr", "battery.charge", "input.voltage", "ups.beeper.status"].map((n) => state.getValue(n)),
      ["Toy Inc", "87", "229.5", "enabled"],
    );
    d.write("Mfr", "Other");
    d.write("Charge", 50);
    d.write("Voltage", 2301);
    assertEquals(publishVariables(TOY.variables, d.read, w, "quick"), ["battery.charge"]);
    assertEquals(state.getValue("input.voltage"), "229.5");
    publishVariables(TOY.variables, d.read, w, "poll");
    assertEquals([state.getValue("ups.mfr"), state.getValue("input.voltage")], ["Toy Inc", "230.1"]);
  },
});

Deno.test({
  name:
    "declareRows(): RW, STRING length, range and enumeration for published writable rows; commands the device has",
  permissions: "none",
  fn() {
    const state = new DeviceState();
    const d = device({ ...VALUES });
    publishVariables(TOY.variables, d.read, state as unknown as DeviceWriter, "init");
    declareRows(TOY, d.has, state as unknown as DeviceWriter);
    assertEquals(state.get("battery.charge.low")?.flags, ["RW"]);
    assertEquals(state.get("ups.id")?.flags, ["RW", "STRING"]);
    assertEquals(state.get("ups.id")?.aux, 8);
    assertEquals(state.get("ups.beeper.status")?.enums, ["disabled", "enabled"]);
    assertEquals(state.get("battery.charge.low")?.ranges, [{ min: 5, max: 90 }]);
    assertEquals(state.commands(), ["beeper.disable", "load.off.delay"]);
  },
});

Deno.test({
  name: "collectFacts(): a fact holds when its source says so; a missing source says nothing",
  permissions: "none",
  fn() {
    assertEquals([...collectFacts(TOY.status, device({ ...VALUES }).read)], ["ONLINE"]);
    assertEquals([...collectFacts(TOY.status, device({ ACPresent: 0, Discharging: 1, Remaining: 5 }).read)], [
      "DISCHRG",
      "LOWBATT",
    ]);
  },
});

Deno.test({
  name: "setVariable() and runCommand() write raw values through the rows, and refuse what the rows refuse",
  permissions: "none",
  async fn() {
    const d = device({ ...VALUES });
    assertEquals(
      await setVariable(TOY.variables, "battery.charge.low", "30", d.write),
      HANDLER_STATUS.HANDLED,
    );
    assertEquals(
      await setVariable(TOY.variables, "battery.charge.low", "95", d.write),
      HANDLER_STATUS.INVALID,
    );
    assertEquals(
      await setVariable(TOY.variables, "battery.charge.low", "x", d.write),
      HANDLER_STATUS.INVALID,
    );
    assertEquals(
      await setVariable(TOY.variables, "ups.beeper.status", "disabled", d.write),
      HANDLER_STATUS.HANDLED,
    );
    assertEquals(
      await setVariable(TOY.variables, "ups.beeper.status", "loud", d.write),
      HANDLER_STATUS.INVALID,
    );
    assertEquals(
      await setVariable(TOY.variables, "ups.id", "too-long-name", d.write),
      HANDLER_STATUS.INVALID,
    );
    assertEquals(await setVariable(TOY.variables, "ups.id", "rack2", d.write), HANDLER_STATUS.HANDLED);
    assertEquals(await setVariable(TOY.variables, "battery.charge", "50", d.write), HANDLER_STATUS.UNKNOWN);
    assertEquals(
      await runCommand(TOY.commands, "beeper.disable", undefined, d.write),
      HANDLER_STATUS.HANDLED,
    );
    assertEquals(await runCommand(TOY.commands, "load.off.delay", "30", d.write), HANDLER_STATUS.HANDLED);
    assertEquals(
      await runCommand(TOY.commands, "load.off.delay", "soon", d.write),
      HANDLER_STATUS.CONVERSION_FAILED,
    );
    assertEquals(
      await runCommand(TOY.commands, "load.off.delay", undefined, d.write),
      HANDLER_STATUS.INVALID,
    );
    assertEquals(await runCommand(TOY.commands, "beeper.disable", "2", d.write), HANDLER_STATUS.HANDLED);
    assertEquals(
      await runCommand(TOY.commands, "test.battery.start", "Deep test", d.write),
      HANDLER_STATUS.HANDLED,
    );
    assertEquals(
      await runCommand(TOY.commands, "test.battery.start", "Long", d.write),
      HANDLER_STATUS.CONVERSION_FAILED,
    );
    assertEquals(await runCommand(TOY.commands, "load.on", undefined, d.write), HANDLER_STATUS.UNKNOWN);
    assertEquals(d.writes, [
      ["LowCharge", 30],
      ["Beeper", 1],
      ["Name", "rack2"],
      ["Beeper", 1],
      ["DelayShutdown", 30],
      ["Beeper", 2],
      ["Test", 2],
    ]);
  },
});
