/**
 * dummy-ups behaviour in the framework, in this process: modes chosen from the port's extension or the
 * `mode` option, sequences with TIMER (woken precisely, looping), dummy-once re-reading a touched file,
 * ALARM, relative ports under NUT_CONFPATH, SET rules, and load.off.
 * @module
 */
import { join } from "node:path";
import { buildInstanceConfig } from "../lib/driver/instance_config.ts";
import { DriverStartError, startDriverInstance } from "../lib/driver/instance.ts";
import { dummyUps } from "../lib/drivers/dummy_ups/mod.ts";
import { silentLogger } from "../lib/log.ts";
import { assert, assertEquals, assertRejects } from "../lib/testing/asserts.ts";
import { SockPeer } from "./driver_helpers.ts";
import { tempDir } from "./helpers.ts";

async function start(confPath: string, statePath: string, port: string, extra: Record<string, string> = {}) {
  const items = [{ key: "port", value: port, origin: "-x" }];
  for (const [key, value] of Object.entries(extra)) items.push({ key, value, origin: "-x" });
  return await startDriverInstance({
    program: dummyUps,
    config: buildInstanceConfig({ program: dummyUps, upsName: "d", extra: items, pollInterval: 30 }),
    statePath,
    confPath,
    log: silentLogger(),
  });
}

Deno.test("dummy-ups picks its mode from the port as NUT 2.8.0 does, and refuses an unknown mode", async () => {
  await using dir = await tempDir();
  for (const name of ["a.dev", "a.seq", "a.txt"]) await dir.write(name, "ups.mfr: x\n");
  const cases: [string, Record<string, string>, string][] = [
    ["a.dev", {}, "dummy-once"],
    ["a.seq", {}, "dummy-loop"],
    ["a.txt", {}, "dummy"],
    ["a.dev", { mode: "dummy-loop" }, "dummy-loop"],
    ["a.seq", { mode: "dummy" }, "dummy-loop"],
    ["a.seq", { mode: "dummy-once" }, "dummy-once"],
  ];
  for (const [port, extra, mode] of cases) {
    await using drv = await start(dir.path, dir.path, port, extra);
    assertEquals(drv.state.getValue("driver.parameter.mode"), mode, `${port} ${JSON.stringify(extra)}`);
  }
  await assertRejects(
    () => start(dir.path, dir.path, "a.dev", { mode: "meta" }),
    DriverStartError,
    "Unsupported mode",
  );
  await assertRejects(
    () => start(dir.path, dir.path, "missing.dev"),
    DriverStartError,
    "Can't open dummy-ups definition file",
  );
});

Deno.test("a .seq file plays its TIMER steps on time (woken, not only at pollinterval) and loops", async () => {
  await using dir = await tempDir();
  await dir.write(
    "story.seq",
    "ups.status: OL\nbattery.charge: 100\nTIMER 1\nups.status: OB DISCHRG\nbattery.charge: 80\nTIMER 1\n",
  );
  await using drv = await start(dir.path, dir.path, "story.seq");
  using p = await SockPeer.connect(drv.socketPath);
  const first = await p.dumpAll();
  assert(first.includes('SETINFO ups.status "OL"'));
  // pollinterval is 30 s: these arrive because the TIMER wakes the driver.
  assertEquals(await p.until((l) => l.includes("battery.charge"), 5000), [
    'SETINFO ups.status "OB DISCHRG"',
    'SETINFO battery.charge "80"',
  ]);
  assertEquals(await p.until((l) => l.includes("battery.charge"), 5000), [
    'SETINFO ups.status "OL"',
    'SETINFO battery.charge "100"',
  ]);
});

Deno.test("dummy-once keeps SET values until the file changes, then reads it again", async () => {
  await using dir = await tempDir();
  const file = await dir.write("ups.dev", "ups.id: rack\nups.mfr: Acme\n");
  await using drv = await start(dir.path, dir.path, "ups.dev");
  using p = await SockPeer.connect(drv.socketPath);
  await p.dumpAll();
  await p.send('SET ups.id "Data room" TRACKING a');
  assertEquals(await p.until((l) => l.startsWith("TRACKING")), [
    'SETINFO ups.id "Data room"',
    "TRACKING a 0",
  ]);
  await drv.update();
  assertEquals(drv.state.getValue("ups.id"), "Data room");
  await Deno.writeTextFile(file, "ups.id: rack 2\nups.mfr: Acme\n");
  await Deno.utime(file, new Date(), new Date(Date.now() + 10_000));
  await drv.update();
  assertEquals(await p.until((l) => l.includes("ups.id")), ['SETINFO ups.id "rack 2"']);
});

Deno.test("SET follows dummy-ups' rules: typed as its table, empty removes, no new variables, no driver.*", async () => {
  await using dir = await tempDir();
  await dir.write("ups.dev", "ups.firmware: 1.0\nbattery.charge: 90\nups.alarm: old\n");
  await using drv = await start(dir.path, dir.path, "ups.dev");
  using p = await SockPeer.connect(drv.socketPath);
  await p.dumpAll();
  const ask = async (line: string, id: string) => {
    await p.send(`${line} TRACKING ${id}`);
    return await p.until((l) => l.startsWith(`TRACKING ${id}`));
  };
  assertEquals(await ask("SET battery.charge 50", "1"), ['SETINFO battery.charge "50"', "TRACKING 1 0"]);
  assertEquals(await ask('SET ups.alarm ""', "2"), ["DELINFO ups.alarm", "TRACKING 2 0"]);
  assertEquals(await ask("SET ups.new 1", "3"), ["TRACKING 3 1"]);
  assertEquals(await ask("SET driver.parameter.port other", "4"), ["TRACKING 4 1"]);
  assertEquals(await ask("INSTCMD load.off", "5"), ["TRACKING 5 1"]);
  assertEquals(drv.state.hasCommand("load.off"), true);
});

Deno.test("ALARM lines raise ups.alarm and put ALARM in front of ups.status", async () => {
  await using dir = await tempDir();
  await dir.write("alarm.dev", "ups.status: OL\nALARM [UPS too warm to charge]\nALARM [Overheat]\n");
  await using drv = await start(dir.path, dir.path, "alarm.dev");
  assertEquals(drv.state.getValue("ups.status"), "ALARM OL");
  assertEquals(drv.state.getValue("ups.alarm"), "[UPS too warm to charge] [Overheat]");
});

Deno.test("a relative port is read from NUT_CONFPATH, an absolute one as is", async () => {
  await using conf = await tempDir();
  await using state = await tempDir();
  const abs = await conf.write("abs.dev", "ups.id: absolute\n");
  await conf.write("rel.dev", "ups.id: relative\n");
  await using a = await start(conf.path, state.path, "rel.dev");
  assertEquals(a.state.getValue("ups.id"), "relative");
  await a.stop();
  await using b = await start(state.path, state.path, abs);
  assertEquals(b.state.getValue("ups.id"), "absolute");
  assertEquals(b.state.getValue("driver.parameter.port"), abs);
  assertEquals(join(conf.path, "abs.dev"), abs);
});
