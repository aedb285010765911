/**
 * The driver framework on its Unix socket, in this process, with scripted drivers: NUT's socket
 * protocol (DUMPALL order, DUMPVALUE/DUMPSTATUS, PING, GETPID, LOGOUT, broadcasts and NOBROADCAST,
 * INSTCMD/SET with TRACKING), staleness owned by the framework, isolation of instances sharing a
 * process, takeover, PID files and start-up failures.
 * @module
 */
import { join } from "node:path";
import { buildInstanceConfig, type ConfigItem } from "../lib/driver/instance_config.ts";
import { DriverStartError, type DriverTimeouts, startDriverInstance } from "../lib/driver/instance.ts";
import type { Driver, DriverContext, DriverProgram } from "../lib/driver/types.ts";
import { silentLogger } from "../lib/log.ts";
import { HANDLER_STATUS, type HandlerStatus } from "../lib/sock/messages.ts";
import { assert, assertEquals, assertRejects } from "../lib/testing/asserts.ts";
import { SockPeer } from "./driver_helpers.ts";
import { tempDir, waitFor } from "./helpers.ts";

/** A scripted device: what each lifecycle call does. */
interface Script {
  initInfo?: (ctx: DriverContext) => void | Promise<void>;
  update?: (ctx: DriverContext, n: number) => void | Promise<void>;
  instCmd?: (name: string, param: string | undefined) => HandlerStatus | Promise<HandlerStatus>;
  setVar?: (name: string, value: string, ctx: DriverContext) => HandlerStatus | Promise<HandlerStatus>;
  shutdown?: () => void;
  staleAfterFailures?: number;
}

function scripted(script: Script): DriverProgram {
  return {
    name: "fake-ups",
    description: "Scripted test driver",
    version: "1.0",
    vars: [{ kind: "VALUE", name: "model", description: "model name" }],
    staleAfterFailures: script.staleAfterFailures,
    // The socket's own lines only (driver.state and driver.lastupdate: lib/driver/instance_test.ts).
    reportsLifecycle: false,
    create(ctx): Driver {
      let n = 0;
      return {
        initUps() {},
        async initInfo() {
          ctx.state.setInfo("ups.mfr", "Fake");
          ctx.state.setInfo("ups.model", ctx.params.get("model") ?? "Model");
          ctx.state.setInfo("ups.status", "OL");
          ctx.state.addCmd("load.off");
          ctx.state.addCmd("beeper.enable");
          await script.initInfo?.(ctx);
        },
        async updateInfo() {
          await script.update?.(ctx, n++);
        },
        shutdown() {
          if (!script.shutdown) throw new Error("shutdown not supported");
          script.shutdown();
        },
        instCmd: script.instCmd ? (name, param) => script.instCmd!(name, param) : undefined,
        setVar: script.setVar ? (name, value) => script.setVar!(name, value, ctx) : undefined,
      };
    },
  };
}

interface StartOptions {
  ups?: string;
  extra?: string[];
  timeouts?: Partial<DriverTimeouts>;
  pid?: boolean;
}

async function start(state: string, program: DriverProgram, o: StartOptions = {}) {
  const extra: ConfigItem[] = [{ key: "port", value: "fake", origin: "-x" }];
  for (const x of o.extra ?? []) {
    const [k, v] = x.split("=");
    extra.push({ key: k, value: v, origin: "-x" });
  }
  const config = buildInstanceConfig({ program, upsName: o.ups ?? "u1", extra, pollInterval: 1 });
  return await startDriverInstance({
    program,
    config,
    statePath: state,
    confPath: state,
    pidPath: o.pid ? state : undefined,
    log: silentLogger(),
    timeouts: o.timeouts,
  });
}

Deno.test("the driver socket answers DUMPALL in NUT's order, DUMPVALUE, DUMPSTATUS, PING, GETPID and LOGOUT", async () => {
  await using dir = await tempDir();
  await using drv = await start(dir.path, scripted({}), { extra: ["model=X1", "override.ups.mfr=Mine"] });
  using peer = await SockPeer.connect(drv.socketPath);
  const dump = await peer.dumpAll();
  assertEquals(dump.filter((l) => !l.includes("driver.version")), [
    'SETINFO device.mfr "Mine"',
    'SETINFO device.model "X1"',
    'SETINFO device.type "ups"',
    'SETINFO driver.name "fake-ups"',
    'SETINFO driver.parameter.model "X1"',
    'SETINFO driver.parameter.pollinterval "1"',
    'SETINFO driver.parameter.port "fake"',
    'SETINFO driver.parameter.synchronous "auto"',
    'SETINFO ups.mfr "Mine"',
    "SETFLAGS ups.mfr",
    'SETINFO ups.model "X1"',
    'SETINFO ups.status "OL"',
    "ADDCMD beeper.enable",
    "ADDCMD load.off",
    "DATAOK",
    "DUMPDONE",
  ]);
  await peer.send("DUMPVALUE ups.model");
  assertEquals(await peer.until((l) => l === "DUMPDONE"), ['SETINFO ups.model "X1"', "DATAOK", "DUMPDONE"]);
  await peer.send("DUMPVALUE no.such.var");
  assertEquals(await peer.until((l) => l === "DUMPDONE"), ["DATAOK", "DUMPDONE"]);
  await peer.send("dumpstatus");
  assertEquals(await peer.until((l) => l === "DUMPDONE"), ['SETINFO ups.status "OL"', "DATAOK", "DUMPDONE"]);
  await peer.send("PING");
  assertEquals(await peer.until((l) => l === "PONG"), ["PONG"]);
  await peer.send("GETPID");
  assertEquals(await peer.until((l) => l.startsWith("PID")), [`PID ${Deno.pid}`]);
  await peer.send("LOGOUT");
  assertEquals(await peer.until((l) => l.startsWith("OK")), ["OK Goodbye"]);
  await waitFor(() => peer.closed, "the driver to close the connection");
});

Deno.test("the driver socket ignores junk and unknown requests and keeps the connection", async () => {
  await using dir = await tempDir();
  await using drv = await start(dir.path, scripted({}));
  using peer = await SockPeer.connect(drv.socketPath);
  await peer.send("HELLO world");
  await peer.send('SET "a#b"');
  await peer.send("INSTCMD");
  await peer.send("");
  await peer.send("PING");
  assertEquals(await peer.until((l) => l === "PONG"), ["PONG"]);
});

Deno.test("changes are pushed to every client only when something changed; NOBROADCAST clients get none", async () => {
  await using dir = await tempDir();
  const program = scripted({
    update: (ctx, n) => {
      ctx.state.setInfo("battery.charge", String(n < 2 ? 100 : 90));
    },
  });
  await using drv = await start(dir.path, program);
  using a = await SockPeer.connect(drv.socketPath);
  using b = await SockPeer.connect(drv.socketPath);
  await a.dumpAll();
  await b.dumpAll();
  await b.send("NOBROADCAST");
  await b.send("PING");
  await b.until((l) => l === "PONG");
  await drv.update(); // n = 1: still 100, nothing to say
  await drv.update(); // n = 2: 90
  assertEquals(await a.until((l) => l.includes("battery.charge")), ['SETINFO battery.charge "90"']);
  assertEquals(await b.drain(), []);
  await b.send("BROADCAST");
  await b.send("PING");
  await b.until((l) => l === "PONG");
  // SET through the socket is a change too.
  await a.send("SET battery.charge 80");
  assertEquals(await a.drain(), []); // no setVar handler: nothing changes
  await drv.update();
  assertEquals(await a.drain(), []);
  await b.send("BROADCAST 0");
  await b.send("PING");
  await b.until((l) => l === "PONG");
  assertEquals(await b.drain(), []);
});

Deno.test("INSTCMD and SET are answered with TRACKING results from the driver's handlers", async () => {
  await using dir = await tempDir();
  const program = scripted({
    instCmd: (name, param) => {
      if (name === "load.off" && param === undefined) return HANDLER_STATUS.HANDLED;
      if (name === "load.off") return HANDLER_STATUS.INVALID;
      if (name === "beeper.enable") throw new Error("device said no");
      return HANDLER_STATUS.UNKNOWN;
    },
    setVar: (name, value, ctx) => {
      if (name !== "ups.id") return HANDLER_STATUS.UNKNOWN;
      ctx.state.setInfo(name, value);
      return HANDLER_STATUS.HANDLED;
    },
  });
  await using drv = await start(dir.path, program);
  using p = await SockPeer.connect(drv.socketPath);
  await p.send("INSTCMD load.off TRACKING t1");
  assertEquals(await p.until((l) => l.startsWith("TRACKING t1")), ["TRACKING t1 0"]);
  await p.send("INSTCMD load.off 10 TRACKING t2");
  assertEquals(await p.until((l) => l.startsWith("TRACKING t2")), ["TRACKING t2 2"]);
  await p.send("INSTCMD beeper.enable TRACKING t3");
  assertEquals(await p.until((l) => l.startsWith("TRACKING t3")), ["TRACKING t3 3"]);
  await p.send("INSTCMD no.such TRACKING t4");
  assertEquals(await p.until((l) => l.startsWith("TRACKING t4")), ["TRACKING t4 1"]);
  await p.send('SET ups.id "Data room" TRACKING t5');
  assertEquals(await p.until((l) => l.startsWith("TRACKING t5")), [
    'SETINFO ups.id "Data room"',
    "TRACKING t5 0",
  ]);
  await p.send("SET ups.other x TRACKING t6");
  assertEquals(await p.until((l) => l.startsWith("TRACKING t6")), ["TRACKING t6 1"]);
  // Without TRACKING nothing is answered, but the command runs.
  await p.send("SET ups.id again");
  assertEquals(await p.until((l) => l.includes("again")), ['SETINFO ups.id "again"']);
});

Deno.test("a device that stops answering goes stale (framework policy) and recovers", async () => {
  await using dir = await tempDir();
  let mode: "ok" | "fail" | "hang" = "ok";
  const program = scripted({
    update: () => {
      if (mode === "fail") throw new Error("no reply");
      if (mode === "hang") return new Promise<void>(() => {});
    },
    staleAfterFailures: 2,
  });
  await using drv = await start(dir.path, program, { timeouts: { updateMs: 100 } });
  using p = await SockPeer.connect(drv.socketPath);
  assertEquals((await p.dumpAll()).at(-2), "DATAOK");
  mode = "fail";
  assertEquals(await drv.update(), false);
  assertEquals(drv.state.stale, false); // one failure is tolerated by this driver
  assertEquals(await drv.update(), false);
  assertEquals(await p.until((l) => l === "DATASTALE"), ["DATASTALE"]);
  assertEquals((await p.dumpAll())[0], "DATASTALE");
  mode = "ok";
  assertEquals(await drv.update(), true);
  assertEquals(await p.until((l) => l === "DATAOK"), ["DATAOK"]);
  mode = "hang";
  await drv.update();
  await drv.update();
  assertEquals(await p.until((l) => l === "DATASTALE"), ["DATASTALE"]);
  // Requests are still answered while the device hangs.
  await p.send("PING");
  await p.until((l) => l === "PONG");
  mode = "ok";
  assertEquals(await drv.update(), true);
  assert(!drv.state.stale);
});

Deno.test("the poll loop calls updateInfo every pollinterval", async () => {
  await using dir = await tempDir();
  const program = scripted({ update: (ctx, n) => void ctx.state.setInfo("ups.counter", String(n)) });
  await using drv = await start(dir.path, program);
  using p = await SockPeer.connect(drv.socketPath);
  await p.dumpAll();
  const lines = await p.until((l) => l === 'SETINFO ups.counter "2"', 5000);
  assertEquals(lines, ['SETINFO ups.counter "1"', 'SETINFO ups.counter "2"']);
});

Deno.test("instances sharing a process stay independent when one hangs or throws", async () => {
  await using dir = await tempDir();
  const hung = scripted({
    update: () => new Promise<void>(() => {}),
    instCmd: () => new Promise<HandlerStatus>(() => {}),
  });
  const broken = scripted({
    update: () => {
      throw new TypeError("bug in the driver");
    },
    setVar: () => {
      throw new TypeError("bug in the driver");
    },
  });
  const fine = scripted({ update: (ctx, n) => void ctx.state.setInfo("ups.counter", String(n)) });
  const timeouts = { updateMs: 200, commandMs: 200, initMs: 500 };
  await using a = await start(dir.path, hung, { ups: "hung", timeouts });
  await using b = await start(dir.path, broken, { ups: "broken", timeouts });
  await using c = await start(dir.path, fine, { ups: "fine", timeouts });
  assertEquals([a.state.stale, b.state.stale, c.state.stale], [true, true, false]);
  using pa = await SockPeer.connect(a.socketPath);
  using pb = await SockPeer.connect(b.socketPath);
  using pc = await SockPeer.connect(c.socketPath);
  await pa.send("INSTCMD load.off TRACKING x");
  await pb.send("SET ups.id y TRACKING y");
  assertEquals(await pa.until((l) => l.startsWith("TRACKING")), ["TRACKING x 3"]);
  assertEquals(await pb.until((l) => l.startsWith("TRACKING")), ["TRACKING y 3"]);
  assertEquals((await pc.dumpAll()).at(-2), "DATAOK");
  assertEquals((await pa.dumpAll())[0], "DATASTALE");
  await c.update();
  assert(!c.state.stale);
});

Deno.test("a second instance of the same device takes over: the first one exits, the PID file follows", async () => {
  await using dir = await tempDir();
  const first = await start(dir.path, scripted({}), { pid: true });
  const pidFile = join(dir.path, "fake-ups-u1.pid");
  assertEquals((await Deno.readTextFile(pidFile)).trim(), String(Deno.pid));
  await using second = await start(dir.path, scripted({}), { pid: true, extra: ["model=Second"] });
  assertEquals(await first.stopped, "exit-request");
  using p = await SockPeer.connect(second.socketPath);
  assert((await p.dumpAll()).includes('SETINFO ups.model "Second"'));
  assertEquals((await Deno.readTextFile(pidFile)).trim(), String(Deno.pid));
  await second.stop();
  await assertRejects(() => Deno.stat(pidFile), Deno.errors.NotFound);
  await assertRejects(() => Deno.stat(second.socketPath), Deno.errors.NotFound);
});

Deno.test("a failed start-up releases the socket and the PID file", async () => {
  await using dir = await tempDir();
  const program = scripted({
    initInfo: () => {
      throw new Error("no UPS found");
    },
  });
  await assertRejects(() => start(dir.path, program, { pid: true }), DriverStartError, "no UPS found");
  const left = [];
  for await (const e of Deno.readDir(dir.path)) left.push(e.name);
  assertEquals(left, []);
});

Deno.test("ignorelb without charge or runtime thresholds is refused, as NUT does", async () => {
  await using dir = await tempDir();
  await assertRejects(
    () => start(dir.path, scripted({}), { extra: ["ignorelb"] }),
    DriverStartError,
    "The 'ignorelb' flag is set, but there is no way to determine",
  );
});

Deno.test("driver.killpower is offered and run only with allow_killpower", async () => {
  await using dir = await tempDir();
  let killed = 0;
  const program = scripted({ shutdown: () => void killed++ });
  {
    await using drv = await start(dir.path, program);
    assertEquals(drv.state.hasCommand("driver.killpower"), false);
    using p = await SockPeer.connect(drv.socketPath);
    await p.send("INSTCMD driver.killpower TRACKING k");
    assertEquals(await p.until((l) => l.startsWith("TRACKING")), ["TRACKING k 1"]);
  }
  await using drv = await start(dir.path, program, { extra: ["allow_killpower"] });
  assert(drv.state.hasCommand("driver.killpower"));
  assertEquals(drv.state.getValue("driver.flag.allow_killpower"), "1");
  using p = await SockPeer.connect(drv.socketPath);
  await p.send("INSTCMD driver.killpower TRACKING k");
  assertEquals(await p.until((l) => l.startsWith("TRACKING")), ["TRACKING k 0"]);
  assertEquals(killed, 1);
});

Deno.test("reload() applies a new pollinterval and refuses changes that need a restart", async () => {
  await using dir = await tempDir();
  const program = scripted({});
  await using drv = await start(dir.path, program);
  const port = (value: string) => [{ key: "port", value, origin: "-x" }];
  const next = buildInstanceConfig({ program, upsName: "u1", extra: port("fake"), pollInterval: 7 });
  assertEquals(drv.reload(next), []);
  assertEquals(drv.state.getValue("driver.parameter.pollinterval"), "7");
  const moved = buildInstanceConfig({ program, upsName: "u1", extra: port("elsewhere") });
  assertEquals(drv.reload(moved), ["port"]);
  assertEquals(drv.state.getValue("driver.parameter.port"), "fake");
});

Deno.test("a PID file naming an unrelated live process (a reused PID) does not get that process killed", async () => {
  await using dir = await tempDir();
  const other = new Deno.Command("sleep", { args: ["30"], stdout: "null", stderr: "null" }).spawn();
  try {
    await Deno.writeTextFile(join(dir.path, "fake-ups-u1.pid"), `${other.pid}\n`);
    await using drv = await start(dir.path, scripted({}), { pid: true });
    assertEquals((await Deno.readTextFile(join(dir.path, "fake-ups-u1.pid"))).trim(), String(Deno.pid));
    assertEquals(drv.state.stale, false);
    const alive = await Promise.race([
      other.status.then(() => false),
      new Promise((r) => setTimeout(() => r(true), 100)),
    ]);
    assertEquals(alive, true);
  } finally {
    other.kill("SIGKILL");
    await other.status;
  }
});
