/**
 * killpower and the power race, in real processes: dummy-ups with its simulated load switch
 * (`simulate_shutdown`) served by our upsd; the shutdown commands through upsd; `upsdrvctl shutdown`
 * reaching the running driver over its socket; and the README's late shutdown hook after a monitor's
 * shutdown, with the power coming back before the UPS cuts it (a power race): the UPS cycles the load.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { NutClient } from "../lib/client/mod.ts";
import { nutCommand, run, runNut, waitFor } from "./helpers.ts";
import { FIXTURES, type MonitorBed, startBed, waitShutdown } from "./monitor_helpers.ts";

/** Load switch with short delays: off 1 s after a shutdown command, back 2 s after the power. */
const SWITCH = "  simulate_shutdown\n  offdelay = 1\n  ondelay = 2\n";

async function client(bed: MonitorBed): Promise<NutClient> {
  const c = await NutClient.connect("127.0.0.1", bed.port, { timeoutMs: 5000 });
  await c.username("admin");
  await c.password("secret");
  return c;
}

async function vars(c: NutClient): Promise<Record<string, string>> {
  return Object.fromEntries((await c.listVar("ups1")).map((v) => [v.name, v.value]));
}

async function waitStatus(c: NutClient, test: (status: string) => boolean, what: string): Promise<string> {
  let last = "";
  await waitFor(async () => test(last = await c.getVar("ups1", "ups.status")), what, 15_000).catch((e) => {
    throw new Error(`${(e as Error).message} (last ups.status: "${last}")`);
  });
  return last;
}

const hasOff = (s: string) => s.split(" ").includes("OFF");

Deno.test({
  name: "dummy-ups simulate_shutdown: the shutdown and load commands, delays and timers",
  async fn() {
    await using bed = await startBed("ours", "ours", 1, SWITCH);
    await using c = await client(bed);
    const cmds = await c.listCmd("ups1");
    for (
      const cmd of [
        "load.off",
        "load.on",
        "load.off.delay",
        "load.on.delay",
        "shutdown.return",
        "shutdown.stayoff",
        "shutdown.stop",
        "shutdown.reboot",
      ]
    ) assert(cmds.includes(cmd), cmd);
    const v = await vars(c);
    assertEquals(
      [v["ups.delay.shutdown"], v["ups.delay.start"], v["ups.timer.shutdown"], v["ups.timer.start"]],
      ["1", "2", "-1", "-1"],
    );

    // shutdown.stop cancels a pending shutdown.return.
    await c.instCmd("ups1", "shutdown.return");
    await c.instCmd("ups1", "shutdown.stop");
    await new Promise((r) => setTimeout(r, 2000));
    assertEquals(hasOff(await c.getVar("ups1", "ups.status")), false);

    // shutdown.stayoff: off after ups.delay.shutdown, and off it stays with line power.
    await c.setVar("ups1", "ups.delay.shutdown", "2");
    await c.instCmd("ups1", "shutdown.stayoff");
    await waitFor(
      async () => Number((await vars(c))["ups.timer.shutdown"]) >= 0,
      "ups.timer.shutdown counting",
    );
    assertEquals(await waitStatus(c, hasOff, "load off"), "OL OFF");
    await new Promise((r) => setTimeout(r, 3000));
    assertEquals(await c.getVar("ups1", "ups.status"), "OL OFF");
    await c.instCmd("ups1", "load.on");
    assertEquals(await waitStatus(c, (s) => !hasOff(s), "load on"), "OL");

    // load.off.delay / load.on.delay with their own delays.
    await c.instCmd("ups1", "load.off.delay", "1");
    await waitStatus(c, hasOff, "load off");
    await c.instCmd("ups1", "load.on.delay", "1");
    await waitStatus(c, (s) => !hasOff(s), "load on");
  },
});

Deno.test({
  name: "shutdown.return on battery: the load goes off, and comes back ups.delay.start after the power",
  async fn() {
    await using bed = await startBed("ours", "ours", 1, SWITCH);
    await using c = await client(bed);
    await bed.power("on_battery.seq");
    await waitStatus(c, (s) => s.startsWith("OB"), "on battery");
    await c.instCmd("ups1", "shutdown.return");
    assertEquals(await waitStatus(c, hasOff, "load off"), "OB DISCHRG OFF");
    await new Promise((r) => setTimeout(r, 3000));
    assertEquals(await c.getVar("ups1", "ups.status"), "OB DISCHRG OFF", "no power: stays off");
    await bed.power("online.dev");
    await waitStatus(c, (s) => s.startsWith("OL"), "line power");
    assertEquals(Number((await vars(c))["ups.timer.start"]) >= 0, true, "counting down to the restart");
    assertEquals(await waitStatus(c, (s) => !hasOff(s), "load back"), "OL");
  },
});

Deno.test({
  name: "a driver's -k reaches the running instance over its socket; sdcommands chooses the command",
  async fn() {
    await using bed = await startBed("ours", "ours", 1, SWITCH + "  sdcommands = shutdown.stayoff\n");
    await using c = await client(bed);
    const r = await runNut("dummy-ups", ["-a", "ups1", "-u", "root", "-k"], { env: bed.setup.env() });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(await waitStatus(c, hasOff, "load off"), "OL OFF");
    await new Promise((r) => setTimeout(r, 3000));
    assertEquals(await c.getVar("ups1", "ups.status"), "OL OFF", "shutdown.stayoff, not shutdown.return");
    assertEquals((await vars(c))["driver.parameter.sdcommands"], "shutdown.stayoff");
  },
});

Deno.test({
  name:
    "the power race: monitor shuts down, power returns, the README hook's upsdrvctl shutdown cycles the load",
  async fn() {
    await using bed = await startBed("ours", "ours", 1, SWITCH);
    await using c = await client(bed);
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    await bed.power("power_cut.seq");
    assertEquals(await waitShutdown(m), 0, m.proc.stderr);

    // The power comes back while the host halts.
    await bed.power("online.dev");
    await waitStatus(c, (s) => s.includes("OL"), "line power");

    // Late in the shutdown, the hook: upsmon -K, then upsdrvctl shutdown (programs of this tree).
    const bin = join(bed.setup.dir.path, "hookbin");
    await Deno.mkdir(bin);
    const self = nutCommand();
    for (const name of ["upsmon", "upsdrvctl"]) {
      await Deno.writeTextFile(
        join(bin, name),
        `#!/bin/sh\nNUT_ARGV0=${name} exec "${self.cmd}" ${self.args.map((a) => `"${a}"`).join(" ")} "$@"\n`,
      );
      await Deno.chmod(join(bin, name), 0o755);
    }
    const reboots = join(bed.setup.dir.path, "reboot.log");
    await Deno.writeTextFile(join(bin, "reboot"), `#!/bin/sh\necho "reboot $*" >> "${reboots}"\n`);
    await Deno.chmod(join(bin, "reboot"), 0o755);
    await Deno.copyFile(join(bed.setup.confPath, "ups.conf"), join(m.confPath, "ups.conf"));
    const hook = run("/bin/sh", [join(FIXTURES, "nutshutdown.sh")], {
      env: {
        PATH: `${bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
        NUT_CONFPATH: m.confPath,
        NUT_STATEPATH: bed.setup.statePath,
        NUT_PIDPATH: m.confPath,
        NUT_ALTPIDPATH: bed.setup.statePath,
        NUT_POWERDOWN_WAIT: "1",
      },
      timeoutMs: 60_000,
    });
    // The UPS cuts the load although the power is back (shutdown.return), then restores it.
    const off = await waitStatus(c, hasOff, "load off").catch(async (e) => {
      const h = await hook;
      throw new Error(`${(e as Error).message}\nhook: ${h.code}\n${h.stdout}\n${h.stderr}`);
    });
    assertEquals(off, "FSD OL OFF");
    assertEquals(
      await waitStatus(c, (s) => !hasOff(s), "load back"),
      "FSD OL",
      "FSD stays latched in upsd, as in NUT",
    );
    const h = await hook;
    assertEquals(h.code, 0, h.stderr);
    // In real life the host lost power before this point; here it lives on and reaches the reboot.
    assertStringIncludes(await Deno.readTextFile(reboots), "reboot -f");
  },
});

Deno.test({
  name: "the README hook does nothing without the POWERDOWNFLAG (an ordinary shutdown)",
  async fn() {
    await using bed = await startBed("ours", "ours", 1, SWITCH);
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    await m.proc.stop();
    const self = nutCommand();
    const bin = join(bed.setup.dir.path, "hookbin");
    await Deno.mkdir(bin);
    await Deno.writeTextFile(
      join(bin, "upsmon"),
      `#!/bin/sh\nNUT_ARGV0=upsmon exec "${self.cmd}" ${self.args.map((a) => `"${a}"`).join(" ")} "$@"\n`,
    );
    await Deno.writeTextFile(join(bin, "upsdrvctl"), `#!/bin/sh\necho called >> "${join(bin, "called")}"\n`);
    for (const n of ["upsmon", "upsdrvctl"]) await Deno.chmod(join(bin, n), 0o755);
    const h = await run("/bin/sh", [join(FIXTURES, "nutshutdown.sh")], {
      env: { PATH: `${bin}:/usr/bin:/bin`, NUT_CONFPATH: m.confPath, NUT_POWERDOWN_WAIT: "0" },
    });
    assertEquals(h.code, 0);
    let called = true;
    try {
      await Deno.stat(join(bin, "called"));
    } catch {
      called = false;
    }
    assertEquals(called, false);
  },
});
