/**
 * The driver command line as a process (`dummy-ups ...` through our binary): help, version, errors,
 * `-d`, `-k`, backgrounding, `-c reload|exit`, signals, PID files and taking over from another driver
 * process (ours or NUT's), compared with NUT 2.8.0's dummy-ups where it is installed.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../lib/testing/asserts.ts";
import { dumpAllOf, SockPeer, spawnNutDummy } from "./driver_helpers.ts";
import { NUT_SBIN, nutPeerMissing, Proc, ROOT, run, runNut, spawnNut, tempDir, waitFor } from "./helpers.ts";

const DEV = join(ROOT, "tests", "fixtures", "ddl", "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev");
const noNut = nutPeerMissing() !== undefined;

async function setup(extra = "") {
  const dir = await tempDir("nut-drvcli-");
  await dir.write("ups.dev", await Deno.readTextFile(DEV));
  await dir.write(
    "ups.conf",
    `[ups]\n driver = dummy-ups\n port = ups.dev\n${extra}[other]\n driver = usbhid-ups\n port = auto\n`,
  );
  const env = { NUT_CONFPATH: dir.path, NUT_STATEPATH: dir.path };
  return { dir, env, sock: join(dir.path, "dummy-ups-ups"), pid: join(dir.path, "dummy-ups-ups.pid") };
}

const body = (text: string) => text.split("\n").slice(1).join("\n");

Deno.test("dummy-ups -h lists NUT's options and the driver's -x options", async () => {
  const r = await runNut("dummy-ups", ["-h"]);
  assertEquals(r.code, 0);
  assertStringIncludes(r.stdout, "usage: dummy-ups (-a <id>|-s <id>) [OPTIONS]");
  assertStringIncludes(
    r.stdout,
    "Specify mode instead of guessing it from port value (dummy = dummy-loop, dummy-once, repeater) : -x mode=<value>",
  );
  if (noNut) return;
  // Every line NUT 2.8.0 prints is there, in the same order (ours adds -c, -P and the repeater options).
  const nut = body((await run(join(NUT_SBIN, "dummy-ups"), ["-h"])).stdout).split("\n");
  const ours = body(r.stdout).split("\n");
  let at = 0;
  for (const line of nut) {
    const i = ours.indexOf(line, at);
    assert(i >= 0, `missing or out of order: ${JSON.stringify(line)}`);
    at = i + 1;
  }
});

Deno.test("dummy-ups -V prints the banner, -L the parsable option list", async () => {
  const v = await runNut("dummy-ups", ["-V"]);
  assertEquals(v.code, 0);
  assert(v.stdout.startsWith("Network UPS Tools - Device simulation and repeater driver 0.15 ("));
  const l = await runNut("dummy-ups", ["-L"]);
  assertEquals(l.code, 0);
  assertStringIncludes(
    l.stdout,
    'VALUE mode "Specify mode instead of guessing it from port value (dummy = dummy-loop, dummy-once, repeater)"\n',
  );
  assertStringIncludes(l.stdout, "FLAG repeater_disable_strict_start ");
});

Deno.test("dummy-ups reports usage and configuration errors as NUT does, with exit code 1", async () => {
  const t = await setup();
  await using _dir = t.dir;
  const cases: [string[], string][] = [
    [[], "Error: specifying '-a id' or '-s id' is now mandatory. Try -h for help."],
    [["-a", "nope"], "Error: Section nope not found in ups.conf"],
    [["-a", "other"], "Error: UPS [other] is for driver usbhid-ups, but I'm dummy-ups!"],
    [["-s", "x"], "Error: you must specify a port name in ups.conf or in '-x port=...' argument."],
    [["-a", "ups", "-x", "bogus=1"], "Fatal error: 'bogus' is not a valid variable name for this driver"],
    [["-a", "ups", "-i", "0"], "Error: command-line: invalid pollinterval: 0"],
    [["-a", "ups", "extra"], "Error: too many non-option arguments. Try -h for help."],
  ];
  for (const [args, message] of cases) {
    const r = await runNut("dummy-ups", args, { env: t.env });
    assertEquals(r.code, 1, args.join(" "));
    assertStringIncludes(r.stderr, message);
    if (!noNut && !message.startsWith("Fatal") && !message.startsWith("Error: command-line")) {
      const n = await run(join(NUT_SBIN, "dummy-ups"), args, { env: t.env });
      assertEquals(n.code, 1, `NUT: ${args.join(" ")}`);
      assertStringIncludes(n.stderr, message);
    }
  }
  const u = await runNut("dummy-ups", ["-Z"], { env: t.env });
  assertEquals([u.code, u.stderr], [1, "Error: unknown option -Z. Try -h for help.\n"]);
});

Deno.test("dummy-ups -d 1 prints the device's data in upsc form and exits", async () => {
  const t = await setup();
  await using _dir = t.dir;
  const r = await runNut("dummy-ups", ["-a", "ups", "-u", "root", "-d", "1", "-x", "pollinterval=1"], {
    env: t.env,
  });
  assertEquals(r.code, 0, r.stderr);
  const ours = body(r.stdout);
  assertStringIncludes(ours, "ups.model: Back-UPS ES 525\n");
  assertStringIncludes(ours, "driver.parameter.mode: dummy-once\n");
  // No socket and no PID file in this mode.
  await assertRejects(() => Deno.stat(t.sock), Deno.errors.NotFound);
  await assertRejects(() => Deno.stat(t.pid), Deno.errors.NotFound);
  if (noNut) return;
  const n = await run(join(NUT_SBIN, "dummy-ups"), ["-a", "ups", "-u", "root", "-d", "1", "-i", "1"], {
    env: t.env,
  });
  assertEquals(n.code, 0);
  const strip = (text: string) =>
    text.split("\n").filter((l) =>
      !l.startsWith("driver.version:") && !l.startsWith("driver.parameter.pollinterval:")
    )
      .join("\n");
  assertEquals(strip(ours), strip(body(n.stdout)));
});

Deno.test("dummy-ups -k fails as NUT's does: the simulation cannot cut power", async () => {
  const t = await setup();
  await using _dir = t.dir;
  const r = await runNut("dummy-ups", ["-a", "ups", "-u", "root", "-k"], { env: t.env });
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "shutdown not supported");
  if (noNut) return;
  const n = await run(join(NUT_SBIN, "dummy-ups"), ["-a", "ups", "-u", "root", "-k"], { env: t.env });
  assertEquals(n.code, 1);
  assertStringIncludes(n.stderr, "shutdown not supported");
});

Deno.test("without -F the driver detaches once ready; -c reload and -c exit reach it", async () => {
  const t = await setup();
  await using _dir = t.dir;
  const r = await runNut("dummy-ups", ["-a", "ups", "-u", "root"], { env: t.env });
  assertEquals(r.code, 0, r.stderr);
  // Ready means serving: the socket answers at once, and the PID file names the background process.
  const dump = await dumpAllOf(t.sock, 2000);
  assertEquals(dump.at(-2), "DATAOK");
  const pid = Number((await Deno.readTextFile(t.pid)).trim());
  assert(pid > 0 && pid !== Deno.pid);
  try {
    assertEquals((await runNut("dummy-ups", ["-a", "ups", "-c", "reload"], { env: t.env })).code, 0);
    const exit = await runNut("dummy-ups", ["-a", "ups", "-c", "exit"], { env: t.env });
    assertEquals(exit.code, 0, exit.stderr);
    await waitFor(async () => {
      try {
        await Deno.stat(t.sock);
        return false;
      } catch {
        return true;
      }
    }, "the socket to go away");
    await assertRejects(() => Deno.stat(t.pid), Deno.errors.NotFound);
  } finally {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone, as expected */ }
  }
});

Deno.test("-c exit without a running driver fails", async () => {
  const t = await setup();
  await using _dir = t.dir;
  const r = await runNut("dummy-ups", ["-a", "ups", "-c", "exit"], { env: t.env });
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "dummy-ups-ups.pid");
});

Deno.test("SIGHUP reloads the configuration and SIGTERM stops the driver, removing socket and PID file", async () => {
  const t = await setup(" pollinterval = 3\n");
  await using _dir = t.dir;
  await using proc = spawnNut("dummy-ups", ["-a", "ups", "-u", "root", "-F"], { env: t.env });
  await dumpAllOf(t.sock);
  using peer = await SockPeer.connect(t.sock);
  await peer.dumpAll();
  await t.dir.write(
    "ups.conf",
    "[ups]\n driver = dummy-ups\n port = ups.dev\n pollinterval = 4\n",
  );
  proc.kill("SIGHUP");
  assertEquals(
    await peer.until((l) => l.includes("driver.parameter.pollinterval")),
    ['SETINFO driver.parameter.pollinterval "4"'],
  );
  proc.kill("SIGTERM");
  assertEquals((await proc.status).code, 0);
  await assertRejects(() => Deno.stat(t.sock), Deno.errors.NotFound);
  await assertRejects(() => Deno.stat(t.pid), Deno.errors.NotFound);
});

Deno.test("a second driver process for the same device takes over from the first", async () => {
  const t = await setup();
  await using _dir = t.dir;
  await using first = spawnNut("dummy-ups", ["-a", "ups", "-u", "root", "-F"], { env: t.env });
  await dumpAllOf(t.sock);
  await using second = spawnNut("dummy-ups", [
    "-a",
    "ups",
    "-u",
    "root",
    "-F",
    "-x",
    "override.ups.id=second",
  ], {
    env: t.env,
  });
  assertEquals((await first.status).code, 0);
  const dump = await waitFor(async () => {
    const d = await dumpAllOf(t.sock);
    return d.includes('SETINFO ups.id "second"') ? d : undefined;
  }, "the second driver to serve");
  assert((dump?.length ?? 0) > 10);
  assertEquals(Number((await Deno.readTextFile(t.pid)).trim()), second.pid);
});

Deno.test({
  name: "our driver takes over from NUT's backgrounded dummy-ups (PID file) and refuses a foreground one",
  ignore: noNut,
  async fn() {
    const t = await setup();
    await using _dir = t.dir;
    // NUT in the background writes dummy-ups-ups.pid: we stop it with SIGTERM, as NUT 2.8.0 would.
    const bg = await run(join(NUT_SBIN, "dummy-ups"), ["-a", "ups", "-u", "root"], { env: t.env });
    assertEquals(bg.code, 0, bg.stderr);
    const nutPid = Number((await Deno.readTextFile(t.pid)).trim());
    try {
      await dumpAllOf(t.sock);
      await using ours = spawnNut("dummy-ups", [
        "-a",
        "ups",
        "-u",
        "root",
        "-F",
        "-x",
        "override.ups.id=ours",
      ], {
        env: t.env,
      });
      await waitFor(async () => (await dumpAllOf(t.sock)).includes('SETINFO ups.id "ours"'), "ours to serve");
      assertEquals(Number((await Deno.readTextFile(t.pid)).trim()), ours.pid);
      await ours.stop();
    } finally {
      try {
        Deno.kill(nutPid, "SIGKILL");
      } catch { /* stopped by ours */ }
    }
    // NUT in the foreground has no PID file: two drivers would fight over one socket, so we refuse.
    const state = join(t.dir.path, "fg");
    await Deno.mkdir(state);
    await Deno.chmod(state, 0o777);
    await using nut: Proc = spawnNutDummy("ups", t.dir.path, state);
    await dumpAllOf(join(state, "dummy-ups-ups"));
    const refused = await runNut("dummy-ups", ["-a", "ups", "-u", "root", "-F"], {
      env: { ...t.env, NUT_STATEPATH: state },
    });
    assertEquals(refused.code, 1);
    assertStringIncludes(refused.stderr, "could not be stopped");
    assertEquals((await dumpAllOf(join(state, "dummy-ups-ups"))).at(-1), "DUMPDONE");
    assert(nut.pid > 0);
  },
});
