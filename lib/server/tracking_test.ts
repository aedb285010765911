import { assertEquals } from "../testing/asserts.ts";
import { TrackingTable } from "./tracking.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "TrackingTable forgets results after TRACKINGDELAY and unknown ids read ERR UNKNOWN",
  fn() {
    let now = 1000;
    const t = new TrackingTable({ delaySeconds: 10, now: () => now });
    t.add("A");
    now += 5000;
    t.add("B");
    assertEquals(t.set("a", 3), true);
    assertEquals([t.result("A"), t.result("b")], ["ERR FAILED", "PENDING"]);
    now += 6000; // A is 11 s old, B 6 s
    assertEquals([t.result("A"), t.result("B")], ["ERR UNKNOWN", "PENDING"]);
    t.prune();
    assertEquals(t.size, 1);
    assertEquals(t.set("A", 0), false);
    t.delaySeconds = 1;
    assertEquals(t.result("B"), "ERR UNKNOWN");
  },
});

Deno.test({
  ...pure,
  name: "TrackingTable keeps at most maxEntries, dropping the oldest",
  fn() {
    const t = new TrackingTable({ delaySeconds: 3600, maxEntries: 3 });
    for (const id of ["1", "2", "3", "4"]) t.add(id);
    assertEquals(t.size, 3);
    assertEquals([t.result("1"), t.result("4")], ["ERR UNKNOWN", "PENDING"]);
  },
});
