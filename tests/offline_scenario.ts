/**
 * The run tests/offline_test.ts watches: inside its network namespace (loopback only, under strace), every
 * program briefly does its job against the others on 127.0.0.1, in the background as installed, so that
 * each child process they start takes part: upsdrvctl starts dummy-ups (tests/fixtures/monitor/online.dev)
 * in its shared process and, with --process-per-driver, as a program of its own; upsd, upslog and upsmon
 * (with its privilege split) go to the background; upssched starts its timer daemon, which runs
 * CMDSCRIPT; upsc and nut check query; nut demo plays for a few seconds. Then everything is stopped and
 * the ports and directories the run configured are written as JSON to the file named by the argument.
 * Every daemon lives well beyond the 500 ms after which Deno's update check would go out.
 *
 * Usage: `deno run -A tests/offline_scenario.ts <result.json>` (TMPDIR: where every directory goes).
 * @module
 */
import { join } from "node:path";
import process from "node:process";
import { freePort, runNut, spawnNut, type TempDir, tempDir, waitFor } from "./helpers.ts";
import { AS_ROOT, LineClient, type NutSetup, nutSetup, waitServing } from "./server_harness.ts";
import { FIXTURES } from "./monitor_helpers.ts";
import { processExists, readPidFile } from "../lib/daemon/pidfile.ts";

/** What the run configured, for the verdict. */
export interface ScenarioResult {
  /** Loopback TCP ports of the servers it started. */
  ports: number[];
  /** Directories of its Unix sockets. */
  unixRoots: string[];
}

const UPS_CONF = `[ups1]
  driver = dummy-ups
  port = online.dev
  pollinterval = 1
[ups2]
  driver = dummy-ups
  port = online.dev
  pollinterval = 1
`;

/**
 * Runs one of our programs to completion and fails unless it exits 0.
 * @param argv0 the program name
 * @param args its arguments
 * @param env its environment
 * @returns its standard output
 */
async function ok(argv0: string, args: string[], env: Record<string, string>): Promise<string> {
  const r = await runNut(argv0, args, { env, timeoutMs: 15_000 });
  if (r.code !== 0) throw new Error(`${argv0} ${args.join(" ")}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Sends SIGTERM to the process of a PID file and returns its PID. */
async function terminate(pidFile: string): Promise<number> {
  const pid = await readPidFile(pidFile);
  if (pid === undefined) throw new Error(`no PID in ${pidFile}`);
  process.kill(pid, "SIGTERM");
  return pid;
}

/** upsmon, background with its privilege split, logged in to upsd as a primary, then stopped. */
async function monitor(dir: TempDir, port: number): Promise<void> {
  await dir.write(
    "upsmon.conf",
    `MONITOR ups1@127.0.0.1:${port} 1 mon pw primary\nSHUTDOWNCMD "/bin/true"\nPOLLFREQ 1\n` +
      `POWERDOWNFLAG ${join(dir.path, "killpower")}\n`,
  );
  const env = { NUT_CONFPATH: dir.path, NUT_PIDPATH: dir.path, NUT_STATEPATH: dir.path };
  await ok("upsmon", [...AS_ROOT], env);
  await using c = await LineClient.connect(port);
  await waitFor(
    async () => (await c.exchange("GET NUMLOGINS ups1"))[0] === "NUMLOGINS ups1 1",
    "upsmon's login",
  );
  await new Promise((r) => setTimeout(r, 1000));
  await ok("upsmon", ["-c", "stop"], env);
}

/** upssched starts its timer daemon, whose timer runs CMDSCRIPT after 1 s; the daemon is then stopped. */
async function sched(dir: TempDir, port: number): Promise<number> {
  const script = await dir.write("cmd.sh", `#!/bin/sh\necho "$*" >> "$(dirname "$0")/calls.log"\n`, 0o755);
  await dir.write(
    "upssched.conf",
    `CMDSCRIPT ${script}\nPIPEFN ${join(dir.path, "upssched.pipe")}\nLOCKFN ${
      join(dir.path, "upssched.lock")
    }\n` +
      "AT ONBATT * START-TIMER onbatt 1\n",
  );
  const env = {
    NUT_CONFPATH: dir.path,
    NUT_ALTPIDPATH: dir.path,
    NUT_STATEPATH: dir.path,
    UPSNAME: `ups1@127.0.0.1:${port}`,
    NOTIFYTYPE: "ONBATT",
  };
  await ok("upssched", [`UPS ups1@127.0.0.1:${port} on battery`], env);
  await waitFor(
    () => Deno.readTextFile(join(dir.path, "calls.log")).then((t) => t.includes("onbatt"), () => false),
    "the timer's CMDSCRIPT",
  );
  return await terminate(join(dir.path, "upssched.pid"));
}

/** upslog in the background, one line a second, until two are written; then stopped. */
async function upslog(dir: TempDir, port: number): Promise<number> {
  const log = join(dir.path, "ups1.log");
  const pidFile = join(dir.path, "upslog.pid");
  await ok("upslog", ["-s", `ups1@127.0.0.1:${port}`, "-l", log, "-i", "1", "-p", pidFile, ...AS_ROOT], {});
  await waitFor(
    () => Deno.readTextFile(log).then((t) => t.split("\n").length > 2, () => false),
    "two lines of upslog",
  );
  return await terminate(pidFile);
}

/** nut demo on a free port for 3 s; returns the port it served. */
async function demo(): Promise<number> {
  await using p = spawnNut("nut", ["demo", "--port", "0", "--plain", "--duration", "3"]);
  await p.waitForOutput(/served on 127\.0\.0\.1:\d+/, 15_000);
  const port = Number(/served on 127\.0\.0\.1:(\d+)/.exec(p.stdout + p.stderr)![1]);
  const status = await Promise.race([p.status, new Promise((r) => setTimeout(r, 10_000))]);
  if (!status) throw new Error(`nut demo did not end after --duration 3\n${p.stdout}${p.stderr}`);
  return port;
}

/** Drivers and server up, the clients and daemons at work, everything stopped. */
async function scenario(setup: NutSetup): Promise<ScenarioResult> {
  await Deno.copyFile(join(FIXTURES, "online.dev"), join(setup.confPath, "online.dev"));
  const env = setup.env();
  await Promise.all([
    ok("upsdrvctl", [...AS_ROOT, "start", "ups1"], env),
    ok("upsdrvctl", [...AS_ROOT, "--process-per-driver", "start", "ups2"], env),
  ]);
  const port = await freePort();
  const upsdConf = await setup.serverConf("upsd", `LISTEN 127.0.0.1 ${port}\n`);
  await ok("upsd", [...AS_ROOT], setup.env(upsdConf));
  await waitServing(port, "ups1");
  await waitServing(port, "ups2");
  const ups = `ups1@127.0.0.1:${port}`;
  await using monDir = await tempDir("nut-offline-upsmon-");
  await using schedDir = await tempDir("nut-offline-sched-");
  await using logDir = await tempDir("nut-offline-upslog-");
  const [upsc, , , schedPid, logPid, demoPort] = await Promise.all([
    ok("upsc", [ups], {}),
    ok("nut", ["check", ups], {}),
    monitor(monDir, port),
    sched(schedDir, port),
    upslog(logDir, port),
    demo(),
  ]);
  if (!/^ups\.status: OL$/m.test(upsc)) throw new Error(`upsc did not show the UPS:\n${upsc}`);
  const daemons = [
    schedPid,
    logPid,
    ...await Promise.all(
      ["upsd.pid", "dummy-ups-ups1.pid", "dummy-ups-ups2.pid"].map((f) =>
        readPidFile(join(setup.statePath, f))
      ),
    ),
  ];
  await ok("upsd", ["-c", "stop"], setup.env(upsdConf));
  await ok("upsdrvctl", [...AS_ROOT, "stop"], env);
  await waitFor(
    () => daemons.every((pid) => pid === undefined || !processExists(pid)),
    "every daemon to end",
    10_000,
  );
  return { ports: [port, demoPort], unixRoots: [Deno.env.get("TMPDIR") ?? "/tmp"] };
}

if (import.meta.main) {
  await using setup = await nutSetup(UPS_CONF);
  const result = await scenario(setup);
  await Deno.writeTextFile(Deno.args[0], JSON.stringify(result));
}
