import { assertEquals } from "../testing/asserts.ts";
import { Logger } from "../log.ts";
import { compileFormat } from "./format.ts";
import { type LoggedSystem, UpsLogger, type ValueReader } from "./logger.ts";
import type { LogTarget } from "./targets.ts";

function memoryTarget(lines: string[]): LogTarget {
  return { name: "mem", write: (l) => lines.push(l), reopen: () => Promise.resolve(), close() {} };
}

function reader(values: Record<string, string>, reads: string[][], closes: { n: number }): ValueReader {
  return {
    values(names) {
      reads.push([...names]);
      return Promise.resolve(new Map(names.map((n) => [n, values[n]])));
    },
    close() {
      closes.n++;
    },
  };
}

function setup(interval: number, maxLoops = 0) {
  const lines: string[] = [];
  const reads: string[][] = [];
  const closes = { n: 0 };
  const messages: string[] = [];
  let reopened = 0;
  const systems: LoggedSystem[] = [
    { monhost: "a@h", target: memoryTarget(lines), source: reader({ "ups.status": "OL" }, reads, closes) },
    { monhost: "b@h", target: memoryTarget(lines), source: reader({ "ups.status": "OB" }, reads, closes) },
  ];
  const logger = new UpsLogger({
    systems,
    items: compileFormat("%UPSHOST% %VAR ups.status% %VAR x.y%"),
    interval,
    maxLoops,
    hostname: "h",
    pid: 1,
    reopen: () => Promise.resolve(void reopened++),
    log: new Logger({ sink: (_s, m) => messages.push(m) }),
  });
  return { logger, lines, reads, closes, messages, reopened: () => reopened };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("UpsLogger logs every system at once, then after each wake, and stops after -d loops", async () => {
  const s = setup(60, 3);
  const done = s.logger.run();
  await until(() => s.lines.length === 2);
  assertEquals(s.lines, ["a@h OL NA", "b@h OB NA"]);
  assertEquals(s.reads, [["ups.status", "x.y"], ["ups.status", "x.y"]]);
  s.logger.wake(); // SIGUSR1
  await until(() => s.lines.length === 4);
  s.logger.wake();
  assertEquals(await done, 1);
  assertEquals(s.lines.length, 6);
  assertEquals(s.messages, ["3 loops have elapsed", "Signal 1: exiting"]);
  // Interval > 30 s: connections are dropped after each poll (and at the end).
  assertEquals(s.closes.n, 6 + 2);
});

Deno.test("UpsLogger: SIGHUP reopens before the next line; a stop during the sleep still logs a last line", async () => {
  const s = setup(30);
  const done = s.logger.run();
  await until(() => s.lines.length === 2);
  s.logger.requestReopen(1);
  await until(() => s.lines.length === 4);
  assertEquals(s.reopened(), 1);
  s.logger.requestExit(15);
  assertEquals(await done, 15);
  assertEquals(s.lines.length, 6);
  assertEquals(s.messages, ["Signal 1: reopening log file", "Signal 15: exiting"]);
  // Interval <= 30 s: connections stay open between polls.
  assertEquals(s.closes.n, 2);
});
