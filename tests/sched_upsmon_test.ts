// The whole chain of issue 3's proof: NUT 2.8.0's upsmon watches our upsd serving our dummy-ups, and calls
// our upssched as NOTIFYCMD; the power fails (ups.status set to OB), a timer fires, power returns, the other
// timer is cancelled and CANCEL-TIMER's command runs. NUT's upsmon is the caller so that only NUT's
// documented interface (NOTIFYTYPE, UPSNAME, the message argument) connects the two programs.
import { assertEquals } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import process from "node:process";
import { NUT_SBIN, nutCommand, Proc, tempDir, waitFor } from "./helpers.ts";
import { ONLINE_DEV, startStack } from "./upslog_stack.ts";

const NUT_UPSMON = join(NUT_SBIN, "upsmon");

function upsmonMissing(): boolean {
  try {
    return !Deno.statSync(NUT_UPSMON).isFile;
  } catch {
    return true;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: "NUT's upsmon calls our upssched: a timer fires on ONBATT, ONLINE cancels the other one",
  ignore: upsmonMissing() || Deno.uid() !== 0,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using stack = await startStack({ ups1: ONLINE_DEV });
    await using dir = await tempDir("nut-sched-upsmon-");
    const nut = nutCommand("upssched");
    const wrapper = await dir.write(
      "upssched",
      `#!/bin/sh\nNUT_ARGV0=upssched exec ${[nut.cmd, ...nut.args].join(" ")} "$@"\n`,
      0o755,
    );
    const recorder = await dir.write(
      "cmd.sh",
      `#!/bin/sh\necho "$1|$UPSNAME|$NOTIFYTYPE|$NOTIFYMSG" >> "${join(dir.path, "calls.log")}"\n`,
      0o755,
    );
    await dir.write(
      "upssched.conf",
      [
        `CMDSCRIPT ${recorder}`,
        `PIPEFN ${join(dir.path, "upssched.pipe")}`,
        `LOCKFN ${join(dir.path, "upssched.lock")}`,
        "AT ONBATT * START-TIMER onbatt 1",
        "AT ONBATT * START-TIMER long-outage 4",
        "AT ONLINE * CANCEL-TIMER long-outage",
        "AT ONLINE * CANCEL-TIMER onbatt power-back",
        "",
      ].join("\n"),
    );
    const ups = stack.ups("ups1");
    await dir.write(
      "upsmon.conf",
      [
        `MONITOR ${ups} 1 mon pw primary`,
        "MINSUPPLIES 1",
        'SHUTDOWNCMD "/bin/true"',
        `NOTIFYCMD ${wrapper}`,
        `POWERDOWNFLAG ${join(dir.path, "killpower")}`,
        "POLLFREQ 1",
        "POLLFREQALERT 1",
        "NOTIFYFLAG ONBATT EXEC",
        "NOTIFYFLAG ONLINE EXEC",
        "",
      ].join("\n"),
    );
    const calls = async () => {
      try {
        return (await Deno.readTextFile(join(dir.path, "calls.log"))).split("\n").filter((l) => l);
      } catch {
        return [];
      }
    };
    const bin = join(dir.path, "refupsmon-sched");
    await Deno.copyFile(NUT_UPSMON, bin);
    await Deno.chmod(bin, 0o755);
    const env = {
      NUT_CONFPATH: dir.path,
      NUT_STATEPATH: dir.path,
      NUT_ALTPIDPATH: dir.path,
      NUT_PIDPATH: dir.path,
    };
    // -P 1: NUT 2.8.0 keeps its PID file in the build's PIDPATH (/run/nut); skip its running-instance check.
    const upsmon = new Proc(bin, ["-D", "-P", "1", "-u", "root"], { env });
    const pidFile = "/run/nut/refupsmon-sched.pid";
    try {
      await upsmon.waitForOutput(/Logged into UPS/, 30_000);
      await stack.set("ups1", "ups.status", "OB DISCHRG");
      await waitFor(async () => (await calls()).some((l) => l.startsWith("onbatt|")), "timer onbatt", 20_000)
        .catch((e) => {
          throw new Error(`${(e as Error).message}\n${upsmon.stderr}`);
        });
      await stack.set("ups1", "ups.status", "OL");
      await waitFor(
        async () => (await calls()).some((l) => l.startsWith("power-back|")),
        "CANCEL-TIMER's command",
        20_000,
      );
      // long-outage would have fired 4 s after ONBATT.
      await new Promise((r) => setTimeout(r, 4000));
      const seen = await calls();
      assertEquals(seen.map((l) => l.split("|")[0]), ["onbatt", "power-back"]);
      assertEquals(seen[0], `onbatt|${ups}|ONBATT|UPS ${ups} on battery`);
      assertEquals(seen[1].startsWith(`power-back|${ups}|ONLINE|`), true);
    } finally {
      let child: number | undefined;
      try {
        child = Number((await Deno.readTextFile(pidFile)).trim()) || undefined;
      } catch { /* none */ }
      // Stop the parent and, at the same time, its monitoring child (which holds the output pipe too).
      const stopping = upsmon.stop();
      if (child !== undefined && child !== upsmon.pid && alive(child)) {
        process.kill(child, "SIGTERM");
        await waitFor(() => !alive(child!), "upsmon's child to end", 5000).catch(() =>
          process.kill(child!, "SIGKILL")
        );
      }
      await stopping;
      if (child === undefined || !alive(child)) await Deno.remove(pidFile).catch(() => {});
      // Our timer daemon: its PID file is in the test directory.
      try {
        const daemon = Number((await Deno.readTextFile(join(dir.path, "upssched.pid"))).trim());
        if (daemon && alive(daemon)) process.kill(daemon, "SIGTERM");
      } catch { /* ended already */ }
    }
  },
});
