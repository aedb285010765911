/**
 * `upssched` / `nut sched`: upsmon's timer helper, NUT's program of that name (see lib/sched/upssched.ts);
 * also the background timer daemon it starts (see lib/sched/run_daemon.ts).
 * @module
 */
import { stdio } from "../lib/cli/io.ts";
import { processExists } from "../lib/daemon/pidfile.ts";
import { readConfigText } from "../config/load.ts";
import { upssched } from "../lib/sched/upssched.ts";
import { clearStaleLockFile, connectDaemon, createLockFile, type DaemonLink } from "../lib/sched/client.ts";
import { parseTimerDaemonSpec, spawnTimerDaemon, TIMER_DAEMON_ENV } from "../lib/sched/spawn.ts";
import { runScript } from "../lib/sched/exec.ts";
import { lazySyslogSink } from "../lib/sched/syslog.ts";

function link(debug: number): DaemonLink {
  return {
    connect: (pipeFn) => connectDaemon(pipeFn),
    createLock: createLockFile,
    removeLock: (lockFn) => Deno.remove(lockFn).catch(() => {}),
    clearStaleLock: (lockFn) => clearStaleLockFile(lockFn, processExists),
    startDaemon: (settings) => spawnTimerDaemon({ ...settings, debug }),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}

/**
 * Runs upssched (or, in the background copy it started, the timer daemon).
 * @param args the arguments
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  // Our launcher's variable must not reach CMDSCRIPT (a script calling `upsmon -c fsd` through the same
  // binary would otherwise start as upssched).
  Deno.env.delete("NUT_ARGV0");
  const spec = parseTimerDaemonSpec(Deno.env.get(TIMER_DAEMON_ENV));
  Deno.env.delete(TIMER_DAEMON_ENV);
  if (spec) {
    const { runTimerDaemon } = await import("../lib/sched/run_daemon.ts");
    return await runTimerDaemon(spec);
  }
  return await upssched("upssched", args, {
    out: stdio,
    env: (name) => Deno.env.get(name),
    logSink: lazySyslogSink("upssched"),
    link,
    execute: (cmdScript, argument, log) => runScript(cmdScript, argument, { stdio: "inherit", log }),
    readConfig: readConfigText,
  });
}
