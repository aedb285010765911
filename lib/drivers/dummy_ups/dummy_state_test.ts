import { assertEquals } from "../../testing/asserts.ts";
import { DriverState } from "../../driver/driver_state.ts";
import { HANDLER_STATUS } from "../../sock/messages.ts";
import { dummySetVar, DummyStatus, writeDummyVar } from "./dummy_state.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "writeDummyVar() types known variables from dummy-ups' table and others as RW STRING 32",
  fn() {
    const s = new DriverState();
    writeDummyVar(s, "ups.firmware", "1.0");
    writeDummyVar(s, "battery.charge", "90");
    writeDummyVar(s, "outlet.1.desc", "Outlet");
    assertEquals([s.get("ups.firmware")?.flags, s.get("ups.firmware")?.aux], [["RW", "STRING"], 16]);
    assertEquals([s.get("battery.charge")?.flags, s.get("battery.charge")?.aux], [["RW"], 0]);
    assertEquals([s.get("outlet.1.desc")?.flags, s.get("outlet.1.desc")?.aux], [["RW", "STRING"], 32]);
    writeDummyVar(s, "outlet.1.desc", "");
    assertEquals(s.get("outlet.1.desc"), undefined);
    writeDummyVar(s, "device.mfr", "", true);
    assertEquals(s.getValue("device.mfr"), "");
  },
});

Deno.test({
  ...pure,
  name: "DummyStatus composes ups.status as NUT 2.8.0: words kept, ignorelb, ALARM in front",
  fn() {
    const s = new DriverState();
    const st = new DummyStatus(false);
    st.setStatus(s, ["OL", "OL", "CHRG"]);
    assertEquals(s.getValue("ups.status"), "OL OL CHRG");
    const lb = new DummyStatus(true);
    s.setInfo("battery.charge", "15.5");
    s.setInfo("battery.charge.low", "20");
    lb.setStatus(s, ["OB", "lb"]);
    assertEquals(s.getValue("ups.status"), "OB LB");
    s.setInfo("battery.charge", "50");
    lb.setStatus(s, ["OB", "LB"]);
    assertEquals(s.getValue("ups.status"), "OB");
    lb.alarm("[Replace battery]");
    lb.alarm("[Overheat]");
    lb.commitAlarms(s);
    assertEquals([s.getValue("ups.status"), s.getValue("ups.alarm")], [
      "ALARM OB",
      "[Replace battery] [Overheat]",
    ]);
    lb.alarm("");
    lb.commitAlarms(s);
    assertEquals([s.getValue("ups.status"), s.getValue("ups.alarm")], ["OB", undefined]);
  },
});

Deno.test({
  ...pure,
  name: "dummySetVar() changes served variables except driver.* and server.*, and creates none",
  fn() {
    const s = new DriverState();
    const st = new DummyStatus(false);
    writeDummyVar(s, "ups.id", "a");
    s.setInfo("driver.name", "dummy-ups");
    assertEquals(dummySetVar(s, st, "ups.id", "Data room"), HANDLER_STATUS.HANDLED);
    assertEquals(s.getValue("ups.id"), "Data room");
    assertEquals(dummySetVar(s, st, "driver.name", "x"), HANDLER_STATUS.UNKNOWN);
    assertEquals(dummySetVar(s, st, "server.info", "x"), HANDLER_STATUS.UNKNOWN);
    assertEquals(dummySetVar(s, st, "new.var", "x"), HANDLER_STATUS.UNKNOWN);
    assertEquals(s.getValue("new.var"), undefined);
    s.setInfo("ups.status", "OL");
    assertEquals(dummySetVar(s, st, "ups.status", "OB LB"), HANDLER_STATUS.HANDLED);
    assertEquals(s.getValue("ups.status"), "OB LB");
    assertEquals(dummySetVar(s, st, "ups.id", ""), HANDLER_STATUS.HANDLED);
    assertEquals(s.getValue("ups.id"), undefined);
  },
});
