/**
 * The monitor in real processes on 127.0.0.1: our dummy-ups plays power events from .seq fixtures,
 * our upsd serves them, our upsmon watches; SHUTDOWNCMD and NOTIFYCMD are scripts that only record.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { NutClient } from "../lib/client/mod.ts";
import { SDMAGIC } from "../lib/monitor/power_down_flag.ts";
import { LineClient } from "./server_harness.ts";
import { runNut, waitFor } from "./helpers.ts";
import { settle, startBed, waitExit, waitShutdown } from "./monitor_helpers.ts";

const AS_ROOT = Deno.uid() === 0;

async function upsStatus(port: number, ups = "ups1"): Promise<string> {
  await using c = await NutClient.connect("127.0.0.1", port, { timeoutMs: 5000 });
  return await c.getVar(ups, "ups.status");
}

Deno.test({
  name:
    "power fails: ONBATT; battery low: LOWBATT, FSD, SHUTDOWN, SHUTDOWNCMD; POWERDOWNFLAG written, -K true",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    const k0 = await runNut("upsmon", ["-K"], { env: m.env });
    assertEquals(k0.code, 1, "no flag before the shutdown");
    await bed.power("power_cut.seq");
    assertEquals(await waitShutdown(m), 0, m.proc.stderr);
    assertEquals(await m.events(), [
      `FSD ${bed.ups()}`,
      `LOWBATT ${bed.ups()}`,
      `ONBATT ${bed.ups()}`,
      "SHUTDOWN",
    ]);
    assertLogOrder(m.proc.stderr, [
      `UPS ${bed.ups()} on battery`,
      `UPS ${bed.ups()} battery is low`,
      `UPS ${bed.ups()}: forced shutdown in progress`,
      "Auto logout and shutdown proceeding",
    ]);
    // The privileged parent ran SHUTDOWNCMD; the monitoring child (and its NOTIFYCMD) had dropped root.
    assertEquals(await m.shutdowns(), [AS_ROOT ? "SHUTDOWN root" : `SHUTDOWN ${Deno.env.get("USER") ?? ""}`]);
    if (AS_ROOT) assert((await m.records()).every((r) => r.endsWith("|nut")), (await m.records()).join("\n"));
    assertEquals(await Deno.readTextFile(join(m.confPath, "killpower")), SDMAGIC);
    assertEquals(
      await Deno.readTextFile(join(m.confPath, "leaks.log")),
      "",
      "no internal variable reached NOTIFYCMD",
    );
    assertStringIncludes(await upsStatus(bed.port), "FSD");
    const k1 = await runNut("upsmon", ["-K"], { env: m.env });
    assertEquals(k1.code, 0, k1.stderr);
    assertStringIncludes(k1.stderr, "Power down flag is set");
    // The wall(1) messages: every notification (SYSLOG+WALL+EXEC) and NUT's own one before shutting down.
    const wall = await Deno.readTextFile(join(bed.setup.dir.path, "wall.log"));
    assertStringIncludes(wall, "Executing automatic power-fail shutdown");
    assertStringIncludes(wall, `UPS ${bed.ups()} battery is low`);
    // The PID file is gone with the process.
    await assertMissing(join(m.pidPath, "upsmon.pid"));
  },
});

/** Checks that the lines appear in this order in a log. */
function assertLogOrder(log: string, lines: string[]): void {
  let from = 0;
  for (const line of lines) {
    const i = log.indexOf(line, from);
    assert(i >= 0, `"${line}" missing after position ${from} in:\n${log}`);
    from = i + line.length;
  }
}

async function assertMissing(path: string): Promise<void> {
  try {
    await Deno.stat(path);
  } catch {
    return;
  }
  throw new Error(`${path} still exists`);
}

Deno.test({
  name: "power returns before the battery is low: ONLINE and no shutdown",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    await bed.power("power_returns.seq");
    await m.waitEvent("ONLINE");
    await settle();
    assertEquals(await m.events(), [`ONBATT ${bed.ups()}`, `ONLINE ${bed.ups()}`]);
    assertLogOrder(m.proc.stderr, [`UPS ${bed.ups()} on battery`, `UPS ${bed.ups()} on line power`]);
    assertEquals(await m.shutdowns(), []);
    assertEquals(await upsStatus(bed.port), "OL CHRG");
  },
});

Deno.test({
  name: "comm lost while online: COMMBAD, NOCOMM, no shutdown; back: COMMOK",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    await bed.stopDriver();
    await m.waitEvent("COMMBAD");
    await m.waitEvent("NOCOMM");
    await settle(4000); // beyond DEADTIME and HOSTSYNC
    assertEquals(await m.shutdowns(), []);
    await bed.startDriver();
    await m.waitEvent("COMMOK");
    const events = await m.events();
    assertEquals(events.filter((e) => !e.startsWith("NOCOMM")), [
      `COMMBAD ${bed.ups()}`,
      `COMMOK ${bed.ups()}`,
    ]);
    assertEquals(await m.shutdowns(), []);
  },
});

Deno.test({
  name: "comm lost while on battery: shutdown once DEADTIME has passed",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("secondary", `MONITOR ${bed.ups()} 1 sec pw secondary`);
    await bed.power("on_battery.seq");
    await m.waitEvent("ONBATT");
    await settle(1000);
    assertEquals(await m.shutdowns(), [], "on battery with a good battery: no shutdown");
    await bed.stopServer();
    assertEquals(await waitShutdown(m), 0, m.proc.stderr);
    const events = await m.events();
    for (const e of [`ONBATT ${bed.ups()}`, `COMMBAD ${bed.ups()}`, "SHUTDOWN"]) {
      assert(events.includes(e), e);
    }
    assertLogOrder(m.proc.stderr, [
      `UPS ${bed.ups()} on battery`,
      `Communications with UPS ${bed.ups()} lost`,
      "Auto logout and shutdown proceeding",
    ]);
    assertStringIncludes(m.proc.stderr, `Promoting dead UPS: ${bed.ups()}`);
    assertEquals(await m.shutdowns(), [AS_ROOT ? "SHUTDOWN root" : `SHUTDOWN ${Deno.env.get("USER") ?? ""}`]);
  },
});

Deno.test({
  name: "primary + two secondaries: the secondaries shut down on FSD, the primary waits for both to log out",
  async fn() {
    await using bed = await startBed();
    const p = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: "HOSTSYNC 60\n",
    });
    const s1 = await bed.startMonitor("sec1", `MONITOR ${bed.ups()} 1 sec pw secondary`);
    const s2 = await bed.startMonitor("sec2", `MONITOR ${bed.ups()} 1 sec pw secondary`);
    {
      await using c = await NutClient.connect("127.0.0.1", bed.port);
      assertEquals(await c.getNumLogins("ups1"), 3);
    }
    await bed.power("power_cut.seq");
    for (const s of [s1, s2]) {
      assertEquals(await waitShutdown(s), 0, s.proc.stderr);
      const events = await s.events();
      assert(events.includes(`FSD ${bed.ups()}`), events.join(", "));
      assert(events.includes("SHUTDOWN"), events.join(", "));
      assertEquals((await s.shutdowns()).length, 1);
    }
    assertEquals(await waitShutdown(p), 0, p.proc.stderr);
    const events = await p.events();
    assert(events.includes("SHUTDOWN_HOSTSYNC"), events.join(", "));
    assert(events.includes("SHUTDOWN"), events.join(", "));
    assert(!p.proc.stderr.includes("Host sync timer expired"), "the secondaries left in time");
    assertEquals((await p.shutdowns()).length, 1);
  },
});

Deno.test({
  name: "the primary stops waiting for a secondary that never logs out at HOSTSYNC",
  async fn() {
    await using bed = await startBed();
    const p = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: "HOSTSYNC 2\n",
    });
    // A stuck secondary: logged in, never leaving.
    await using stuck = await LineClient.connect(bed.port);
    for (const line of ["USERNAME sec", "PASSWORD pw", "LOGIN ups1"]) {
      assertEquals((await stuck.exchange(line))[0].startsWith("OK"), true, line);
    }
    await bed.power("power_cut.seq");
    assertEquals(await waitShutdown(p), 0, p.proc.stderr);
    assertStringIncludes(p.proc.stderr, "Host sync timer expired, forcing shutdown");
    assertLogOrder(p.proc.stderr, [
      "Shutdown initiated; primary system is waiting for secondaries to log out or time out",
      "Host sync timer expired, forcing shutdown",
      "Auto logout and shutdown proceeding",
    ]);
    assertEquals((await p.shutdowns()).length, 1);
  },
});

Deno.test({
  name: "MINSUPPLIES 2 with two supplies: one UPS fails, the host shuts down (MINSUPPLIES 1 would not)",
  async fn() {
    await using bed = await startBed("ours", "ours", 2);
    const lines = `MONITOR ${bed.ups("ups1")} 1 sec pw secondary\nMONITOR ${
      bed.ups("ups2")
    } 1 sec pw secondary`;
    const two = await bed.startMonitor("two", lines, { extra: "MINSUPPLIES 2\n" });
    const one = await bed.startMonitor("one", lines, { extra: "MINSUPPLIES 1\n" });
    await bed.power("power_cut.seq", "ups1");
    assertEquals(await waitShutdown(two), 0, two.proc.stderr);
    assert((await two.events()).includes("SHUTDOWN"));
    assertStringIncludes(two.proc.stderr, "Too few UPS(es) are healthy (1<2)");
    await one.waitEvent("LOWBATT");
    await settle(4000); // beyond HOSTSYNC
    assertEquals(await one.shutdowns(), []);
    assertEquals(await one.events(), [`LOWBATT ${bed.ups("ups1")}`, `ONBATT ${bed.ups("ups1")}`]);
  },
});

Deno.test({
  name: "upsmon -c fsd: the primary sets FSD and shuts down, its secondary follows",
  async fn() {
    await using bed = await startBed();
    const p = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      extra: "HOSTSYNC 30\n",
    });
    const s = await bed.startMonitor("sec", `MONITOR ${bed.ups()} 1 sec pw secondary`);
    await waitFor(async () => {
      try {
        return (await Deno.readTextFile(join(p.pidPath, "upsmon.pid"))).trim().length > 0;
      } catch {
        return false;
      }
    }, "the primary's PID file");
    const r = await runNut("upsmon", ["-c", "fsd"], { env: p.env });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(await waitShutdown(s), 0, s.proc.stderr);
    assertEquals(await waitShutdown(p), 0, p.proc.stderr);
    assertEquals(await s.events(), [`FSD ${bed.ups()}`, "SHUTDOWN"]);
    assert((await p.events()).includes("SHUTDOWN"));
    assert((await p.events()).includes("SHUTDOWN_HOSTSYNC"), "the primary waited for its secondary");
    assert((await p.events()).includes(`FSD ${bed.ups()}`));
    assertStringIncludes(p.proc.stderr, "User requested FSD");
    assertEquals((await p.shutdowns()).length, 1);
    assertStringIncludes(await upsStatus(bed.port), "FSD");
  },
});

Deno.test({
  name: "nut monitor --dry-run reports what would be notified, set and run, and does none of it",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("rehearsal", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      args: ["-D", "--dry-run"],
      ready: /dry run, not logging in/,
    });
    {
      await using c = await NutClient.connect("127.0.0.1", bed.port);
      assertEquals(await c.getNumLogins("ups1"), 0, "a rehearsal does not LOGIN");
    }
    await bed.power("power_cut.seq");
    assertEquals(await waitExit(m), 0, m.proc.stderr);
    const out = m.proc.stdout;
    for (
      const line of [
        `[dry-run] notify ONBATT (${bed.ups()}): "UPS ${bed.ups()} on battery" via SYSLOG+WALL+EXEC`,
        `[dry-run] notify LOWBATT (${bed.ups()})`,
        `[dry-run]   would run NOTIFYCMD: ${join(m.confPath, "notify.sh")} "UPS ${bed.ups()} battery is low"`,
        `[dry-run] would set FSD on UPS ${bed.ups()}`,
        "[dry-run] notify SHUTDOWN",
        `[dry-run] would write POWERDOWNFLAG ${join(m.confPath, "killpower")}`,
        `[dry-run] would run SHUTDOWNCMD: ${join(m.confPath, "shutdown.sh")}`,
      ]
    ) assertStringIncludes(out, line);
    assertEquals(await m.events(), []);
    assertEquals(await m.shutdowns(), []);
    await assertMissing(join(m.confPath, "killpower"));
    await assertMissing(join(bed.setup.dir.path, "wall.log"));
    assertEquals((await upsStatus(bed.port)).includes("FSD"), false);
    // The environment switch does the same.
    const envRun = await bed.startMonitor("rehearsal2", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      env: { NUT_MONITOR_DRY_RUN: "1" },
      ready: /dry run, not logging in/,
    });
    assertEquals(await waitExit(envRun), 0, envRun.proc.stderr);
    assertStringIncludes(envRun.proc.stdout, "[dry-run] would run SHUTDOWNCMD");
    assertEquals(await envRun.shutdowns(), []);
  },
});

Deno.test({
  name: "the monitoring child notices the death of the privileged parent: NOPARENT",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    const childPid = Number((await Deno.readTextFile(join(m.pidPath, "upsmon.pid"))).trim());
    assert(childPid !== m.proc.pid, "the PID file names the monitoring child");
    m.proc.kill("SIGKILL");
    await m.waitEvent("NOPARENT");
    assertEquals(
      (await m.records()).find((r) => r.startsWith("NOPARENT")),
      [
        "NOPARENT",
        "",
        "upsmon parent process died - shutdown impossible",
        AS_ROOT ? "nut" : Deno.env.get("USER"),
      ].join("|"),
    );
    const r = await runNut("upsmon", ["-c", "stop"], { env: m.env });
    assertEquals(r.code, 0, r.stderr);
    await waitFor(() => {
      try {
        Deno.kill(childPid, "SIGCONT");
        return false;
      } catch {
        return true;
      }
    }, "the child's exit");
  },
});

Deno.test({
  name:
    "upsmon -p keeps one process, which runs SHUTDOWNCMD itself; -c stop ends it and removes the PID file",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("single", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      args: ["-D", "-p"],
    });
    assertEquals(
      Number((await Deno.readTextFile(join(m.pidPath, "upsmon.pid"))).trim()),
      m.proc.pid,
      "one process: the PID file names it",
    );
    const r = await runNut("upsmon", ["-c", "stop"], { env: m.env });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(await waitExit(m), 0);
    await assertMissing(join(m.pidPath, "upsmon.pid"));
    assertStringIncludes(m.proc.stderr, "Signal 15: exiting");

    const one = await bed.startMonitor("single2", `MONITOR ${bed.ups()} 1 mon pw primary`, {
      args: ["-D", "-p"],
    });
    await bed.power("power_cut.seq");
    assertEquals(await waitShutdown(one), 0, one.proc.stderr);
    const user = AS_ROOT ? "root" : Deno.env.get("USER") ?? "";
    assertEquals(await one.shutdowns(), [`SHUTDOWN ${user}`]);
    assert((await one.records()).every((rec) => rec.endsWith(`|${user}`)), "one process: no privilege drop");
    assertEquals(await Deno.readTextFile(join(one.confPath, "killpower")), SDMAGIC);
  },
});

Deno.test({
  name: "SIGHUP reloads upsmon.conf: a new NOTIFYMSG is used",
  async fn() {
    await using bed = await startBed();
    const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`);
    const conf = join(m.confPath, "upsmon.conf");
    await Deno.writeTextFile(conf, (await Deno.readTextFile(conf)) + 'NOTIFYMSG ONBATT "Power cut on %s"\n');
    const r = await runNut("upsmon", ["-c", "reload"], { env: m.env });
    assertEquals(r.code, 0, r.stderr);
    await m.proc.waitForOutput(/Reloading configuration/);
    await bed.power("on_battery.seq");
    await m.waitEvent("ONBATT");
    assertEquals((await m.records())[0].split("|")[2], `Power cut on ${bed.ups()}`);
  },
});
