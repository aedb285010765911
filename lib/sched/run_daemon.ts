/**
 * The background copy of upssched that is the timer daemon: listen on PIPEFN, release LOCKFN, write
 * `upssched.pid` (as NUT 2.8.3+ does), tell the starting call we are ready, serve until idle.
 * @module
 */
import { join } from "node:path";
import { Logger, stderrSink } from "../log.ts";
import { notifyReady } from "../daemon/detach.ts";
import { removePidFile, writePidFile } from "../daemon/pidfile.ts";
import { nutPaths } from "../../config/paths.ts";
import { TimerDaemon } from "./daemon.ts";
import { runScript } from "./exec.ts";
import type { TimerDaemonSpec } from "./spawn.ts";
import { lazySyslogSink } from "./syslog.ts";

/**
 * Runs the daemon until it ends.
 * @param spec its settings
 * @returns the exit code
 */
export async function runTimerDaemon(spec: TimerDaemonSpec): Promise<number> {
  const syslog = lazySyslogSink("upssched");
  const log = new Logger({
    debugLevel: spec.debug,
    timestamps: false,
    sink: (severity, message) => {
      if (severity === "error" || spec.debug > 0) stderrSink(severity, message);
      syslog(severity, message);
    },
  });
  // Whatever event started us says nothing about the timers that will fire.
  for (const k of ["UPSNAME", "NOTIFYTYPE", "NOTIFYMSG"]) Deno.env.delete(k);
  const daemon = new TimerDaemon({
    pipeFn: spec.pipeFn,
    log,
    run: (argument, env) => runScript(spec.cmdScript, argument, { env, stdio: "null", log }),
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    log.error(`Internal error: ${(e.reason as Error)?.stack ?? e.reason}`);
  });
  try {
    await daemon.listen();
  } catch (e) {
    log.error((e as Error).message);
    return 1;
  }
  await Deno.remove(spec.lockFn).catch(() => {});
  const pidFile = join(nutPaths().altPidPath, "upssched.pid");
  let pidWritten = false;
  try {
    await writePidFile(pidFile);
    pidWritten = true;
  } catch (e) {
    log.debug(1, `Can't write PID file ${pidFile}: ${(e as Error).message}`);
  }
  const stop = () => void daemon.stop();
  for (const s of ["SIGTERM", "SIGINT", "SIGQUIT"] as const) Deno.addSignalListener(s, stop);
  Deno.addSignalListener("SIGHUP", () => {});
  notifyReady();
  await daemon.done;
  if (pidWritten) await removePidFile(pidFile);
  return 0;
}
