/**
 * `upslog` / `nut log`: NUT's UPS status logger (see lib/upslog/upslog.ts).
 * @module
 */
import process from "node:process";
import { stdio } from "../lib/cli/io.ts";
import { NutClient } from "../lib/client/client.ts";
import { detach, isDetachedChild, notifyReady } from "../lib/daemon/detach.ts";
import { removePidFile, writePidFile } from "../lib/daemon/pidfile.ts";
import { dropPrivileges } from "../lib/os/privileges.ts";
import { Libc } from "../ffi/libc.ts";
import { syslogSink } from "../lib/server/syslog_sink.ts";
import { upslog } from "../lib/upslog/upslog.ts";

/**
 * Runs upslog.
 * @param args the arguments
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  return await upslog("upslog", args, {
    out: stdio,
    env: (name) => Deno.env.get(name),
    connect: (host, port, options) => NutClient.connect(host, port, options),
    hostname: () => Deno.hostname(),
    pid: Deno.pid,
    detached: isDetachedChild(),
    detach: (a) => detach(a, "upslog"),
    onSignal: (signal, handler) => Deno.addSignalListener(signal, handler),
    dropPrivileges(user, log) {
      if (process.getuid?.() !== 0) return;
      const libc = new Libc();
      const target = user ?? (libc.getpwnam("nut") ? "nut" : undefined);
      if (target === undefined) {
        log.warn('Running as root: no -u user given and there is no user "nut"');
        return;
      }
      dropPrivileges({ user: target }, libc);
    },
    async writePid(path) {
      try {
        await writePidFile(path);
        return true;
      } catch (e) {
        stdio.err(`writepid: fopen ${path}: ${(e as Error).message}\n`);
        return false;
      }
    },
    removePid: (path) => removePidFile(path),
    ready(log) {
      notifyReady();
      try {
        log.sink = syslogSink("upslog");
      } catch {
        log.sink = () => {};
      }
    },
  });
}
