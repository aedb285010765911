// upssched as upsmon calls it (NOTIFYTYPE and UPSNAME in the environment, the message as argument): timers
// that fire, timers that are cancelled, EXECUTE, one shared timer daemon for concurrent calls; the same
// scenario through NUT 2.8.0's /sbin/upssched gives the same CMDSCRIPT calls; and NUT's upssched and ours
// talk to each other's timer daemon over PIPEFN.
import { assert, assertEquals } from "../lib/testing/asserts.ts";
import { join } from "node:path";
import process from "node:process";
import { runNut, type TempDir, tempDir, waitFor } from "./helpers.ts";
import { killDaemons, NUT_UPSSCHED, nutUpsschedMissing, processesOf } from "./sched_helpers.ts";

/** A CMDSCRIPT that appends one line per call: arguments, then UPSNAME and NOTIFYTYPE. */
const RECORDER = `#!/bin/sh
echo "$*|$#|$UPSNAME|$NOTIFYTYPE|$NOTIFYMSG" >> "$(dirname "$0")/calls.log"
`;

interface SchedSetup {
  dir: TempDir;
  env: Record<string, string>;
  calls(): Promise<string[]>;
}

async function schedSetup(dir: TempDir, rules: string): Promise<SchedSetup> {
  const script = await dir.write("cmd.sh", RECORDER, 0o755);
  await dir.write(
    "upssched.conf",
    `CMDSCRIPT ${script}\nPIPEFN ${join(dir.path, "upssched.pipe")}\nLOCKFN ${
      join(dir.path, "upssched.lock")
    }\n${rules}`,
  );
  return {
    dir,
    env: { NUT_CONFPATH: dir.path, NUT_ALTPIDPATH: dir.path, NUT_STATEPATH: dir.path },
    async calls() {
      try {
        return (await Deno.readTextFile(join(dir.path, "calls.log"))).split("\n").filter((l) => l);
      } catch {
        return [];
      }
    },
  };
}

type Caller = (env: Record<string, string>, args?: string[]) => Promise<number>;

function ours(s: SchedSetup): Caller {
  return async (env, args = []) => {
    const r = await runNut("upssched", args, { env: { ...s.env, ...env } });
    if (r.code !== 0) throw new Error(`our upssched failed (${r.code}): ${r.stdout}${r.stderr}`);
    return r.code;
  };
}

function nuts(s: SchedSetup, bin: string): Caller {
  return async (env, args = []) => {
    const out = await new Deno.Command(bin, {
      args,
      env: { ...s.env, ...env },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (out.code !== 0) {
      throw new Error(`NUT's upssched failed (${out.code}): ${new TextDecoder().decode(out.stderr)}`);
    }
    return out.code;
  };
}

const SCENARIO = `
AT ONBATT * START-TIMER fires 1
AT ONBATT * START-TIMER cancelled 4
AT ONBATT * EXECUTE onbatt-now
AT LOWBATT * CANCEL-TIMER cancelled
AT ONLINE * CANCEL-TIMER fires backon
AT ONLINE ups2@localhost EXECUTE only-ups2
`;

/** Power fails, the battery runs low, the timer fires, power returns: the CMDSCRIPT calls in order. */
async function powerCut(s: SchedSetup, call: Caller): Promise<string[]> {
  await call({ UPSNAME: "ups1@localhost", NOTIFYTYPE: "ONBATT" }, ["UPS ups1@localhost on battery"]);
  await call({ UPSNAME: "ups1@localhost", NOTIFYTYPE: "LOWBATT" }, ["UPS ups1@localhost battery is low"]);
  await waitFor(async () => (await s.calls()).some((l) => l.startsWith("fires|")), "timer 'fires'");
  await call({ UPSNAME: "ups1@localhost", NOTIFYTYPE: "ONLINE" }, ["UPS ups1@localhost on line power"]);
  await waitFor(async () => (await s.calls()).some((l) => l.startsWith("backon|")), "CANCEL-TIMER's command");
  // 'cancelled' would have fired 4 s after ONBATT: stay long enough to see it would have.
  await new Promise((r) => setTimeout(r, 3500));
  return (await s.calls()).map((l) => l.split("|")[0]);
}

Deno.test({
  name: "upssched: a timer fires, a cancelled one never does, EXECUTE runs at once (ours)",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dir = await tempDir("nut-sched-");
    const s = await schedSetup(dir, SCENARIO);
    try {
      const seen = await powerCut(s, ours(s));
      assertEquals(seen, ["onbatt-now", "fires", "backon"]);
      const lines = await s.calls();
      // The timer's environment is the event that started it (NUT 2.8.3+); the message came as argument.
      assertEquals(lines[1], "fires|1|ups1@localhost|ONBATT|UPS ups1@localhost on battery");
      // EXECUTE runs in the call itself, with upsmon's environment.
      assertEquals(lines[0], "onbatt-now|1|ups1@localhost|ONBATT|");
      // One daemon served every call; it wrote its PID file and still runs (idle delay 15 s).
      const pid = Number((await Deno.readTextFile(join(dir.path, "upssched.pid"))).trim());
      assertEquals(processesOf(dir.path), [pid]);
      process.kill(pid, "SIGTERM");
      await waitFor(() => processesOf(dir.path).length === 0, "our daemon to end");
      let pipeLeft = true;
      await Deno.stat(join(dir.path, "upssched.pipe")).catch(() => pipeLeft = false);
      assertEquals(pipeLeft, false);
    } finally {
      await killDaemons(dir.path);
    }
  },
});

Deno.test({
  name: "upssched: NUT 2.8.0's upssched makes the same CMDSCRIPT calls in the same power cut",
  ignore: nutUpsschedMissing(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dir = await tempDir("nut-sched-ref-");
    const s = await schedSetup(dir, SCENARIO);
    const bin = join(dir.path, "refupssched");
    await Deno.copyFile(NUT_UPSSCHED, bin);
    await Deno.chmod(bin, 0o755);
    try {
      assertEquals(await powerCut(s, nuts(s, bin)), ["onbatt-now", "fires", "backon"]);
    } finally {
      await killDaemons(bin);
    }
  },
});

Deno.test({
  name: "upssched: concurrent calls share one timer daemon; -l lists its timers",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dir = await tempDir("nut-sched-race-");
    const s = await schedSetup(dir, "AT ONBATT * START-TIMER long 300\n");
    try {
      const call = ours(s);
      await Promise.all([1, 2, 3, 4, 5].map((i) => call({ UPSNAME: `ups${i}`, NOTIFYTYPE: "ONBATT" })));
      assertEquals(processesOf(dir.path).length, 1);
      const list = await runNut("upssched", ["-l"], { env: s.env });
      assertEquals(list.code, 0, list.stderr);
      const rows = list.stdout.split("\n").filter((l) => l).map((l) => l.split("\t"));
      assertEquals(rows.map((r) => r[0]), ["long", "long", "long", "long", "long"]);
      assertEquals(rows.map((r) => r[4]).sort(), ["ups1", "ups2", "ups3", "ups4", "ups5"]);
      // No lock file is left behind.
      let lockLeft = true;
      await Deno.stat(join(dir.path, "upssched.lock")).catch(() => lockLeft = false);
      assertEquals(lockLeft, false);
    } finally {
      await killDaemons(dir.path);
    }
  },
});

Deno.test({
  name: "upssched: NUT 2.8.0's upssched talks to our timer daemon, and ours to NUT's",
  ignore: nutUpsschedMissing(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await t.step("NUT's calls, our daemon", async () => {
      await using dir = await tempDir("nut-sched-x1-");
      const s = await schedSetup(
        dir,
        "AT ONBATT * START-TIMER keepalive 300\nAT ONLINE * START-TIMER soon 0\n",
      );
      const bin = join(dir.path, "refupssched");
      await Deno.copyFile(NUT_UPSSCHED, bin);
      await Deno.chmod(bin, 0o755);
      try {
        await ours(s)({ UPSNAME: "ups1", NOTIFYTYPE: "ONBATT" });
        const [daemon] = processesOf(dir.path);
        assert(daemon, "our daemon runs");
        await nuts(s, bin)({ UPSNAME: "ups1", NOTIFYTYPE: "ONLINE" });
        await waitFor(
          async () => (await s.calls()).some((l) => l.startsWith("soon|")),
          "our daemon to run 'soon'",
        );
        // NUT 2.8.0 sends only the name and seconds: the environment is empty, the daemon was ours.
        assertEquals((await s.calls()).find((l) => l.startsWith("soon|")), "soon|1|||");
        assertEquals(processesOf(bin).length, 0, "NUT's upssched started no daemon of its own");
      } finally {
        await killDaemons(dir.path);
        await killDaemons(bin);
      }
    });

    await t.step("our calls, NUT's daemon", async () => {
      await using dir = await tempDir("nut-sched-x2-");
      const s = await schedSetup(
        dir,
        "AT ONBATT * START-TIMER keepalive 300\nAT ONLINE * START-TIMER soon 0\nAT ONLINE * CANCEL-TIMER keepalive\n",
      );
      const bin = join(dir.path, "refupssched");
      await Deno.copyFile(NUT_UPSSCHED, bin);
      await Deno.chmod(bin, 0o755);
      try {
        await nuts(s, bin)({ UPSNAME: "ups1", NOTIFYTYPE: "ONBATT" });
        assertEquals(processesOf(bin).length, 1, "NUT's daemon runs");
        await ours(s)({ UPSNAME: "ups1", NOTIFYTYPE: "ONLINE" });
        await waitFor(
          async () => (await s.calls()).some((l) => l.startsWith("soon|")),
          "NUT's daemon to run 'soon'",
        );
        // Our long form was understood (the name and seconds); the cancel found 'keepalive'.
        assertEquals((await s.calls()).map((l) => l.split("|")[0]), ["soon"]);
        assertEquals(processesOf(dir.path).filter((p) => !processesOf(bin).includes(p)).length, 0);
      } finally {
        await killDaemons(bin);
        await killDaemons(dir.path);
      }
    });
  },
});
