import { assertEquals } from "../testing/asserts.ts";
import type { SchedRequest } from "./protocol.ts";
import { formatTimerRows, timerEnvironment, TimerQueue } from "./timers.ts";

type Start = Extract<SchedRequest, { kind: "START" }>;
type Cancel = Extract<SchedRequest, { kind: "CANCEL" }>;

function start(
  name: string,
  seconds: string,
  upsName = "ups1",
  notifyType = "ONBATT",
  shared = false,
): Start {
  return { kind: "START", shared, name, seconds, notifyType, upsName, message: `${upsName} ${notifyType}` };
}

function cancel(name: string, extra: Partial<Cancel> = {}): Cancel {
  return { kind: "CANCEL", matched: false, name, notifyType: "", upsName: "", message: "", ...extra };
}

Deno.test({
  name: "TimerQueue fires each timer once, when due, in start order (injected clock)",
  permissions: "none",
  fn() {
    const q = new TimerQueue();
    q.start(start("b", "20"), 1_000);
    q.start(start("a", "10"), 1_000);
    q.start(start("c", "10"), 2_000);
    assertEquals(q.nextDue, 11_000);
    assertEquals(q.takeDue(10_999).map((t) => t.name), []);
    assertEquals(q.takeDue(11_000).map((t) => t.name), ["a"]);
    assertEquals(q.takeDue(50_000).map((t) => t.name), ["b", "c"]);
    assertEquals([q.size, q.nextDue], [0, undefined]);
  },
});

Deno.test({
  name: "TimerQueue reads seconds like strtol and ignores a negative offset",
  permissions: "none",
  fn() {
    const q = new TimerQueue();
    assertEquals(q.start(start("neg", "-1"), 0).kind, "bogus");
    q.start(start("garbage", "abc"), 0);
    q.start(start("suffix", "5s"), 0);
    assertEquals(q.timers.map((t) => [t.name, t.due]), [["garbage", 0], ["suffix", 5000]]);
  },
});

Deno.test({
  name: "TimerQueue: a plain START adds a timer even under a running name; CANCEL removes them all",
  permissions: "none",
  fn() {
    const q = new TimerQueue();
    q.start(start("t", "10"), 0);
    q.start(start("t", "20"), 0);
    q.start(start("other", "20"), 0);
    assertEquals(q.size, 3);
    assertEquals(q.cancel(cancel("t")).length, 2);
    assertEquals(q.cancel(cancel("t")).length, 0);
    assertEquals(q.timers.map((t) => t.name), ["other"]);
  },
});

Deno.test({
  name: "TimerQueue: a shared START joins the running timer and collects distinct UPS names and types",
  permissions: "none",
  fn() {
    const q = new TimerQueue();
    q.start(start("grp", "10", "ups1", "COMMBAD", true), 0);
    assertEquals(q.start(start("grp", "99", "ups2", "COMMBAD", true), 5_000).kind, "joined");
    q.start(start("grp", "99", "ups1", "NOCOMM", true), 6_000);
    assertEquals(q.size, 1);
    const [t] = q.timers;
    assertEquals([t.due, t.upsNames, t.notifyTypes], [10_000, ["ups1", "ups2"], ["COMMBAD", "NOCOMM"]]);
    assertEquals(timerEnvironment(t), {
      UPSNAME: "ups1,ups2",
      NOTIFYTYPE: "COMMBAD,NOCOMM",
      NOTIFYMSG: "ups1 COMMBAD.\tups2 COMMBAD.\tups1 NOCOMM",
    });
  },
});

Deno.test({
  name: "TimerQueue: a matched CANCEL spares timers of other UPSes and notify types",
  permissions: "none",
  fn() {
    const q = new TimerQueue();
    q.start(start("w", "10", "ups1", "ONBATT"), 0);
    q.start(start("w", "10", "ups2", "ONBATT"), 0);
    assertEquals(q.cancel(cancel("w", { matched: true, upsName: "ups2", notifyType: "ONBATT" })).length, 1);
    assertEquals(q.cancel(cancel("w", { matched: true, upsName: "ups1", notifyType: "ONLINE" })).length, 0);
    assertEquals(q.timers.map((t) => t.upsNames), [["ups1"]]);
    // Without UPS name and type, a matched cancel is a plain cancel.
    assertEquals(q.cancel(cancel("w", { matched: true })).length, 1);
  },
});

Deno.test({
  name: "formatTimerRows() prints NUT's TAB-separated listing",
  permissions: "none",
  fn() {
    const q = new TimerQueue();
    q.start({ ...start("onbatt", "30"), message: "" }, 1_700_000_000_000);
    assertEquals(formatTimerRows(q.timers, 1_700_000_001_500), [
      'onbatt\t1700000030\t28.5\tONBATT\tups1\t""',
    ]);
  },
});
