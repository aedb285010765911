/**
 * `upsd` / `nut server`: the data server, with NUT 2.8.0's flags, messages and exit codes.
 * Flags → configuration → lib/server → exit code; the process keeps running (-1) until a signal stops it.
 * @module
 */
import process from "node:process";
import { join } from "node:path";
import { type Output, stdio } from "../lib/cli/io.ts";
import { parseArgs, UsageError } from "../lib/cli/getopt.ts";
import { Logger, type LogSink, type Severity, stderrSink } from "../lib/log.ts";
import { NUT_COMPAT_VERSION, VERSION } from "../lib/version.ts";
import { type Env, nutPaths, processEnv } from "../config/paths.ts";
import {
  detach,
  isDetachedChild,
  killAsNut,
  notifyReady,
  processExists,
  readPidFile,
  removePidFile,
  runningInstance,
  writePidFile,
} from "../lib/daemon/mod.ts";
import { dropPrivileges } from "../lib/os/privileges.ts";
import { Libc } from "../ffi/libc.ts";
import { loadServerSettings, type ServerSettings } from "../lib/server/config.ts";
import { Upsd, UpsdStartError } from "../lib/server/upsd.ts";
import { syslogSink } from "../lib/server/syslog_sink.ts";

/** The program name NUT uses for this daemon (PID file, syslog ident, messages). */
const PROGNAME = "upsd";

/** The help text of NUT 2.8.0's upsd. */
export function usage(): string {
  return [
    "Network server for UPS data.",
    "",
    `usage: ${PROGNAME} [OPTIONS]`,
    "",
    "  -c <command>\tsend <command> via signal to background process",
    "\t\tcommands:",
    "\t\t - reload: reread configuration files",
    "\t\t - stop: stop process and exit",
    "  -P <pid>\tsend the signal above to specified PID (bypassing PID file)",
    "  -D\t\traise debugging level (and stay foreground by default)",
    "  -F\t\tstay foregrounded even if no debugging is enabled",
    "  -FF\t\tstay foregrounded and still save the PID file",
    "  -B\t\tstay backgrounded even if debugging is bumped",
    "  -h\t\tdisplay this help",
    "  -r <dir>\tchroots to <dir>",
    "  -q\t\traise log level threshold",
    "  -u <user>\tswitch to <user> (if started as root)",
    "  -V\t\tdisplay the version of this software",
    "  -4\t\tIPv4 only",
    "  -6\t\tIPv6 only",
    "",
  ].join("\n");
}

const SHORT = "h46p:qr:i:fu:Vc:P:DFB";
const TAKES_VALUE = new Set(["p", "r", "i", "u", "c", "P"]);

/**
 * Whether the daemon stays in the foreground, from -F, -FF, -B and -D (the last of -F/-B wins, as with
 * NUT's getopt loop): 0 = background, 1 = foreground, 2 = foreground with a PID file.
 * @param args the arguments
 * @param debug number of -D
 * @returns the mode
 */
export function foregroundMode(args: readonly string[], debug: number): 0 | 1 | 2 {
  let mode = -1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    if (!a.startsWith("-") || a.length < 2 || a.startsWith("--")) continue;
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (TAKES_VALUE.has(c)) {
        if (j === a.length - 1) i++;
        break;
      }
      if (c === "F") mode = mode > 0 ? 2 : 1;
      else if (c === "B") mode = 0;
    }
  }
  if (mode < 0) return debug > 0 ? 1 : 0;
  return mode as 0 | 1 | 2;
}

function quietSink(sink: LogSink, quiet: number): LogSink {
  if (quiet <= 0) return sink;
  const dropped: Severity[] = ["info", "notice", "warning", "error"].slice(0, quiet) as Severity[];
  return (severity, message) => {
    if (!dropped.includes(severity)) sink(severity, message);
  };
}

/** Injectable environment of the command (tests). */
export interface ServerCommandIo {
  /** Output. */
  io?: Output;
  /** Environment. */
  env?: Env;
}

/**
 * Runs upsd.
 * @param args the arguments after the program name
 * @param deps output and environment (defaults: the process's)
 * @returns the exit code, or -1 while the daemon runs (it exits by itself on SIGTERM)
 */
export async function main(args: string[], deps: ServerCommandIo = {}): Promise<number> {
  const io = deps.io ?? stdio;
  const env = deps.env ?? processEnv;
  const detachedChild = isDetachedChild();
  if (!detachedChild) io.out(`Network UPS Tools ${PROGNAME} ${NUT_COMPAT_VERSION} (nut ${VERSION})\n`);

  let opts;
  try {
    opts = parseArgs(args, { short: SHORT, long: ["help|h", "version|V"] });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${PROGNAME}: ${e.message}\n`);
    io.out(usage());
    return 0; // NUT's help() exits with success
  }
  if (opts.has("h") || opts.operands.length > 0 || opts.has("f")) {
    io.out(usage());
    return 0;
  }
  if (opts.has("V")) return 0;
  if (opts.has("p") || opts.has("i")) {
    io.err(
      "Specifying a listening addresses with '-i <address>' and '-p <port>'\n" +
        "is deprecated. Use 'LISTEN <address> [<port>]' in 'upsd.conf' instead.\n" +
        "See 'man 8 upsd.conf' for more information.\n",
    );
    return 1;
  }
  let command: "reload" | "stop" | undefined;
  const c = opts.value("c");
  if (c !== undefined) {
    if ("reload".startsWith(c)) command = "reload";
    if ("stop".startsWith(c)) command = "stop";
    if (!command) {
      io.out(usage());
      return 0;
    }
  }
  let oldPid: number | undefined;
  const p = opts.value("P");
  if (p !== undefined) {
    if (!/^\d+$/.test(p) || Number(p) < 1) {
      io.out(usage());
      return 0;
    }
    oldPid = Number(p);
  }

  const paths = nutPaths(env);
  const pidFile = join(paths.altPidPath, `${PROGNAME}.pid`);
  if (command) return await sendCommand(io, command, pidFile, oldPid);

  const running = oldPid !== undefined
    ? (processExists(oldPid) ? oldPid : undefined)
    : await runningInstance(pidFile);
  if (running !== undefined) {
    io.out("Fatal error: A previous upsd instance is already running!\n");
    io.out("Either stop the previous instance first, or use the 'reload' command.\n");
    return 1;
  }

  const debugCli = opts.count("D") || paths.debugLevel;
  const foreground = detachedChild ? 0 : foregroundMode(args, opts.count("D"));
  if (foreground === 0 && !detachedChild) return await detach(args, PROGNAME);

  const quiet = opts.count("q");
  const log = new Logger({ debugLevel: debugCli, sink: quietSink(stderrSink, quiet) });
  return await serve({ opts, io, env, log, pidFile, foreground, debugCli, quiet });
}

async function sendCommand(
  io: Output,
  command: "reload" | "stop",
  pidFile: string,
  oldPid: number | undefined,
): Promise<number> {
  const pid = oldPid ?? await readPidFile(pidFile);
  if (pid === undefined) {
    io.err(`fopen ${pidFile}: No such file or directory\n`);
    return 1;
  }
  return killAsNut(pid, command === "reload" ? "SIGHUP" : "SIGTERM", (t) => io.err(t));
}

interface ServeContext {
  opts: ReturnType<typeof parseArgs>;
  io: Output;
  env: Env;
  log: Logger;
  pidFile: string;
  foreground: 0 | 1 | 2;
  debugCli: number;
  quiet: number;
}

async function serve(ctx: ServeContext): Promise<number> {
  const { opts, io, env, log, pidFile } = ctx;
  const libc = new Libc();
  const fatal = (message: string): number => {
    io.err(`${message}\n`);
    return 1;
  };

  // Signals are handled from the start: a SIGHUP or SIGTERM while the server is still starting must
  // neither kill it (their default action) nor be lost.
  const running: { upsd?: Upsd } = {};
  let ready = false;
  let reloadAsked = false;
  let pidWritten = false;
  let reloading: Promise<void> = Promise.resolve();
  const reload = () => {
    if (!ready) {
      reloadAsked = true;
      return;
    }
    reloading = reloading.then(async () => {
      log.info("SIGHUP: reloading configuration");
      try {
        const next = await loadServerSettings(nutPaths(env), env);
        log.debugLevel = Math.max(ctx.debugCli, next.upsdConf.debugMin);
        await running.upsd!.reload(next);
      } catch (e) {
        log.error(`Reload failed: ${(e as Error).message}`);
      }
    });
  };
  let stopping = false;
  const stop = (number: number) => {
    if (stopping) return;
    stopping = true;
    log.info(`Signal ${number}: exiting`);
    void (async () => {
      await running.upsd?.stop();
      if (pidWritten) await removePidFile(pidFile);
      Deno.exit(0);
    })();
  };
  // Last line of defence: a bug logs, it does not take the daemon (and every UPS's clients) down.
  globalThis.addEventListener("error", (e) => {
    e.preventDefault();
    log.error(`Internal error: ${e.error?.stack ?? e.message}`);
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    log.error(`Internal error: ${(e.reason as Error)?.stack ?? e.reason}`);
  });
  Deno.addSignalListener("SIGHUP", reload);
  Deno.addSignalListener("SIGTERM", () => stop(15));
  Deno.addSignalListener("SIGINT", () => stop(2));
  Deno.addSignalListener("SIGQUIT", () => stop(3));

  const chroot = opts.value("r");
  if (chroot !== undefined) {
    try {
      libc.chroot(chroot);
      Deno.chdir("/");
    } catch (e) {
      return fatal(`chroot(${chroot}): ${(e as Error).message}`);
    }
  }

  const paths = nutPaths(env);
  let settings: ServerSettings;
  try {
    settings = await loadServerSettings(paths, env);
  } catch (e) {
    return fatal(`Fatal error: ${(e as Error).message}`);
  }
  if (settings.ups.length === 0) {
    if (!settings.allowNoDevice) return fatal("Fatal error: at least one UPS must be defined in ups.conf");
    log.warn(
      "Normally at least one UPS must be defined in ups.conf, currently there are none (please configure the file and reload the service)",
    );
  }
  log.debugLevel = Math.max(ctx.debugCli, settings.upsdConf.debugMin);
  log.debug(1, `debug level is '${log.debugLevel}'`);

  const family = opts.has("6") && !opts.has("4") ? 6 : opts.has("4") && !opts.has("6") ? 4 : undefined;
  const upsd = new Upsd({ settings, log, family });
  running.upsd = upsd;
  try {
    await upsd.listen();
  } catch (e) {
    return fatal(e instanceof UpsdStartError ? e.message : `Fatal error: ${(e as Error).message}`);
  }

  // Drop root after binding, as NUT does: -u, else NUT's default user "nut" when it exists.
  const isRoot = process.getuid?.() === 0;
  const user = opts.value("u") ?? (isRoot && libc.getpwnam("nut") ? "nut" : undefined);
  if (user !== undefined) {
    try {
      dropPrivileges({ user }, libc);
    } catch (e) {
      await upsd.stop();
      return fatal(`Fatal error: ${(e as Error).message}`);
    }
  } else if (isRoot) log.warn('Running as root: no -u user given and there is no user "nut"');

  try {
    Deno.chdir(settings.statePath);
  } catch (e) {
    await upsd.stop();
    return fatal(`Can't chdir to ${settings.statePath}: ${(e as Error).message}`);
  }

  await upsd.start();

  const background = ctx.foreground === 0;
  if (background || ctx.foreground === 2) {
    if (!background) log.warn("Running as foreground process, but saving a PID file anyway");
    try {
      await writePidFile(pidFile);
      pidWritten = true;
    } catch (e) {
      log.error(`Can't write PID file ${pidFile}: ${(e as Error).message}`);
    }
  } else log.warn("Running as foreground process, not saving a PID file");

  ready = true;
  if (reloadAsked) reload();

  if (background) {
    notifyReady();
    try {
      log.sink = quietSink(syslogSink(PROGNAME, libc), ctx.quiet);
    } catch {
      log.sink = () => {};
    }
  }
  return -1;
}
