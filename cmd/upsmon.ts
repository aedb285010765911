/**
 * `upsmon` / `nut monitor`: the UPS monitor and shutdown controller, with NUT 2.8.0's flags, messages
 * and exit codes. By default two processes, as NUT: a privileged parent that can only write
 * POWERDOWNFLAG and run SHUTDOWNCMD when the monitoring child asks over a pipe, and the child, which
 * drops to RUN_AS_USER / -u and does everything else; `-p` keeps one process. `--dry-run` (or
 * NUT_MONITOR_DRY_RUN=1) rehearses: it watches and reports what it would notify and run, and does
 * nothing. Beside NUT's polling, the monitor takes status push from servers that offer it (ours: a power
 * event is evaluated the moment the server sees it); NUT_MONITOR_PUSH=0 turns that off.
 * @module
 */
import process from "node:process";
import { join } from "node:path";
import { type Output, stdio } from "../lib/cli/io.ts";
import { parseArgs, type ParsedArgs, UsageError } from "../lib/cli/getopt.ts";
import { Logger, stderrSink } from "../lib/log.ts";
import { NUT_COMPAT_VERSION, VERSION } from "../lib/version.ts";
import { type Env, nutPaths, processEnv } from "../config/paths.ts";
import { ConfigError, formatWarning, parseBoolean } from "../config/diagnostics.ts";
import { loadUpsmonConf, totalPowerValue, type UpsmonConf } from "../config/upsmon_conf.ts";
import {
  detach,
  DETACHED_ENV,
  isDetachedChild,
  killAsNut,
  notifyReady,
  processExists,
  readPidFile,
  removePidFile,
  runningInstance,
  selfCommand,
  writePidFile,
} from "../lib/daemon/mod.ts";
import { dropPrivileges } from "../lib/os/privileges.ts";
import { childEnv } from "../lib/os/child_env.ts";
import { Libc } from "../ffi/libc.ts";
import { syslogSink } from "../lib/driver/syslog_sink.ts";
import { tlsForHost, type TlsOptions } from "../lib/client/mod.ts";
import {
  clearPowerDownFlag,
  DirectShutdown,
  DRY_RUN_PREFIX,
  DryRunNotifier,
  DryRunShutdown,
  Monitor,
  type MonitorSession,
  type Notifier,
  PipeShutdown,
  PollingSource,
  powerDownFlagStatus,
  type PushConnection,
  PushSource,
  runParent,
  type ShutdownExecutor,
  type StatusSource,
  SystemNotifier,
  UpsSession,
} from "../lib/monitor/mod.ts";
import type { MonitorEntry } from "../config/upsmon_conf.ts";

/** The program name NUT uses (PID file, syslog ident, messages). */
const PROGNAME = "upsmon";

/** Set in the environment of the monitoring child started by the privileged parent. */
export const CHILD_ENV = "NUT_UPSMON_CHILD";

/** Set for the child when the parent runs in the background (the child then logs to syslog once up). */
const BACKGROUND_ENV = "NUT_UPSMON_BACKGROUND";

/** Environment switch of the dry run (1/yes/true/on), for service managers that cannot add a flag. */
export const DRY_RUN_ENV = "NUT_MONITOR_DRY_RUN";

/** Environment switch of status push from our servers (on unless 0/no/false/off): polling only when off. */
export const PUSH_ENV = "NUT_MONITOR_PUSH";

/** The account the monitoring child becomes when started as root (Debian's RUN_AS_USER). */
const DEFAULT_USER = "nut";

/** NUT 2.8.0's getopt string of upsmon, plus -W (newer NUT). */
const SHORT = "DFBhic:P:f:pu:VK46W:";

/**
 * The help text of NUT's upsmon, with this implementation's additions.
 * @param powerDownFlag POWERDOWNFLAG, when known
 * @returns the text
 */
export function usage(powerDownFlag?: string): string {
  return [
    "Monitors UPS servers and may initiate shutdown if necessary.",
    "",
    `usage: ${PROGNAME} [OPTIONS]`,
    "",
    "  -c <cmd>\tsend command to running process",
    "\t\tcommands:",
    "\t\t - fsd: shutdown all primary-mode UPSes (use with caution)",
    "\t\t - reload: reread configuration",
    "\t\t - stop: stop monitoring and exit",
    "  -P <pid>\tsend the signal above to specified PID (bypassing PID file)",
    "  -D\t\traise debugging level (and stay foreground by default)",
    "  -F\t\tstay foregrounded even if no debugging is enabled",
    "  -B\t\tstay backgrounded even if debugging is bumped",
    "  -h\t\tdisplay this help",
    `  -K\t\tchecks POWERDOWNFLAG${powerDownFlag ? ` (${powerDownFlag})` : ""}, sets exit code to 0 if set`,
    "  -p\t\talways run privileged (disable privileged parent)",
    "  -u <user>\trun child as user <user> (ignored when using -p)",
    "  -4\t\tIPv4 only",
    "  -6\t\tIPv6 only",
    "  -W <secs>\tnetwork timeout for initial connections (default: 10)",
    "  --dry-run\trehearse: report what would be notified, set and run, do none of it",
    `\t\t(also ${DRY_RUN_ENV}=1)`,
    "",
    "Beyond NUT: servers that offer status push (ours) tell this monitor of a status change at once;",
    `polling goes on beside it. ${PUSH_ENV}=0 turns push off.`,
    "",
  ].join("\n");
}

/** Injectable environment of the command (tests). */
export interface MonitorCommandIo {
  /** Output. */
  io?: Output;
  /** Environment. */
  env?: Env;
}

/** Everything the modes of the command share. */
interface Ctx {
  opts: ParsedArgs;
  args: string[];
  io: Output;
  env: Env;
  log: Logger;
  pidFile: string;
  configFile: string;
  dryRun: boolean;
  debugCli: number;
  background: boolean;
}

/**
 * Runs upsmon.
 * @param args the arguments after the program name
 * @param deps output and environment (defaults: the process's)
 * @returns the exit code (the command returns when the monitor exits)
 */
export async function main(args: string[], deps: MonitorCommandIo = {}): Promise<number> {
  const io = deps.io ?? stdio;
  const env = deps.env ?? processEnv;
  const child = env(CHILD_ENV) === "1";
  const detachedChild = isDetachedChild();
  if (!child && !detachedChild) {
    io.out(`Network UPS Tools ${PROGNAME} ${NUT_COMPAT_VERSION} (nut ${VERSION})\n`);
  }

  let opts: ParsedArgs;
  try {
    opts = parseArgs(args, { short: SHORT, long: ["help|h", "version|V", "dry-run"] });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${PROGNAME}: ${e.message}\n`);
    io.out(usage());
    return 0; // NUT's help() exits with success
  }
  if (opts.has("h")) {
    io.out(usage());
    return 0;
  }
  if (opts.has("V")) return 0;

  let signal: Deno.Signal | undefined;
  const c = opts.value("c");
  if (c !== undefined) {
    if ("fsd".startsWith(c)) signal = "SIGUSR1";
    if ("stop".startsWith(c)) signal = "SIGTERM";
    if ("reload".startsWith(c)) signal = "SIGHUP";
    if (!signal) {
      io.out(usage());
      return 0;
    }
  }
  let oldPid: number | undefined;
  const p = opts.value("P");
  if (p !== undefined) {
    if (!/^\s*\d+/.test(p)) {
      io.out(usage());
      return 0;
    }
    oldPid = parseInt(p, 10);
  }

  const paths = nutPaths(env);
  const pidFile = join(paths.pidPath, `${PROGNAME}.pid`);
  const configFile = opts.value("f") ?? join(paths.confPath, "upsmon.conf");
  if (signal) return await sendCommand(io, signal, pidFile, oldPid);

  const debugCli = opts.count("D") || paths.debugLevel;
  const log = new Logger({ debugLevel: debugCli, sink: stderrSink });
  const dryRun = opts.has("dry-run") || parseBoolean(env(DRY_RUN_ENV) ?? "") === true;

  if (opts.has("K")) return await checkFlag(log, configFile);

  if (!child && !detachedChild && !dryRun) {
    const running = oldPid !== undefined
      ? (oldPid > 1 && processExists(oldPid) ? oldPid : undefined)
      : await runningInstance(pidFile);
    if (running !== undefined) {
      io.out("Fatal error: A previous upsmon instance is already running!\n");
      io.out("Either stop the previous instance first, or use the 'reload' command.\n");
      return 1;
    }
  }

  const background = child
    ? env(BACKGROUND_ENV) === "1"
    : detachedChild || (!dryRun && !foreground(args, debugCli));
  if (background && !child && !detachedChild) return await detach(args, PROGNAME);

  const ctx: Ctx = { opts, args, io, env, log, pidFile, configFile, dryRun, debugCli, background };
  installGuards(log);
  if (child) return await runChild(ctx);
  return await runMain(ctx);
}

/**
 * Whether to stay in the foreground: the last of -F / -B decides; without either, -D means foreground.
 * @param args the arguments
 * @param debug the debug level
 * @returns true for the foreground
 */
export function foreground(args: readonly string[], debug: number): boolean {
  let mode: boolean | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") break;
    if (!a.startsWith("-") || a.length < 2 || a.startsWith("--")) continue;
    for (let j = 1; j < a.length; j++) {
      const ch = a[j];
      if ("cPfuW".includes(ch)) {
        if (j === a.length - 1) i++;
        break;
      }
      if (ch === "F") mode = true;
      else if (ch === "B") mode = false;
    }
  }
  return mode ?? debug > 0;
}

async function sendCommand(
  io: Output,
  signal: Deno.Signal,
  pidFile: string,
  oldPid?: number,
): Promise<number> {
  let pid = oldPid;
  if (pid === undefined) {
    try {
      await Deno.stat(pidFile);
    } catch {
      io.err(`fopen ${pidFile}: No such file or directory\n`);
      return 1;
    }
    pid = await readPidFile(pidFile);
    if (pid === undefined) {
      io.err(`Failed to read pid from ${pidFile}\n`);
      return 1;
    }
  }
  if (pid < 2) {
    io.err(`Ignoring invalid pid number ${pid}\n`);
    return 1;
  }
  return killAsNut(pid, signal, (t) => io.err(t));
}

async function loadConf(log: Logger, configFile: string): Promise<UpsmonConf | string> {
  try {
    const conf = await loadUpsmonConf(configFile);
    for (const w of conf.warnings) log.warn(formatWarning(w));
    return conf;
  } catch (e) {
    if (e instanceof ConfigError) return e.line > 0 ? `Fatal error: ${e.message}` : e.detail;
    return `Fatal error: ${(e as Error).message}`;
  }
}

/** `-K`: exit 0 when POWERDOWNFLAG holds upsmon's magic text. */
async function checkFlag(log: Logger, configFile: string): Promise<number> {
  const conf = await loadConf(log, configFile);
  if (typeof conf === "string") {
    log.error(conf);
    return 1;
  }
  if (!conf.powerDownFlag) {
    log.error("Power down flag is not set");
    return 1;
  }
  const status = await powerDownFlagStatus(conf.powerDownFlag);
  if (status === "foreign") {
    log.error(`POWERDOWNFLAG (${conf.powerDownFlag}) does not contain the upsmon magic string`);
    return 1;
  }
  if (status === "absent") {
    log.error("Power down flag is not set");
    return 1;
  }
  log.info("Power down flag is set");
  return 0;
}

function installGuards(log: Logger): void {
  // Last line of defence: a bug logs, it does not take the monitor (and the host's protection) down.
  globalThis.addEventListener("error", (e) => {
    e.preventDefault();
    log.error(`Internal error: ${e.error?.stack ?? e.message}`);
  });
  globalThis.addEventListener("unhandledrejection", (e) => {
    e.preventDefault();
    log.error(`Internal error: ${(e.reason as Error)?.stack ?? e.reason}`);
  });
}

function logConfig(log: Logger, conf: UpsmonConf): void {
  for (const m of conf.monitors) {
    log.info(
      m.powerValue
        ? `UPS: ${m.system} (${m.role}) (power value ${m.powerValue})`
        : `UPS: ${m.system} (monitoring only)`,
    );
  }
  if (conf.powerDownFlag) log.info(`Using power down flag file ${conf.powerDownFlag}`);
}

/** The parent (or the only process): checks, then either the privileged parent or the whole monitor. */
async function runMain(ctx: Ctx): Promise<number> {
  const { io, log, opts, dryRun } = ctx;
  // Lines NUT prints on stdout; a background copy's stdout is the readiness pipe: use stderr there.
  const say = isDetachedChild() ? (t: string) => io.err(t) : (t: string) => io.out(t);
  const loaded = await loadConf(log, ctx.configFile);
  if (typeof loaded === "string") {
    io.err(`${loaded}\n`);
    return 1;
  }
  const conf = loaded;
  applyDebugMin(ctx, conf);
  logConfig(log, conf);
  if (!conf.shutdownCmd) say("Warning: no shutdown command defined!\n");
  if (!conf.powerDownFlag) log.warn(`No POWERDOWNFLAG value was configured in ${ctx.configFile}!`);
  if (conf.monitors.length === 0) log.warn(`No MONITOR lines in ${ctx.configFile}: nothing to watch`);

  if (conf.powerDownFlag && !dryRun) {
    // A flag left by the previous shutdown would power the UPS off at the next ordinary reboot.
    const found = await clearPowerDownFlag(conf.powerDownFlag);
    if (found === "foreign") {
      log.error(
        `POWERDOWNFLAG (${conf.powerDownFlag}) does not contain the upsmon magic string - disabling!`,
      );
      conf.powerDownFlag = undefined;
    }
  }

  const total = totalPowerValue(conf);
  if (total < conf.minSupplies) {
    say("\nFatal error: insufficient power configured!\n\n");
    say(`Sum of power values........: ${total}\n`);
    say(`Minimum value (MINSUPPLIES): ${conf.minSupplies}\n`);
    say("\nEdit your upsmon.conf and change the values.\n");
    return 1;
  }

  if (dryRun) return await runDryRun(ctx, conf);
  if (opts.has("p")) {
    log.info("Warning: running as one big root process by request (upsmon -p)");
    return await runMonitor(ctx, conf, "single");
  }
  return await runPrivilegedParent(ctx, conf);
}

function applyDebugMin(ctx: Ctx, conf: UpsmonConf): void {
  if (conf.debugMin !== undefined && conf.debugMin > ctx.log.debugLevel) ctx.log.debugLevel = conf.debugMin;
  ctx.log.debug(1, `debug level is '${ctx.log.debugLevel}'`);
}

/** The privileged parent: starts the child and only ever writes POWERDOWNFLAG and runs SHUTDOWNCMD. */
async function runPrivilegedParent(ctx: Ctx, conf: UpsmonConf): Promise<number> {
  const { log } = ctx;
  const [cmd, ...pre] = selfCommand();
  const monitorEnv: Record<string, string> = { [CHILD_ENV]: "1", NUT_ARGV0: PROGNAME };
  if (ctx.background) monitorEnv[BACKGROUND_ENV] = "1";
  let child: Deno.ChildProcess;
  try {
    const fullEnv = { ...Deno.env.toObject(), ...childEnv(), ...monitorEnv };
    delete fullEnv[DETACHED_ENV];
    child = new Deno.Command(cmd, {
      args: [...pre, ...ctx.args],
      env: fullEnv,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
  } catch (e) {
    log.error(`fork failed: ${(e as Error).message}`);
    return 1;
  }
  log.debug(1, `start_pipe (parent): forked a child (${child.pid}) to run the main loop`);
  // Handling signals is the child's job; the parent lives as long as the child. A request to stop that
  // reaches the parent is passed on (NUT's parent would die and leave a child that cannot shut down).
  for (const sig of ["SIGHUP", "SIGUSR1", "SIGUSR2"] as const) Deno.addSignalListener(sig, () => {});
  for (const sig of ["SIGTERM", "SIGINT", "SIGQUIT"] as const) {
    Deno.addSignalListener(sig, () => {
      try {
        child.kill(sig);
      } catch { /* already gone */ }
    });
  }
  // The child's stdin stays open: its end of file tells the child this process died.
  const childExit = child.status.then((s) => s.code);
  const code = await runParent({
    pipe: child.stdout,
    childExit,
    shutdownCmd: conf.shutdownCmd,
    powerDownFlag: conf.powerDownFlag,
    log,
    onReady: () => {
      if (!ctx.background) return;
      notifyReady();
      try {
        log.sink = syslogSink(PROGNAME);
      } catch {
        log.sink = () => {};
      }
    },
  });
  await removePidFile(ctx.pidFile, child.pid).catch(() => {});
  return code;
}

/** The monitoring child of the split mode. */
async function runChild(ctx: Ctx): Promise<number> {
  const { log } = ctx;
  const loaded = await loadConf(new Logger({ debugLevel: 0, sink: () => {} }), ctx.configFile);
  if (typeof loaded === "string") {
    log.error(loaded);
    return 1;
  }
  applyDebugMin(ctx, loaded);
  return await runMonitor(ctx, loaded, "child");
}

/** How a MONITOR line's server is reached: TLS per CERTPATH/CERTHOST/CERTVERIFY/FORCESSL, -4/-6, -W. */
function connectionFactory(ctx: Ctx, conf: UpsmonConf): (entry: MonitorEntry) => PushConnection {
  const { opts } = ctx;
  const family = opts.has("6") && !opts.has("4") ? 6 : opts.has("4") && !opts.has("6") ? 4 : undefined;
  const w = opts.value("W");
  const connectTimeoutMs = w !== undefined && /^\d+$/.test(w) && Number(w) > 0 ? Number(w) * 1000 : undefined;
  return (entry) => {
    // A CERTHOST for a server on another port names it "host:port".
    const withPort = `${entry.host}:${entry.port}`;
    const key = conf.certHosts.some((h) => h.host === withPort) ? withPort : entry.host;
    const settings = {
      certPath: conf.certPath,
      certVerify: conf.certVerify,
      forceSsl: conf.forceSsl,
      hosts: conf.certHosts,
    };
    let tls: TlsOptions = tlsForHost(settings, key);
    if (conf.certFile) tls = { ...tls, certFile: conf.certFile, keyFile: conf.certFile };
    return { tls: tls.mode === "off" ? undefined : tls, family, connectTimeoutMs };
  };
}

function sessionFactory(ctx: Ctx, conf: UpsmonConf): (entry: MonitorEntry) => MonitorSession {
  const { log } = ctx;
  const connection = connectionFactory(ctx, conf);
  return (entry) => {
    const { tls, family, connectTimeoutMs } = connection(entry);
    return new UpsSession({
      entry,
      tls: typeof tls === "object" ? tls : undefined,
      certVerifyWithoutPath: conf.certVerify && !conf.certPath,
      login: !ctx.dryRun,
      family,
      connectTimeoutMs,
      log,
      trace: log.debugLevel >= 5 ? (d, l) => log.debug(5, `${d === "send" ? ">>" : "<<"} ${l}`) : undefined,
    });
  };
}

/**
 * The status sources: polling (NUT's way), and beside it status push from servers that offer it (ours),
 * unless NUT_MONITOR_PUSH says no or the TLS settings cannot connect at all.
 */
function statusSources(ctx: Ctx, conf: UpsmonConf): StatusSource[] {
  const sources: StatusSource[] = [new PollingSource()];
  if (parseBoolean(ctx.env(PUSH_ENV) ?? "") === false) {
    ctx.log.debug(1, `${PUSH_ENV} is off: polling only`);
    return sources;
  }
  if (conf.certVerify && !conf.certPath) return sources; // every connection is refused (the sessions say why)
  sources.push(new PushSource({ connection: connectionFactory(ctx, conf) }));
  return sources;
}

/**
 * Runs the monitor in this process: "single" (-p: privileged, shuts down itself) or "child" (drops
 * privileges, asks the parent over the pipe).
 */
async function runMonitor(ctx: Ctx, conf: UpsmonConf, mode: "single" | "child"): Promise<number> {
  const { log, opts } = ctx;
  const libc = new Libc();
  try {
    await writePidFile(ctx.pidFile);
  } catch (e) {
    log.notice(`writepid: fopen ${ctx.pidFile}: ${(e as Error).message}`);
  }
  if (mode === "child") {
    const isRoot = process.getuid?.() === 0;
    const user = opts.value("u") ?? conf.runAsUser ??
      (isRoot && libc.getpwnam(DEFAULT_USER) ? DEFAULT_USER : undefined);
    if (!isRoot) {
      log.debug(1, "Not root: the monitor keeps running as the current user");
    } else if (user !== undefined) {
      try {
        dropPrivileges({ user }, libc);
      } catch (e) {
        log.error(`Fatal error: ${(e as Error).message}`);
        return 1;
      }
    } else if (isRoot) {
      log.warn(`Running the monitor as root: no -u / RUN_AS_USER and there is no user "${DEFAULT_USER}"`);
    }
  }

  const notifier = new SystemNotifier({
    notifyCmd: conf.notifyCmd,
    log,
    output: (chunk) => {
      try {
        Deno.stderr.writeSync(chunk);
      } catch { /* stderr closed */ }
    },
  });
  let shutdown: ShutdownExecutor;
  if (mode === "single") {
    shutdown = new DirectShutdown(
      { shutdownCmd: conf.shutdownCmd, powerDownFlag: conf.powerDownFlag, log },
      process.getuid?.() === 0,
    );
  } else {
    const writer = Deno.stdout;
    shutdown = new PipeShutdown(async (line) => {
      await writer.write(new TextEncoder().encode(`${line}\n`));
    }, log);
  }
  const monitor = new Monitor({
    conf,
    log,
    notifier,
    shutdown,
    openSession: sessionFactory(ctx, conf),
    sources: statusSources(ctx, conf),
    splitProcess: mode === "child",
  });
  wireSignals(ctx, monitor, notifier);
  monitor.start();

  if (mode === "child") {
    await Deno.stdout.write(new TextEncoder().encode("READY\n")).catch(() => {});
    watchParent(monitor);
  }
  if (ctx.background) {
    if (mode === "single") notifyReady();
    try {
      log.sink = syslogSink(PROGNAME, libc);
    } catch {
      log.sink = () => {};
    }
  }
  const code = await monitor.exited;
  if (mode === "single") await removePidFile(ctx.pidFile).catch(() => {});
  return code;
}

/** The child reads its stdin (a pipe from the parent) only to notice the parent's death. */
function watchParent(monitor: Monitor): void {
  void (async () => {
    const buf = new Uint8Array(64);
    try {
      while ((await Deno.stdin.read(buf)) !== null) { /* the parent never writes */ }
    } catch { /* closed */ }
    monitor.parentGone();
  })();
}

function wireSignals(
  ctx: Ctx,
  monitor: Monitor,
  notifier: Notifier & { notifyCmd?: readonly string[] },
): void {
  const { log } = ctx;
  let reloading: Promise<void> = Promise.resolve();
  Deno.addSignalListener("SIGHUP", () => {
    reloading = reloading.then(async () => {
      log.info("Reloading configuration");
      const next = await loadConf(log, ctx.configFile);
      if (typeof next === "string") {
        log.error(`Reload failed: ${next}`);
        return;
      }
      const refused = await monitor.reload(next);
      if (refused !== undefined) return;
      notifier.notifyCmd = next.notifyCmd;
      if (next.debugMin !== undefined) {
        log.info(`Applying DEBUG_MIN ${next.debugMin} from upsmon.conf`);
        log.debugLevel = next.debugMin;
      } else log.debugLevel = ctx.debugCli;
    });
  });
  Deno.addSignalListener("SIGUSR1", () => {
    log.info("Signal 10: User requested FSD");
    void monitor.requestFsd();
  });
  Deno.addSignalListener("SIGUSR2", () => {});
  const stop = (n: number) => {
    log.info(`Signal ${n}: exiting`);
    void monitor.stop(0);
  };
  Deno.addSignalListener("SIGTERM", () => stop(15));
  Deno.addSignalListener("SIGINT", () => stop(2));
  Deno.addSignalListener("SIGQUIT", () => stop(3));
}

/** The rehearsal: one process, no PID file, no LOGIN, every effect reported on stdout. */
async function runDryRun(ctx: Ctx, conf: UpsmonConf): Promise<number> {
  const { io, log } = ctx;
  const report = (line: string) => io.out(`${line}\n`);
  report(
    `${DRY_RUN_PREFIX} rehearsal: watching ${conf.monitors.length} UPS(es); nothing is notified, set or run`,
  );
  const notifier = new DryRunNotifier(report, conf.notifyCmd);
  const monitor = new Monitor({
    conf,
    log,
    notifier,
    shutdown: new DryRunShutdown(report, conf),
    openSession: sessionFactory(ctx, conf),
    sources: statusSources(ctx, conf),
    ownLogins: 0,
    dryRunReport: report,
  });
  wireSignals(ctx, monitor, notifier);
  monitor.start();
  const code = await monitor.exited;
  report(`${DRY_RUN_PREFIX} monitor done (exit status ${code})`);
  return code;
}
