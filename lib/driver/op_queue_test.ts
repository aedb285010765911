import { assertEquals, assertRejects } from "../testing/asserts.ts";
import { OperationTimeout, OpQueue, QueueFullError, withTimeout } from "./op_queue.ts";

Deno.test({
  permissions: "none",
  name: "OpQueue runs operations one at a time, in order",
  async fn() {
    const q = new OpQueue();
    const log: string[] = [];
    const op = (name: string, ms: number) => () =>
      new Promise<string>((r) => {
        log.push(`start ${name}`);
        setTimeout(() => {
          log.push(`end ${name}`);
          r(name);
        }, ms);
      });
    const results = await Promise.all([q.run("a", 1000, op("a", 20)), q.run("b", 1000, op("b", 1))]);
    assertEquals(results, ["a", "b"]);
    assertEquals(log, ["start a", "end a", "start b", "end b"]);
  },
});

Deno.test({
  permissions: "none",
  name: "OpQueue abandons a hung operation at its deadline, aborts its signal, and moves on",
  async fn() {
    const q = new OpQueue();
    let aborted = false;
    const hung = q.run("hung", 30, (signal) =>
      new Promise<void>(() => {
        signal.addEventListener("abort", () => aborted = true);
      }));
    const next = q.run("next", 1000, () => "ok");
    await assertRejects(() => hung, OperationTimeout, "hung did not finish within 30 ms");
    assertEquals(await next, "ok");
    assertEquals(aborted, true);
  },
});

Deno.test({
  permissions: "none",
  name: "OpQueue refuses work beyond its bound and after the outer signal aborts",
  async fn() {
    const outer = new AbortController();
    const q = new OpQueue(1, outer.signal);
    let release!: () => void;
    const first = q.run("first", 1000, () => new Promise<void>((r) => release = r));
    await assertRejects(() => q.run("second", 1000, () => 1), QueueFullError);
    release();
    await first;
    outer.abort(new Error("stopping"));
    await assertRejects(() => q.run("third", 1000, () => 1), QueueFullError, "stopping");
  },
});

Deno.test({
  permissions: "none",
  name: "withTimeout() passes results and errors through",
  async fn() {
    assertEquals(await withTimeout("x", 1000, () => 5), 5);
    await assertRejects(() =>
      withTimeout("x", 1000, () => {
        throw new RangeError("bad");
      }), RangeError);
  },
});
