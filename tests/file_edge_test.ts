// Cross-process tests of what our programs do when a file they read is not what it should be: a FIFO
// (an open of it for reading waits for a writer for ever), a directory, an empty ups.conf, an AT line
// without its seconds. Each program must answer at once with an error naming the path (and the line),
// exit non-zero at start, and keep its old configuration on a reload. Where NUT 2.8.0 does better than
// block, its program runs beside ours and both are checked. A program that blocks is killed after
// LIMIT_MS, and its test fails on the exit code.
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { makeFifo } from "../lib/testing/fifo.ts";
import { freePort, run, runNut, type SpawnOptions, tempDir } from "./helpers.ts";
import { AS_ROOT, nutSetup, runScript, startOurUpsd, waitServing } from "./server_harness.ts";
import { FakeDriver, sampleState } from "./server_fake_driver.ts";
import { killDaemons, NUT_UPSSCHED, nutUpsschedMissing } from "./sched_helpers.ts";
import { startBed } from "./monitor_helpers.ts";

/** How long a program may take to answer; one that blocks is killed then (exit code 137). */
const LIMIT_MS = 15_000;

/** NUT 2.8.0's upsdrvctl (Debian's nut-server). */
const NUT_UPSDRVCTL = "/sbin/upsdrvctl";

const ONE_UPS = '[fake]\n driver = fake\n port = none\n desc = "The fake"\n';

function missing(path: string): boolean {
  try {
    return !Deno.statSync(path).isFile;
  } catch {
    return true;
  }
}

function exists(path: string): Promise<boolean> {
  return Deno.lstat(path).then(() => true, () => false);
}

/** Replaces a file by a FIFO; returns the old text, to put it back. */
async function fifoInPlace(path: string): Promise<string> {
  const text = await Deno.readTextFile(path);
  await Deno.remove(path);
  await makeFifo(path);
  return text;
}

async function restore(path: string, text: string): Promise<void> {
  await Deno.remove(path);
  await Deno.writeTextFile(path, text);
}

/** A pattern matching `text` literally. */
function literally(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
}

function bounded(env: Record<string, string>): SpawnOptions {
  return { env, timeoutMs: LIMIT_MS };
}

/** upssched.conf for one test: CMDSCRIPT, PIPEFN and LOCKFN in `dir`, then the AT lines. */
async function schedConf(dir: string, lockFn: string, at: string): Promise<Record<string, string>> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(
    join(dir, "upssched.conf"),
    `CMDSCRIPT /bin/true\nPIPEFN ${join(dir, "upssched.pipe")}\nLOCKFN ${lockFn}\n${at}`,
  );
  return { NUT_CONFPATH: dir, NUT_ALTPIDPATH: dir, NUT_STATEPATH: dir, UPSNAME: "ups1@localhost" };
}

Deno.test({
  name:
    "upssched: a LOCKFN that is a FIFO: ours exits 1 at once naming it and leaves it; NUT's exits at once",
  async fn(t) {
    await using dir = await tempDir("nut-file-edge-");
    const at = "AT ONBATT * START-TIMER onbatt 30\n";
    const oursDir = join(dir.path, "ours");
    const lock = join(oursDir, "upssched.lock");
    const env = await schedConf(oursDir, lock, at);
    await makeFifo(lock);
    try {
      const r = await runNut("upssched", ["UPS on battery"], bounded({ ...env, NOTIFYTYPE: "ONBATT" }));
      assertEquals(r.code, 1, r.stderr);
      assertStringIncludes(r.stderr, `LOCKFN ${lock}: not a regular file (a FIFO)`);
      assertEquals((await Deno.lstat(lock)).isFifo, true, "what is at LOCKFN is not ours to remove");
      assertEquals(await exists(join(oursDir, "upssched.pipe")), false, "no timer daemon started");
    } finally {
      await killDaemons(oursDir);
    }

    await t.step({
      name:
        "NUT 2.8.0 exits at once too, having removed the FIFO to take the lock (needs /sbin/upssched, skipped without)",
      ignore: nutUpsschedMissing(),
      async fn() {
        const nutDir = join(dir.path, "nut");
        const nutLock = join(nutDir, "upssched.lock");
        const nutEnv = await schedConf(nutDir, nutLock, at);
        await makeFifo(nutLock);
        try {
          const r = await run(NUT_UPSSCHED, ["UPS on battery"], bounded({ ...nutEnv, NOTIFYTYPE: "ONBATT" }));
          assertEquals(r.code, 0, r.stderr);
          assertEquals(await exists(nutLock), false);
        } finally {
          await killDaemons(nutDir);
        }
      },
    });
  },
});

Deno.test({
  name: "upssched: START-TIMER without seconds exits 1 naming file:line and starts no daemon; NUT's exits 1",
  async fn(t) {
    await using dir = await tempDir("nut-file-edge-");
    const at = "AT ONLINE * START-TIMER back\n";
    const oursDir = join(dir.path, "ours");
    const env = await schedConf(oursDir, join(oursDir, "upssched.lock"), at);
    try {
      const r = await runNut("upssched", ["UPS on line power"], bounded({ ...env, NOTIFYTYPE: "ONLINE" }));
      assertEquals(r.code, 1, r.stderr);
      assertStringIncludes(
        r.stderr,
        `${join(oursDir, "upssched.conf")}:4: START-TIMER back: the number of seconds is missing ` +
          "(expected AT ONLINE * START-TIMER back <seconds>)",
      );
      assertEquals(await exists(join(oursDir, "upssched.pipe")), false, "no timer daemon started");
    } finally {
      await killDaemons(oursDir);
    }

    await t.step({
      name: "NUT 2.8.0 exits 1: its daemon refuses the request (needs /sbin/upssched, skipped without)",
      ignore: nutUpsschedMissing(),
      async fn() {
        const nutDir = join(dir.path, "nut");
        const nutEnv = await schedConf(nutDir, join(nutDir, "upssched.lock"), at);
        try {
          const r = await run(
            NUT_UPSSCHED,
            ["UPS on line power"],
            bounded({ ...nutEnv, NOTIFYTYPE: "ONLINE" }),
          );
          assertEquals(r.code, 1, r.stderr);
          assertStringIncludes(r.stderr, "read confirmation got [ERR UNKNOWN");
          assertStringIncludes(r.stderr, "Unable to connect to daemon and unable to start daemon");
        } finally {
          await killDaemons(nutDir);
        }
      },
    });
  },
});

Deno.test({
  name: "upssched: an upssched.conf that is a FIFO is refused at once, naming it",
  async fn() {
    await using dir = await tempDir("nut-file-edge-");
    const conf = join(dir.path, "upssched.conf");
    await makeFifo(conf);
    const env = { NUT_CONFPATH: dir.path, UPSNAME: "ups1", NOTIFYTYPE: "ONBATT" };
    const r = await runNut("upssched", ["msg"], bounded(env));
    assertEquals(r.code, 1, r.stderr);
    assertStringIncludes(r.stderr, `Can't open ${conf}: not a regular file (a FIFO)`);
  },
});

Deno.test({
  name: "upsdrvctl: a ups.conf without UPS sections exits 1 with NUT's 'no UPS definitions found', naming it",
  async fn(t) {
    await using dir = await tempDir("nut-file-edge-");
    const upsConf = join(dir.path, "ups.conf");
    const env = { NUT_CONFPATH: dir.path, NUT_STATEPATH: dir.path, NUT_ALTPIDPATH: dir.path };
    const texts = [["empty", ""], ["only globals and comments", "# no UPS yet\nmaxretry = 3\n"]] as const;
    const commands: Record<string, string[][]> = {
      empty: [["start"], ["stop"], ["shutdown"], ["status"], ["list"], ["-c", "reload"]],
      "only globals and comments": [["start"]],
    };
    for (const [label, text] of texts) {
      await Deno.writeTextFile(upsConf, text);
      for (const args of commands[label]) {
        const r = await runNut("upsdrvctl", [...AS_ROOT, ...args], bounded(env));
        assertEquals(r.code, 1, `${label}, ${args.join(" ")}: ${r.stderr}`);
        assertStringIncludes(r.stderr, `Error: no UPS definitions found in ${upsConf}\n`);
      }
    }

    await t.step({
      name:
        "NUT 2.8.0 exits 1 with the same words for start, stop, shutdown (needs /sbin/upsdrvctl, skipped without)",
      ignore: missing(NUT_UPSDRVCTL),
      async fn() {
        for (const [label, text] of texts) {
          await Deno.writeTextFile(upsConf, text);
          for (const command of ["start", "stop", "shutdown"]) {
            const r = await run(NUT_UPSDRVCTL, [command], bounded(env));
            assertEquals(r.code, 1, `${label}, ${command}: ${r.stderr}`);
            assertStringIncludes(r.stderr, "Error: no UPS definitions found in ups.conf\n");
          }
        }
      },
    });
  },
});

Deno.test({
  name:
    "upsdrvctl and dummy-ups: a ups.conf or a dummy-ups port that is a FIFO is refused at once, naming it",
  async fn() {
    await using dir = await tempDir("nut-file-edge-");
    const env = { NUT_CONFPATH: dir.path, NUT_STATEPATH: dir.path, NUT_ALTPIDPATH: dir.path };
    const upsConf = join(dir.path, "ups.conf");
    await makeFifo(upsConf);
    const a = await runNut("upsdrvctl", [...AS_ROOT, "start"], bounded(env));
    assertEquals(a.code, 1, a.stderr);
    assertStringIncludes(a.stderr, `Can't open ${upsConf}: not a regular file (a FIFO)`);

    // The port of dummy-ups names a .dev/.seq file, relative to the config directory.
    await Deno.remove(upsConf);
    await Deno.writeTextFile(upsConf, "[u]\n driver = dummy-ups\n port = u.dev\n");
    const dev = join(dir.path, "u.dev");
    await makeFifo(dev);
    const expected = `Can't open dummy-ups definition file ${dev}: not a regular file (a FIFO)`;
    const b = await runNut("upsdrvctl", [...AS_ROOT, "start"], bounded(env));
    assertEquals(b.code, 1, b.stderr);
    assertStringIncludes(b.stderr, expected);
    const c = await runNut("dummy-ups", ["-a", "u", ...AS_ROOT, "-F"], bounded(env));
    assertEquals(c.code, 1, c.stderr);
    assertStringIncludes(c.stderr, expected);
    assertEquals(await exists(join(dir.path, "dummy-ups-u")), false, "no driver socket left behind");
  },
});

Deno.test({
  name: "upsd: upsd.conf, ups.conf, upsd.users or CERTFILE that is a FIFO is refused at start, naming it",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const conf = await setup.serverConf("c", `LISTEN 127.0.0.1 ${await freePort()}\n`);
    for (const name of ["upsd.conf", "ups.conf", "upsd.users"]) {
      const path = join(conf, name);
      const text = await fifoInPlace(path);
      const r = await runNut("upsd", ["-F", ...AS_ROOT], bounded(setup.env(conf)));
      assertEquals(r.code, 1, `${name}: ${r.stderr}`);
      assertStringIncludes(r.stderr, `Fatal error: ${path}: not a regular file (a FIFO)`);
      await restore(path, text);
    }
    const cert = join(setup.dir.path, "cert.pem");
    await makeFifo(cert);
    await Deno.writeTextFile(
      join(conf, "upsd.conf"),
      `LISTEN 127.0.0.1 ${await freePort()}\nCERTFILE ${cert}\n`,
    );
    const r = await runNut("upsd", ["-F", ...AS_ROOT], bounded(setup.env(conf)));
    assertEquals(r.code, 1, r.stderr);
    assertStringIncludes(r.stderr, `CERTFILE ${cert}: not a regular file (a FIFO)`);
  },
});

Deno.test({
  name:
    "upsd: a reload with a FIFO in place of ups.conf, upsd.users or upsd.conf is refused; the old one stays",
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    await using _drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    await using server = await startOurUpsd(setup);
    await waitServing(server.port, "fake");
    const conf = join(setup.dir.path, "our-upsd");
    for (const name of ["ups.conf", "upsd.users", "upsd.conf"]) {
      const path = join(conf, name);
      const text = await fifoInPlace(path);
      server.proc.kill("SIGHUP");
      await server.proc.waitForOutput(
        literally(`Reload failed: ${path}: not a regular file (a FIFO)`),
        LIMIT_MS,
      );
      // Still serving the old UPS table, with the old users.
      assertEquals(
        await runScript(server.port, ["GET UPSDESC fake", "USERNAME mon", "PASSWORD pw", "LOGIN fake"]),
        [
          ">> GET UPSDESC fake",
          'UPSDESC fake "The fake"',
          ">> USERNAME mon",
          "OK",
          ">> PASSWORD pw",
          "OK",
          ">> LOGIN fake",
          "OK",
        ],
      );
      await restore(path, text);
    }
    assertEquals(server.proc.stderr.match(/Reload failed/g)?.length, 3, server.proc.stderr);
  },
});

Deno.test({
  name: "upsmon: an upsmon.conf that is a directory or a FIFO is refused at once, naming it",
  async fn() {
    await using dir = await tempDir("nut-file-edge-");
    const conf = join(dir.path, "upsmon.conf");
    const env = {
      NUT_CONFPATH: dir.path,
      NUT_PIDPATH: dir.path,
      NUT_STATEPATH: dir.path,
      NUT_ALTPIDPATH: dir.path,
    };
    for (const kind of ["directory", "FIFO"]) {
      if (kind === "directory") await Deno.mkdir(conf);
      else await makeFifo(conf);
      const r = await runNut("upsmon", ["-F", "-p"], bounded(env));
      assertEquals(r.code, 1, `${kind}: ${r.stderr}`);
      assertStringIncludes(r.stderr, `Can't open ${conf}: not a regular file (a ${kind})`);
      await Deno.remove(conf);
    }
  },
});

Deno.test({
  name:
    "upsmon -K: a POWERDOWNFLAG that is a FIFO answers at once (not set) instead of blocking the shutdown",
  async fn() {
    await using dir = await tempDir("nut-file-edge-");
    const flag = join(dir.path, "killpower");
    await makeFifo(flag);
    await dir.write("upsmon.conf", `MONITOR ups1@127.0.0.1 1 mon pw primary\nPOWERDOWNFLAG ${flag}\n`);
    const r = await runNut("upsmon", ["-K"], bounded({ NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path }));
    assertEquals(r.code, 1, r.stderr);
    assertStringIncludes(r.stderr, `POWERDOWNFLAG (${flag}) does not contain the upsmon magic string`);
    assert((await Deno.lstat(flag)).isFifo);
  },
});

Deno.test({
  name: "upsmon: a reload with a FIFO in place of upsmon.conf is refused; the monitor goes on watching",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    const conf = join(m.confPath, "upsmon.conf");
    const text = await fifoInPlace(conf);
    const r = await runNut("upsmon", ["-c", "reload"], bounded(m.env));
    assertEquals(r.code, 0, r.stderr);
    await m.proc.waitForOutput(
      literally(`Reload failed: Can't open ${conf}: not a regular file (a FIFO)`),
      LIMIT_MS,
    );
    await bed.power("on_battery.seq");
    await m.waitEvent("ONBATT");
    await restore(conf, text);
  },
});
