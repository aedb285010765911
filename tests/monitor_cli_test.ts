/**
 * upsmon as a program: help, version, configuration errors, -K, -c, the running-instance check; side by
 * side with NUT 2.8.0's upsmon where it is installed.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { SDMAGIC } from "../lib/monitor/power_down_flag.ts";
import { NUT_SBIN, nutPeerMissing, run, runNut, tempDir } from "./helpers.ts";

const NUT_UPSMON = join(NUT_SBIN, "upsmon");
const noNut = nutPeerMissing() !== undefined;

async function both(env: Record<string, string>, args: string[]) {
  const ours = await runNut("upsmon", args, { env });
  const nut = noNut ? undefined : await run(NUT_UPSMON, args, { env });
  return { ours, nut };
}

Deno.test({
  name: "upsmon -h prints NUT's help and exits 0; -V prints the banner",
  async fn() {
    const h = await runNut("upsmon", ["-h"]);
    assertEquals(h.code, 0);
    for (
      const line of [
        "Monitors UPS servers and may initiate shutdown if necessary.",
        "  -c <cmd>\tsend command to running process",
        "  -K\t\tchecks POWERDOWNFLAG, sets exit code to 0 if set",
        "  -p\t\talways run privileged (disable privileged parent)",
        "  -u <user>\trun child as user <user> (ignored when using -p)",
        "  --dry-run",
      ]
    ) assertStringIncludes(h.stdout, line);
    const v = await runNut("upsmon", ["-V"]);
    assertEquals(v.code, 0);
    assert(v.stdout.startsWith("Network UPS Tools upsmon 2.8.0"), v.stdout);
    const bad = await runNut("upsmon", ["-c", "explode"]);
    assertEquals(bad.code, 0, "an unknown -c command prints the help, as NUT");
    assertStringIncludes(bad.stdout, "usage: upsmon [OPTIONS]");
    const nut = await runNut("nut", ["--help"]);
    assertStringIncludes(nut.stdout, "  monitor ");
  },
});

Deno.test({
  name: "upsmon: a missing upsmon.conf is fatal, as in NUT",
  async fn() {
    await using dir = await tempDir("nut-mon-cli-");
    const env = { NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path, NUT_STATEPATH: dir.path };
    const { ours, nut } = await both(env, ["-F", "-P", "1"]);
    assertEquals(ours.code, 1);
    assertStringIncludes(
      ours.stderr,
      `Can't open ${join(dir.path, "upsmon.conf")}: No such file or directory`,
    );
    if (nut) {
      assertEquals(nut.code, 1);
      assertStringIncludes(
        nut.stderr,
        `Can't open ${join(dir.path, "upsmon.conf")}: No such file or directory`,
      );
    }
  },
});

Deno.test({
  name: "upsmon refuses a configuration whose power values cannot reach MINSUPPLIES, with NUT's text",
  async fn() {
    await using dir = await tempDir("nut-mon-cli-");
    await dir.write("upsmon.conf", "MONITOR a@127.0.0.1:1 1 u p primary\nMINSUPPLIES 2\n");
    const env = { NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path, NUT_STATEPATH: dir.path };
    const { ours, nut } = await both(env, ["-F", "-P", "1"]);
    assertEquals(ours.code, 1);
    const expected =
      "Warning: no shutdown command defined!\n\nFatal error: insufficient power configured!\n\n" +
      "Sum of power values........: 1\nMinimum value (MINSUPPLIES): 2\n\nEdit your upsmon.conf and change the values.\n";
    assertEquals(ours.stdout.split("\n").slice(1).join("\n"), expected);
    if (nut) {
      assertEquals(nut.code, 1);
      assertEquals(nut.stdout.split("\n").slice(1).join("\n"), expected);
    }
  },
});

Deno.test({
  name: "upsmon -K: 0 only when POWERDOWNFLAG holds upsmon's magic text (as NUT's upsmon -K)",
  async fn() {
    await using dir = await tempDir("nut-mon-cli-");
    const flag = join(dir.path, "killpower");
    await dir.write("upsmon.conf", `MONITOR a@127.0.0.1:1 1 u p primary\nPOWERDOWNFLAG ${flag}\n`);
    const env = { NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path, NUT_STATEPATH: dir.path };
    const codes = async () => {
      const { ours, nut } = await both(env, ["-K"]);
      return { ours: ours.code, nut: nut?.code ?? ours.code, text: ours.stderr };
    };
    const absent = await codes();
    assertEquals([absent.ours, absent.nut], [1, 1]);
    assertStringIncludes(absent.text, "Power down flag is not set");
    await Deno.writeTextFile(flag, SDMAGIC);
    const set = await codes();
    assertEquals([set.ours, set.nut], [0, 0]);
    assertStringIncludes(set.text, "Power down flag is set");
    await Deno.writeTextFile(flag, "something else\n");
    const foreign = await codes();
    assertEquals([foreign.ours, foreign.nut], [1, 1]);
    assertStringIncludes(foreign.text, "does not contain the upsmon magic string");
    // Without POWERDOWNFLAG in the configuration.
    await dir.write("upsmon.conf", "MONITOR a@127.0.0.1:1 1 u p primary\n");
    const none = await codes();
    assertEquals([none.ours, none.nut], [1, 1]);
  },
});

Deno.test({
  name: "upsmon removes a POWERDOWNFLAG of its own at start-up, and leaves a foreign file alone",
  async fn() {
    await using dir = await tempDir("nut-mon-cli-");
    const flag = join(dir.path, "killpower");
    // MINSUPPLIES 2 > 1: upsmon stops right after the start-up checks.
    await dir.write(
      "upsmon.conf",
      `MONITOR a@127.0.0.1:1 1 u p primary\nMINSUPPLIES 2\nPOWERDOWNFLAG ${flag}\n`,
    );
    const env = { NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path, NUT_STATEPATH: dir.path };
    await Deno.writeTextFile(flag, SDMAGIC);
    await runNut("upsmon", ["-F"], { env });
    let exists = true;
    try {
      await Deno.stat(flag);
    } catch {
      exists = false;
    }
    assertEquals(exists, false);
    await Deno.writeTextFile(flag, "my precious file\n");
    const r = await runNut("upsmon", ["-F"], { env });
    assertStringIncludes(r.stderr, "does not contain the upsmon magic string - disabling!");
    assertEquals(await Deno.readTextFile(flag), "my precious file\n");
  },
});

Deno.test({
  name: "upsmon -c without a running instance fails; a running instance prevents a second one",
  async fn() {
    await using dir = await tempDir("nut-mon-cli-");
    await dir.write("upsmon.conf", "MONITOR a@127.0.0.1:1 1 u p primary\n");
    const env = { NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path, NUT_STATEPATH: dir.path };
    const stop = await runNut("upsmon", ["-c", "stop"], { env });
    assertEquals(stop.code, 1);
    assertStringIncludes(stop.stderr, `fopen ${join(dir.path, "upsmon.pid")}: No such file or directory`);
    // A live process in the PID file (this test's own): upsmon will not start.
    await dir.write("upsmon.pid", `${Deno.pid}\n`);
    const second = await runNut("upsmon", ["-F"], { env });
    assertEquals(second.code, 1);
    assertStringIncludes(second.stdout, "Fatal error: A previous upsmon instance is already running!");
    // -P with a process that does not exist: neither a signal nor a refusal to start.
    const gone = await runNut("upsmon", ["-c", "reload", "-P", "1"], { env });
    assertEquals(gone.code, 1);
  },
});

Deno.test({
  name: "upsmon logs upsmon.conf lines NUT's upsmon would ignore, naming file:line",
  async fn() {
    await using dir = await tempDir("nut-mon-cli-");
    await dir.write("upsmon.conf", "MONITOR a@127.0.0.1:1 1 u p primary\nMINSUPPLIES 2\nFOO bar\n");
    const env = { NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path, NUT_STATEPATH: dir.path };
    const r = await runNut("upsmon", ["-F"], { env });
    assertStringIncludes(r.stderr, `${join(dir.path, "upsmon.conf")}:3: invalid directive FOO bar (ignored)`);
  },
});
