import { assertEquals } from "../testing/asserts.ts";
import { DeviceState } from "./device_state.ts";
import { StatusBuilder } from "./status.ts";
import type { StateChange } from "./types.ts";

const pure = { permissions: "none" } as const;

function recorder(state: DeviceState): StateChange[] {
  const seen: StateChange[] = [];
  state.subscribe((c) => seen.push(c));
  return seen;
}

Deno.test({
  ...pure,
  name: "DeviceState keeps variables in strcasecmp order and looks them up ignoring case",
  fn() {
    const s = new DeviceState();
    for (
      const n of ["ups.status", "battery.charge.low", "Battery.charge", "input.voltage", "battery.charge_x"]
    ) {
      s.setInfo(n, "1");
    }
    assertEquals([...s.vars()].map((v) => v.name), [
      "Battery.charge",
      "battery.charge.low",
      "battery.charge_x",
      "input.voltage",
      "ups.status",
    ]);
    assertEquals(s.getValue("BATTERY.CHARGE"), "1");
    s.setInfo("battery.CHARGE", "2");
    assertEquals(s.size, 5);
    assertEquals(s.get("battery.charge")?.name, "Battery.charge");
  },
});

Deno.test({
  ...pure,
  name: "DeviceState announces only effective changes",
  fn() {
    const s = new DeviceState();
    const seen = recorder(s);
    s.setInfo("ups.id", "a");
    s.setInfo("ups.id", "a");
    s.setFlags("ups.id", ["RW", "STRING"]);
    s.setFlags("ups.id", ["STRING", "RW"]);
    s.setAux("ups.id", 32);
    s.setAux("ups.id", 32);
    s.addEnum("ups.id", "x");
    s.addEnum("ups.id", "x");
    s.addRange("ups.id", 1, 2);
    s.addRange("ups.id", 1, 2);
    s.addCmd("load.off");
    s.addCmd("LOAD.OFF");
    s.dataOk();
    s.dataOk();
    s.setFlags("missing", ["RW"]);
    assertEquals(seen.map((c) => c.kind), [
      "SETINFO",
      "SETFLAGS",
      "SETAUX",
      "ADDENUM",
      "ADDRANGE",
      "ADDCMD",
      "DATAOK",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "DeviceState.setFlags() keeps NUT's flag order and ignores unknown flags",
  fn() {
    const s = new DeviceState();
    s.setInfo("x", "1");
    s.setFlags("x", ["NUMBER", "bogus", "rw"]);
    assertEquals(s.get("x")?.flags, ["RW", "NUMBER"]);
  },
});

Deno.test({
  ...pure,
  name: "DeviceState.dump() follows NUT's DUMPALL order and apply() rebuilds an equal state",
  fn() {
    const s = new DeviceState();
    s.setInfo("ups.status", "OL");
    s.setInfo("input.transfer.low", "95");
    s.addEnum("input.transfer.low", "95");
    s.addEnum("input.transfer.low", "100");
    s.setAux("input.transfer.low", 3);
    s.setFlags("input.transfer.low", ["RW"]);
    s.setInfo("ups.delay.shutdown", "20");
    s.addRange("ups.delay.shutdown", 0, 600);
    s.addCmd("test.battery.start");
    s.addCmd("load.off");
    assertEquals(s.dump()[0], { kind: "DATASTALE" });
    s.dataOk();
    const dump = s.dump();
    assertEquals(dump.map((c) => c.kind), [
      "SETINFO",
      "ADDENUM",
      "ADDENUM",
      "SETAUX",
      "SETFLAGS",
      "SETINFO",
      "ADDRANGE",
      "SETINFO",
      "ADDCMD",
      "ADDCMD",
      "DATAOK",
    ]);
    assertEquals(dump.at(-2), { kind: "ADDCMD", name: "test.battery.start" });
    const copy = new DeviceState();
    for (const c of dump) copy.apply(c);
    assertEquals(copy.dump(), dump);
  },
});

Deno.test({
  ...pure,
  name: "DeviceState.delInfo() and delCmd() remove and announce once",
  fn() {
    const s = new DeviceState();
    s.setInfo("a", "1");
    s.addCmd("x");
    const seen = recorder(s);
    s.delInfo("A");
    s.delInfo("a");
    s.delCmd("X");
    assertEquals(seen, [{ kind: "DELINFO", name: "a" }, { kind: "DELCMD", name: "x" }]);
    assertEquals(s.size, 0);
  },
});

Deno.test({
  ...pure,
  name: "StatusBuilder writes ALARM first and ups.alarm, and clears ups.alarm when no alarm is raised",
  fn() {
    const s = new DeviceState();
    let b = new StatusBuilder(s);
    b.set("OL");
    b.set("CHRG");
    b.alarm("[Replace battery]");
    b.commit();
    assertEquals(s.getValue("ups.status"), "ALARM OL CHRG");
    assertEquals(s.getValue("ups.alarm"), "[Replace battery]");
    b = new StatusBuilder(s);
    b.set("OL");
    b.commit();
    assertEquals(s.getValue("ups.status"), "OL");
    assertEquals(s.get("ups.alarm"), undefined);
  },
});

Deno.test({
  ...pure,
  name: "StatusBuilder with ignoreLb drops the device's LB and derives LB from charge and runtime",
  fn() {
    const s = new DeviceState();
    s.setInfo("battery.charge", "50");
    s.setInfo("battery.charge.low", "20");
    let b = new StatusBuilder(s, { ignoreLb: true });
    b.set("OB LB");
    b.commit();
    assertEquals(s.getValue("ups.status"), "OB");
    s.setInfo("battery.charge", "10");
    b = new StatusBuilder(s, { ignoreLb: true });
    b.set("OB");
    b.commit();
    assertEquals(s.getValue("ups.status"), "OB LB");
  },
});
