import { assertEquals } from "../testing/asserts.ts";
import { UpsTable } from "./ups_table.ts";

const pure = { permissions: "none" } as const;
const def = (name: string, driver = "dummy-ups", desc?: string) => ({
  name,
  driver,
  desc,
  socketPath: `/run/nut/${driver}-${name}`,
});

Deno.test({
  ...pure,
  name: "UpsTable keeps ups.conf order, finds names without regard to case, and syncs on reload",
  fn() {
    const t = new UpsTable();
    const first = t.sync([def("b"), def("A"), def("c")]);
    assertEquals(first.added.map((u) => u.name), ["b", "A", "c"]);
    const a = t.find("a")!;
    a.fsd = true;
    a.numLogins = 2;
    const second = t.sync([def("new"), def("a", "dummy-ups", "desc"), def("b", "other")]);
    assertEquals(t.list().map((u) => u.name), ["new", "A", "b"]);
    assertEquals(second.added.map((u) => u.name), ["new"]);
    assertEquals(second.removed.map((u) => u.name), ["c"]);
    // "A" is now spelled "a": its socket name changes with it, as in NUT (it keeps its first spelling).
    assertEquals(second.moved.map((u) => [u.name, u.socketPath]), [["A", "/run/nut/dummy-ups-a"], [
      "b",
      "/run/nut/other-b",
    ]]);
    assertEquals(t.find("A"), a);
    assertEquals([a.fsd, a.numLogins, a.desc], [true, 2, "desc"]);
    assertEquals(t.find("c"), undefined);
    t.sync([def("x"), def("X")]);
    assertEquals(t.list().map((u) => u.name), ["x"]);
  },
});

Deno.test({
  ...pure,
  name: "Ups serves ups.status with the FSD latch and caches LIST VAR per spelling until a change",
  fn() {
    const t = new UpsTable();
    t.sync([def("ups1")]);
    const u = t.find("ups1")!;
    u.state.setInfo("ups.status", "OL");
    u.state.setInfo("battery.charge", "90");
    u.state.setFlags("battery.charge", ["RW"]);
    assertEquals(u.listBody("VAR", "UPS1"), 'VAR UPS1 battery.charge "90"\nVAR UPS1 ups.status "OL"\n');
    u.fsd = true;
    assertEquals(u.value("UPS.STATUS"), "FSD OL");
    assertEquals(u.listBody("VAR", "ups1"), 'VAR ups1 battery.charge "90"\nVAR ups1 ups.status "FSD OL"\n');
    assertEquals(u.listBody("RW", "ups1"), 'RW ups1 battery.charge "90"\n');
    u.state.setInfo("battery.charge", "80");
    assertEquals(u.listBody("RW", "ups1"), 'RW ups1 battery.charge "80"\n');
    u.resetState();
    assertEquals([u.listBody("VAR", "ups1"), u.value("ups.status")], ["", undefined]);
  },
});
