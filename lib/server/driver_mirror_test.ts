import { assertEquals } from "../testing/asserts.ts";
import { DriverMirror } from "./driver_mirror.ts";
import { Ups } from "./ups.ts";
import { splitWords } from "../words/split.ts";

const pure = { permissions: "none" } as const;

function mirror() {
  const ups = new Ups({ name: "ups1", driver: "dummy-ups", socketPath: "/x/dummy-ups-ups1" });
  return { ups, m: new DriverMirror(ups) };
}

Deno.test({
  ...pure,
  name: "DriverMirror applies a dump: WAIT until the driver's status, flags, aux, enums, ranges, commands",
  fn() {
    const { ups, m } = mirror();
    m.connected(0);
    assertEquals(ups.state.getValue("ups.status"), "WAIT");
    const dump = [
      'SETINFO ups.status "OB LB"',
      'SETINFO ups.id "a \\"b\\""',
      "SETFLAGS ups.id RW STRING",
      "SETAUX ups.id 8",
      'SETINFO input.transfer.low "100"',
      'ADDENUM input.transfer.low "100"',
      'ADDENUM input.transfer.low "103"',
      "ADDRANGE input.transfer.low 90 110",
      "ADDCMD load.off",
      "DATAOK",
      "DUMPDONE",
    ];
    for (const l of dump) assertEquals(m.apply(splitWords(l), 1), undefined, l);
    const id = ups.state.get("ups.id")!;
    assertEquals([id.value, id.flags, id.aux], ['a "b"', ["RW", "STRING"], 8]);
    assertEquals(ups.state.get("input.transfer.low")!.enums, ["100", "103"]);
    assertEquals(ups.state.get("input.transfer.low")!.ranges, [{ min: 90, max: 110 }]);
    assertEquals([ups.state.getValue("ups.status"), ups.state.hasCommand("LOAD.OFF"), m.dumpDone], [
      "OB LB",
      true,
      true,
    ]);
  },
});

Deno.test({
  ...pure,
  name: "DriverMirror is stale on DATASTALE after the dump, or when the driver is silent beyond MAXAGE",
  fn() {
    const { m } = mirror();
    m.connected(0);
    // Before DUMPDONE, DATASTALE/DATAOK do not count (NUT), only silence does.
    m.apply(["DATASTALE"], 100);
    assertEquals(m.stale(200, 15_000), false);
    m.apply(["DUMPDONE"], 300);
    assertEquals(m.stale(400, 15_000), true);
    m.apply(["DATAOK"], 500);
    assertEquals(m.stale(600, 15_000), false);
    assertEquals(m.stale(15_501, 15_000), true);
    m.apply(["PONG"], 16_000);
    assertEquals(m.stale(16_001, 15_000), false);
  },
});

Deno.test({
  ...pure,
  name: "DriverMirror reports TRACKING answers and bad lines, and ignores what NUT ignores",
  fn() {
    const { ups, m } = mirror();
    m.connected(0);
    assertEquals(m.apply(["TRACKING", "ABC", "3"], 5), { kind: "TRACKING", id: "ABC", status: 3 });
    assertEquals(m.apply(["SETINFO"], 6)?.kind, "BAD_LINE");
    assertEquals(m.apply(["NONSENSE", "x"], 6)?.kind, "BAD_LINE");
    assertEquals(m.apply(["SETAUX", "x", "many"], 6)?.kind, "BAD_LINE");
    ups.state.setInfo("v", "1");
    ups.state.setFlags("v", ["RW"]);
    assertEquals(m.apply(["SETFLAGS", "v"], 7), undefined);
    assertEquals(ups.state.get("v")!.flags, ["RW"]);
    assertEquals(m.apply(["ADDRANGE", "v", "5", "1"], 8)?.kind, "BAD_LINE");
    assertEquals(ups.state.get("v")!.ranges, []);
    m.disconnected();
    assertEquals([ups.state.size, m.dumpDone], [0, false]);
  },
});
