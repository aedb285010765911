// Cross-process tests of our upsd as a program: flags, exit codes, messages, PID file, backgrounding,
// -c reload / -c stop, SIGHUP reload semantics, -u privilege drop, MAXCONN, LISTEN failures.
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import { freePort, runNut, spawnNut, waitFor } from "./helpers.ts";
import { FakeDriver, sampleState } from "./server_fake_driver.ts";
import { AS_ROOT, LineClient, nutSetup, runScript, startOurUpsd, waitServing } from "./server_harness.ts";
import { processExists, readPidFile } from "../lib/daemon/pidfile.ts";
import { foregroundMode } from "../cmd/server.ts";

const ONE_UPS = '[fake]\n driver = fake\n port = none\n desc = "The fake"\n';
const isRoot = Deno.uid() === 0;

Deno.test({
  name: "upsd -h prints NUT's help and -V the banner, both exiting 0; a bad option prints help",
  async fn() {
    const h = await runNut("upsd", ["-h"]);
    assertEquals(h.code, 0);
    assertStringIncludes(h.stdout, "Network UPS Tools upsd 2.8.0");
    assertStringIncludes(h.stdout, "usage: upsd [OPTIONS]");
    assertStringIncludes(h.stdout, "  -FF\t\tstay foregrounded and still save the PID file\n");
    const v = await runNut("upsd", ["-V"]);
    assertEquals([v.code, v.stdout.startsWith("Network UPS Tools upsd 2.8.0")], [0, true]);
    const bad = await runNut("upsd", ["-Z"]);
    assertEquals(bad.code, 0);
    assertStringIncludes(bad.stderr, '"-Z"');
    assertStringIncludes(bad.stdout, "usage: upsd");
    const old = await runNut("upsd", ["-p", "3493"]);
    assertEquals(old.code, 1);
    assertStringIncludes(old.stderr, "Use 'LISTEN <address> [<port>]' in 'upsd.conf' instead.");
  },
});

Deno.test({
  name: "upsd exits 1 with a message naming a missing upsd.conf, ups.conf or upsd.users",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const conf = await setup.serverConf("c", `LISTEN 127.0.0.1 ${await freePort()}\n`);
    for (const missing of ["upsd.users", "ups.conf", "upsd.conf"]) {
      await Deno.remove(join(conf, missing));
      const r = await runNut("upsd", ["-F", ...AS_ROOT], { env: setup.env(conf) });
      assertEquals(r.code, 1, r.stderr);
      assertStringIncludes(r.stderr, join(conf, missing));
    }
  },
});

Deno.test({
  name: "upsd refuses to start with no UPS defined, unless ALLOW_NO_DEVICE (file or environment)",
  async fn() {
    await using setup = await nutSetup("# nothing yet\n");
    const port = await freePort();
    const conf = await setup.serverConf("c", `LISTEN 127.0.0.1 ${port}\n`);
    const r = await runNut("upsd", ["-F", ...AS_ROOT], { env: setup.env(conf) });
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, "at least one UPS must be defined in ups.conf");
    await using p = spawnNut("upsd", ["-F", ...AS_ROOT], {
      env: { ...setup.env(conf), ALLOW_NO_DEVICE: "true" },
    });
    await p.waitForOutput(/Running as foreground process/);
    assertEquals(await runScript(port, ["LIST UPS"]), [">> LIST UPS", "BEGIN LIST UPS", "END LIST UPS"]);
    const s = await p.stop();
    assertEquals(s.code, 0);
  },
});

Deno.test({
  name: "upsd -F serves in the foreground without a PID file and exits 0 on SIGTERM",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using _drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    const server = await startOurUpsd(setup);
    await waitServing(server.port, "fake");
    await server.proc.waitForOutput(/Running as foreground process, not saving a PID file/);
    assertEquals(await readPidFile(join(setup.statePath, "upsd.pid")), undefined);
    const status = await server.proc.stop();
    assertEquals(status.code, 0);
    assertStringIncludes(server.proc.stderr, "Signal 15: exiting");
  },
});

Deno.test({
  name: "upsd -FF keeps a PID file in the foreground and removes it on exit",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using server = await startOurUpsd(setup, "", ["-F"]);
    const pidFile = join(setup.statePath, "upsd.pid");
    await waitFor(async () => (await readPidFile(pidFile)) === server.proc.pid, "PID file");
    await server.proc.stop();
    assertEquals(await readPidFile(pidFile), undefined);
  },
});

Deno.test({
  name: "upsd backgrounds itself once ready, refuses a second instance, obeys -c reload and -c stop",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using _drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    const port = await freePort();
    const conf = await setup.serverConf("c", `LISTEN 127.0.0.1 ${port}\n`);
    const env = setup.env(conf);
    const pidFile = join(setup.statePath, "upsd.pid");
    const started = await runNut("upsd", [...AS_ROOT], { env });
    let pid: number | undefined;
    try {
      assertEquals(started.code, 0, started.stderr);
      pid = await readPidFile(pidFile);
      assert(pid !== undefined && processExists(pid), "PID file names a running process");
      // Ready means serving: no waiting needed.
      const first = await runScript(port, ["GET UPSDESC fake", "GET VAR fake ups.status"]);
      assertEquals(first, [
        ">> GET UPSDESC fake",
        'UPSDESC fake "The fake"',
        ">> GET VAR fake ups.status",
        'VAR fake ups.status "OL CHRG"',
      ]);

      const second = await runNut("upsd", [...AS_ROOT], { env });
      assertEquals(second.code, 1);
      assertStringIncludes(second.stdout, "Fatal error: A previous upsd instance is already running!");

      await Deno.writeTextFile(join(conf, "ups.conf"), ONE_UPS.replace("The fake", "Reloaded"));
      assertEquals((await runNut("upsd", ["-c", "reload"], { env })).code, 0);
      await waitFor(
        async () => (await runScript(port, ["GET UPSDESC fake"]))[1] === 'UPSDESC fake "Reloaded"',
        "reload",
      );

      const stop = await runNut("upsd", ["-c", "stop"], { env });
      assertEquals(stop.code, 0);
      await waitFor(() => !processExists(pid!), "daemon exit");
      assertEquals(await readPidFile(pidFile), undefined);
      const none = await runNut("upsd", ["-c", "stop"], { env });
      assertEquals(none.code, 1);
      assertStringIncludes(none.stderr, `fopen ${pidFile}: No such file or directory`);
    } finally {
      if (pid !== undefined && processExists(pid)) Deno.kill(pid, "SIGKILL");
    }
  },
});

Deno.test({
  name: "upsd -c stop -P <pid> signals that process; a dead PID fails",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const server = await startOurUpsd(setup);
    const r = await runNut("upsd", ["-c", "stop", "-P", String(server.proc.pid)], { env: setup.env() });
    assertEquals(r.code, 0);
    assertEquals((await server.proc.status).code, 0);
    const dead = await runNut("upsd", ["-c", "stop", "-P", String(server.proc.pid)], { env: setup.env() });
    assertEquals(dead.code, 1);
    assertStringIncludes(dead.stderr, "kill: No such process");
  },
});

Deno.test({
  name: "a reload adds and removes UPSes and changes users without dropping clients",
  async fn() {
    const two = ONE_UPS + "[other]\n driver = fake\n port = none\n";
    await using setup = await nutSetup(two);
    await using _a = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    await using _b = await FakeDriver.start(join(setup.statePath, "fake-other"), sampleState());
    await using _c = await FakeDriver.start(join(setup.statePath, "fake-third"), sampleState());
    await using server = await startOurUpsd(setup, "MAXAGE 15\n");
    await waitServing(server.port, "other");
    const conf = join(setup.dir.path, "our-upsd");
    await using watcher = await LineClient.connect(server.port);
    await using mon = await LineClient.connect(server.port);
    await using admin = await LineClient.connect(server.port);
    assertEquals(await mon.exchange("USERNAME mon"), ["OK"]);
    assertEquals(await mon.exchange("PASSWORD pw"), ["OK"]);
    assertEquals(await mon.exchange("LOGIN other"), ["OK"]);
    assertEquals(await admin.exchange("USERNAME admin"), ["OK"]);
    assertEquals(await admin.exchange("PASSWORD secret"), ["OK"]);
    assertEquals(await admin.exchange("FSD fake"), ["OK FSD-SET"]);

    await Deno.writeTextFile(join(conf, "ups.conf"), ONE_UPS + "[third]\n driver = fake\n port = none\n");
    await Deno.writeTextFile(join(conf, "upsd.users"), "[admin]\n password = secret\n");
    server.proc.kill("SIGHUP");
    await waitFor(
      async () => (await watcher.exchange("LIST UPS")).includes('UPS third "Description unavailable"'),
      "reload",
    );
    assertEquals(await watcher.exchange("LIST UPS"), [
      "BEGIN LIST UPS",
      'UPS fake "The fake"',
      'UPS third "Description unavailable"',
      "END LIST UPS",
    ]);
    await waitServing(server.port, "third");
    // The FSD latch and the admin session survive; the admin lost FSD; mon (logged into "other") was kicked.
    assertEquals(await watcher.exchange("GET VAR fake ups.status"), ['VAR fake ups.status "FSD OL CHRG"']);
    assertEquals(await admin.exchange("FSD fake"), ["ERR ACCESS-DENIED"]);
    assertEquals(await mon.exchange("VER"), ["<EOF>"]);
    assertEquals(await watcher.exchange("GET VAR other ups.status"), ["ERR UNKNOWN-UPS"]);
    assertStringIncludes(server.proc.stderr, "Deleting UPS [other]");
  },
});

Deno.test({
  name: "upsd -u drops root after binding (checked in /proc)",
  ignore: !isRoot || Deno.build.os !== "linux",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using _drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    const port = await freePort();
    const conf = await setup.serverConf("c", `LISTEN 127.0.0.1 ${port}\n`);
    await using p = spawnNut("upsd", ["-F", "-u", "nobody"], { env: setup.env(conf) });
    await p.waitForOutput(/Running as foreground process/, 20_000);
    await waitServing(port, "fake");
    const status = await Deno.readTextFile(`/proc/${p.pid}/status`);
    const uid = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status)!;
    const nobody = Number(
      (await Deno.readTextFile("/etc/passwd")).split("\n").find((l) => l.startsWith("nobody:"))!
        .split(":")[2],
    );
    assertEquals([Number(uid[1]), Number(uid[2]), Number(uid[3])], [nobody, nobody, nobody]);
    assertEquals((await p.stop()).code, 0);
  },
});

Deno.test({
  name: "MAXCONN refuses the connections beyond it cleanly while existing clients are served",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using _drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    // 1 UPS + 1 listener + 3 clients.
    await using server = await startOurUpsd(setup, "MAXCONN 5\n");
    await waitServing(server.port, "fake");
    const kept = await Promise.all([0, 1, 2].map(() => LineClient.connect(server.port)));
    try {
      for (const c of kept) assertEquals(await c.exchange("NETVER"), ["1.3"]);
      const flood = await Promise.all(Array.from({ length: 20 }, () => LineClient.connect(server.port)));
      for (const c of flood) {
        assertEquals(await c.exchange("NETVER"), ["<EOF>"]);
        c.close();
      }
      for (const c of kept) {
        assertEquals(await c.exchange("GET VAR fake ups.status"), ['VAR fake ups.status "OL CHRG"']);
      }
      assertStringIncludes(server.proc.stderr, "MAXCONN reached");
      kept.pop()!.close();
      await waitFor(async () => {
        await using c = await LineClient.connect(server.port);
        return (await c.exchange("NETVER"))[0] === "1.3";
      }, "a free slot again");
    } finally {
      for (const c of kept) c.close();
    }
  },
});

Deno.test({
  name: "a LISTEN address that cannot be bound stops the start, unless ALLOW_NOT_ALL_LISTENERS",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const port = await freePort();
    const conf = await setup.serverConf("c", `LISTEN 127.0.0.1 ${port}\nLISTEN 192.0.2.1 ${port}\n`);
    const r = await runNut("upsd", ["-F", ...AS_ROOT], { env: setup.env(conf) });
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, "not listening on 192.0.2.1");
    await Deno.writeTextFile(
      join(conf, "upsd.conf"),
      `LISTEN 127.0.0.1 ${port}\nLISTEN 192.0.2.1 ${port}\nALLOW_NOT_ALL_LISTENERS yes\n`,
    );
    await using p = spawnNut("upsd", ["-F", ...AS_ROOT], { env: setup.env(conf) });
    await p.waitForOutput(/Running as foreground process/, 20_000);
    assertEquals(await runScript(port, ["NETVER"]), [">> NETVER", "1.3"]);
    await p.stop();
    // A port already taken by someone else: nothing to listen on.
    const taken = await startOurUpsd(setup);
    try {
      const conf2 = await setup.serverConf("d", `LISTEN 127.0.0.1 ${taken.port}\n`);
      const busy = await runNut("upsd", ["-F", ...AS_ROOT], { env: setup.env(conf2) });
      assertEquals(busy.code, 1);
      assertStringIncludes(busy.stderr, "no listening interface available");
    } finally {
      await taken.proc.stop();
    }
  },
});

Deno.test({
  name: "upsd listens on ::1 when told (IPv6) and LIST CLIENT shows the IPv6 address",
  async fn(t) {
    const probe = await new Promise<boolean>((resolve) => {
      import("node:net").then(({ default: net }) => {
        const s = net.createServer();
        s.once("error", () => resolve(false));
        s.listen(0, "::1", () => s.close(() => resolve(true)));
      });
    });
    if (!probe) {
      await t.step({ name: "IPv6 loopback unavailable here", ignore: true, fn() {} });
      return;
    }
    await using setup = await nutSetup(ONE_UPS);
    const port = await freePort();
    const conf = await setup.serverConf("c", `LISTEN ::1 ${port}\n`);
    await using p = spawnNut("upsd", ["-F", ...AS_ROOT], { env: setup.env(conf) });
    await p.waitForOutput(/listening on ::1 port/, 20_000);
    const net = (await import("node:net")).default;
    const sock = net.createConnection({ host: "::1", port });
    const reply = await new Promise<string>((resolve, reject) => {
      let buf = "";
      sock.on("data", (d) => {
        buf += d.toString();
        if (buf.includes("END LIST CLIENT")) resolve(buf);
      });
      sock.on("error", reject);
      sock.write("USERNAME mon\nPASSWORD pw\nLOGIN fake\nLIST CLIENT fake\n");
    });
    sock.destroy();
    assertStringIncludes(reply, "CLIENT fake ::1\n");
  },
});

Deno.test({
  name: "a malformed driver line is logged with the UPS and driver names and ignored",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    await using server = await startOurUpsd(setup);
    await waitServing(server.port, "fake");
    drv.broadcast("SETINFO only.a.name");
    drv.broadcast("WHATEVER 1 2 3");
    drv.broadcast('SETINFO ups.status "OB"');
    await waitFor(
      async () =>
        (await runScript(server.port, ["GET VAR fake ups.status"]))[1] === 'VAR fake ups.status "OB"',
      "update",
    );
    await server.proc.waitForOutput(/UPS \[fake\]: ignoring a bad line from driver fake-fake: .*WHATEVER/);
    assertStringIncludes(server.proc.stderr, "UPS [fake]: ignoring a bad line from driver fake-fake");
  },
});

Deno.test({
  name: "a reload with a broken ups.conf is refused and the server goes on with the old configuration",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using _drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    await using server = await startOurUpsd(setup);
    await waitServing(server.port, "fake");
    await Deno.writeTextFile(
      join(setup.dir.path, "our-upsd", "ups.conf"),
      '[fake]\n driver = fake\n desc = "open\n',
    );
    server.proc.kill("SIGHUP");
    await server.proc.waitForOutput(/Reload failed: .*ups\.conf:3/);
    assertEquals((await runScript(server.port, ["GET UPSDESC fake"]))[1], 'UPSDESC fake "The fake"');
  },
});

Deno.test({
  name: "foregroundMode(): -F, -FF, -B and -D decide like NUT's getopt loop (the last of -F/-B wins)",
  permissions: "none",
  fn() {
    const cases: [string[], number, 0 | 1 | 2][] = [
      [[], 0, 0],
      [["-D"], 1, 1],
      [["-DDB"], 2, 0],
      [["-F"], 0, 1],
      [["-FF"], 0, 2],
      [["-F", "-u", "root", "-F"], 0, 2],
      [["-B", "-F"], 0, 1],
      [["-F", "-B"], 0, 0],
      [["-u", "F"], 0, 0],
      [["-uF"], 0, 0],
    ];
    for (const [args, debug, want] of cases) assertEquals(foregroundMode(args, debug), want, args.join(" "));
  },
});
