/**
 * `upsdrvctl` / `nut drivers`: start, stop and shut down the drivers of ups.conf. Drivers this binary
 * implements run together in one shared process by default (started in parallel, each with its own
 * socket and PID file, isolated from each other's failures); `--process-per-driver` gives each its own
 * process as NUT does; drivers this binary does not implement are NUT's programs in `driverpath`, started
 * as NUT's upsdrvctl starts them.
 * @module
 */
import { join } from "node:path";
import process from "node:process";
import { parseArgs, UsageError } from "../lib/cli/getopt.ts";
import { type Output, stdio } from "../lib/cli/io.ts";
import { type Env, type NutPaths, nutPaths, processEnv } from "../config/paths.ts";
import { loadUpsConf } from "../config/load.ts";
import { ConfigError } from "../config/diagnostics.ts";
import { incompleteSection, type UpsConf } from "../config/ups_conf.ts";
import { Logger, type LogSink, stderrSink } from "../lib/log.ts";
import { NUT_COMPAT_VERSION } from "../lib/version.ts";
import { planDrivers, type PlannedDriver, UnknownUpsError } from "../lib/drvctl/plan.ts";
import { DriverHost } from "../lib/drvctl/host.ts";
import { execDriver, type ExecResult } from "../lib/drvctl/exec.ts";
import { stopDriver } from "../lib/drvctl/stop.ts";
import { formatStatus, probeDriver } from "../lib/drvctl/status.ts";
import { catalogEntry, loadDriver } from "../lib/drivers/catalog.ts";
import { SystemTransports } from "../lib/transport/system.ts";
import { buildInstanceConfig } from "../lib/driver/instance_config.ts";
import { killPower } from "../lib/driver/instance.ts";
import { askDriver, requestExit, requestReload } from "../lib/driver/takeover.ts";
import { RUN_AS_GROUP, RUN_AS_USER } from "../lib/driver/cli.ts";
import { syslogSink } from "../lib/driver/syslog_sink.ts";
import { socketPath } from "../lib/sock/path.ts";
import { detach, isDetachedChild, notifyReady, selfCommand } from "../lib/daemon/detach.ts";
import { childEnv } from "../lib/os/child_env.ts";
import { dropPrivileges } from "../lib/os/privileges.ts";
import { Libc } from "../ffi/libc.ts";

const SHORT = "hr:tu:DdFBlc:";
const LONG = ["process-per-driver", "host=", "help|h"] as const;

/** Where Debian keeps NUT's driver programs (ups.conf `driverpath` overrides it). */
export const DEFAULT_DRIVER_PATH = "/lib/nut";

/**
 * The usage text (NUT 2.8.0's, with this implementation's additions).
 * @param prog the name the program was called by
 * @returns the text
 */
export function usage(prog = "upsdrvctl"): string {
  return `Starts and stops UPS drivers via ups.conf.

usage: ${prog} [OPTIONS] (start | stop | shutdown | status | list) [<ups>]
       ${prog} [OPTIONS] -c COMMAND [<ups>]

  -h			display this help
  -r <path>		drivers will chroot to <path>
  -t			testing mode - prints actions without doing them
  -u <user>		drivers started will switch from root to <user>
  -D            	raise debugging level
  -d            	pass debugging level from upsdrvctl to driver
  -F            	drivers stay in the foreground (upsdrvctl waits with them)
  -B            	drivers go to the background even when debugging
  -l            	same as 'list'
  -c <command>  	send a command to running driver(s): reload, reload-or-error,
                	reload-or-exit, exit
  --process-per-driver
                	run each driver in a process of its own (as NUT does) instead
                	of one shared process for the drivers this program implements
  start			start all UPS drivers in ups.conf
  start	<ups>		only start driver for UPS <ups>
  stop			stop all UPS drivers in ups.conf
  stop <ups>		only stop driver for UPS <ups>
  shutdown		shutdown all UPS drivers in ups.conf
  shutdown <ups>	only shutdown UPS <ups>
  status [<ups>]	report PID file, socket and ups.status of the driver(s)
  list [<ups>]		list the UPS names of ups.conf
`;
}

/** Everything the command needs, resolved from flags, environment and ups.conf. */
interface Ctx {
  io: Output;
  env: Env;
  paths: NutPaths;
  conf: UpsConf;
  log: Logger;
  debug: number;
  passDebug: boolean;
  foreground: boolean;
  background: boolean;
  testing: boolean;
  user?: string;
  chroot?: string;
  perProcess: boolean;
  args: string[];
}

/**
 * Runs upsdrvctl.
 * @param args the arguments
 * @param io output (default stdio)
 * @param env environment (default the process's)
 * @returns the exit code, or -1 while drivers run in this process
 */
export async function main(args: string[], io: Output = stdio, env: Env = processEnv): Promise<number> {
  const prog = "upsdrvctl";
  const quietBanner = /^(true|1|yes|)$/i.test(env("NUT_QUIET_INIT_BANNER") ?? "x");
  if (!quietBanner && !isDetachedChild()) {
    io.out(`Network UPS Tools - UPS driver controller ${NUT_COMPAT_VERSION}\n`);
  }
  let p;
  try {
    p = parseArgs(args, { short: SHORT, long: LONG });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n`);
    io.out(usage(prog));
    return 1;
  }
  if (p.has("h")) {
    io.out(usage(prog));
    return 0;
  }
  const control = p.value("c");
  let command = control !== undefined ? "-c" : p.has("l") ? "list" : p.operands[0];
  const target = control !== undefined || p.has("l") ? p.operands[0] : p.operands[1];
  if (command === undefined) {
    io.out(usage(prog));
    return 0;
  }
  command = command.toLowerCase();
  if (!["start", "stop", "shutdown", "status", "list", "-c"].includes(command)) {
    io.err(`Error: unrecognized command [${p.operands[0]}]\n`);
    return 1;
  }
  const paths = nutPaths(env);
  let conf: UpsConf;
  try {
    conf = await loadUpsConf(paths);
  } catch (e) {
    if (e instanceof ConfigError && e.line === 0) io.err(`Can't open ${e.file}: ${e.detail}\n`);
    else io.err(`${(e as Error).message}\n`);
    return 1;
  }
  for (const w of conf.warnings) io.err(`${w.file}:${w.line}: ${w.message}\n`);
  const testing = p.has("t");
  const debug = Math.max(p.count("D") || paths.debugLevel, conf.global.debugMin ?? 0, testing ? 2 : 0);
  const ctx: Ctx = {
    io,
    env,
    paths,
    conf,
    log: new Logger({ debugLevel: debug, sink: stderrSink }),
    debug,
    passDebug: p.has("d"),
    foreground: p.has("F"),
    background: p.has("B"),
    testing,
    user: p.value("u"),
    chroot: p.value("r") ?? conf.global.chroot,
    perProcess: p.has("process-per-driver"),
    args,
  };
  if (testing && !isDetachedChild()) io.out("*** Testing mode: not calling exec/kill\n");
  if (conf.sections.length === 0) {
    // NUT: "Error: no UPS definitions found in ups.conf", exit 1, whatever the command.
    io.err(`Error: no UPS definitions found in ${conf.file}\n`);
    return 1;
  }
  const hostList = p.value("host");
  try {
    if (hostList !== undefined) return await runHost(ctx, hostList.split(","));
    switch (command) {
      case "list":
        return list(ctx, target);
      case "status":
        return await status(ctx, target);
      case "start":
        return await start(ctx, planDrivers(conf, "start", target));
      case "stop":
        return await stop(ctx, planDrivers(conf, "stop", target));
      case "shutdown":
        return await shutdown(ctx, planDrivers(conf, "shutdown", target));
      default:
        return await sendControl(ctx, control!, planDrivers(conf, "stop", target));
    }
  } catch (e) {
    if (e instanceof UnknownUpsError) {
      ctx.log.debug(1, e.message);
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

function list(ctx: Ctx, target?: string): number {
  const names = planDrivers(ctx.conf, "start", target).map((d) => d.ups);
  ctx.io.out(names.map((n) => n + "\n").join(""));
  return 0;
}

async function status(ctx: Ctx, target?: string): Promise<number> {
  const rows = await Promise.all(
    planDrivers(ctx.conf, "start", target).map((d) => probeDriver(d, ctx.paths)),
  );
  ctx.io.out(formatStatus(rows));
  return 0;
}

/** Whether a driver runs in the shared process. */
function isShared(ctx: Ctx, d: PlannedDriver): boolean {
  return !ctx.perProcess && catalogEntry(d.driver) !== undefined;
}

/** The user a driver becomes when started as root. */
function effectiveUser(ctx: Ctx, d: PlannedDriver): string {
  return ctx.user ?? d.section.user ?? ctx.conf.global.user ?? RUN_AS_USER;
}

/** The flags passed on to a driver program (NUT's upsdrvctl passes -u, -r, -D with -d, -F, -B). */
function driverFlags(ctx: Ctx): string[] {
  const flags: string[] = [];
  if (ctx.user) flags.push("-u", ctx.user);
  if (ctx.chroot) flags.push("-r", ctx.chroot);
  if (ctx.passDebug) { for (let i = 0; i < ctx.debug; i++) flags.push("-D"); }
  if (ctx.foreground) flags.push("-F");
  if (ctx.background) flags.push("-B");
  return flags;
}

/** The command line of a driver started as a program of its own. */
function driverCommand(
  ctx: Ctx,
  d: PlannedDriver,
  extra: string[],
): { cmd: string; args: string[]; env?: Record<string, string> } {
  if (catalogEntry(d.driver) !== undefined) {
    const [cmd, ...pre] = selfCommand();
    return {
      cmd,
      args: [...pre, "-a", d.ups, ...extra],
      env: { NUT_ARGV0: d.driver, ...childEnv(ctx.env) },
    };
  }
  const dir = ctx.conf.global.driverpath ?? DEFAULT_DRIVER_PATH;
  return { cmd: join(dir, d.driver), args: ["-a", d.ups, ...extra] };
}

async function start(ctx: Ctx, drivers: PlannedDriver[]): Promise<number> {
  const { log } = ctx;
  let failed = 0;
  const usable: PlannedDriver[] = [];
  for (const d of drivers) {
    const missing = incompleteSection(ctx.conf, d.section);
    if (missing) {
      ctx.io.err(`${missing.message}\n`);
      failed++;
    } else usable.push(d);
  }
  const shared = usable.filter((d) => isShared(ctx, d));
  const separate = usable.filter((d) => !isShared(ctx, d));
  for (const d of usable) {
    log.debug(1, `Starting UPS: ${d.ups}`);
    const c = driverCommand(ctx, d, driverFlags(ctx));
    log.debug(
      2,
      isShared(ctx, d)
        ? `shared driver process: ${d.driver} -a ${d.ups} ${driverFlags(ctx).join(" ")}`.trimEnd()
        : `exec:  ${c.cmd === Deno.execPath() ? d.driver : c.cmd} -a ${d.ups} ${driverFlags(ctx).join(" ")}`
          .trimEnd(),
    );
  }
  if (ctx.testing) return failed ? 1 : 0;

  // Separate programs first start in parallel, each with NUT's retry policy.
  const children: Deno.ChildProcess[] = [];
  const separateResults = await Promise.all(separate.map(async (d) => {
    for (let attempt = 1; attempt <= d.maxretry; attempt++) {
      if (attempt > 1) await new Promise((r) => setTimeout(r, d.retrydelay * 1000));
      log.debug(2, `${d.ups}: ${d.maxretry - attempt + 1} remaining attempts`);
      const c = driverCommand(ctx, d, driverFlags(ctx));
      const r: ExecResult = await execDriver({
        ...c,
        timeoutMs: d.maxstartdelay * 1000,
        foreground: ctx.foreground,
      });
      if (r.child) {
        children.push(r.child);
        return true;
      }
      if (r.code === 0) return true;
      ctx.io.err(`${r.error}\n`);
    }
    return false;
  }));
  failed += separateResults.filter((ok) => !ok).length;

  // Shared drivers: one process per user the drivers run as.
  const groups = new Map<string, PlannedDriver[]>();
  for (const d of shared) {
    const key = effectiveUser(ctx, d);
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  if (groups.size === 1 && ctx.foreground) {
    const r = await hostInProcess(ctx, [...groups.values()][0]);
    if (!r.started) return 1;
    waitChildren(children);
    return -1;
  }
  const hostFlags = ctx.args.filter((a) => a !== "start" && !ctx.conf.sections.some((s) => s.name === a));
  const codes = await Promise.all([...groups.values()].map(async (group) => {
    const hostArgs = ["--host", group.map((d) => d.ups).join(","), ...hostFlags, "start"];
    if (ctx.foreground) {
      const [cmd, ...pre] = selfCommand();
      const r = await execDriver({
        cmd,
        args: [...pre, ...hostArgs],
        env: {
          NUT_ARGV0: "upsdrvctl",
          NUT_QUIET_INIT_BANNER: "true",
          ...childEnv(ctx.env),
        },
        timeoutMs: 0,
        foreground: true,
      });
      if (r.child) children.push(r.child);
      return r.child ? 0 : 1;
    }
    return await detach(
      hostArgs,
      "upsdrvctl",
      Math.max(...group.map((d) => d.maxstartdelay * d.maxretry + d.retrydelay * (d.maxretry - 1))) * 1000 +
        5000,
      childEnv(ctx.env),
    );
  }));
  failed += codes.filter((c) => c !== 0).length;
  if (ctx.foreground && children.length) {
    await Promise.all(children.map((c) => c.status));
  }
  return failed ? 1 : 0;
}

function waitChildren(children: Deno.ChildProcess[]): void {
  for (const c of children) c.status.catch(() => {});
}

/** The background host (`--host a,b,c start`), started by a non-foreground `upsdrvctl start`. */
async function runHost(ctx: Ctx, names: string[]): Promise<number> {
  const drivers = names.map((n) => planDrivers(ctx.conf, "start", n)[0]);
  const r = await hostInProcess(ctx, drivers);
  return r.started ? -1 : 1;
}

/**
 * Runs drivers in this process until they all stop or a signal comes (then the process exits).
 * @returns whether any driver started, and how many did not
 */
async function hostInProcess(
  ctx: Ctx,
  drivers: PlannedDriver[],
): Promise<{ started: boolean; failed: number }> {
  const root = (process.getuid?.() ?? -1) === 0;
  const libc = new Libc();
  const user = ctx.user ?? drivers[0]?.section.user ?? ctx.conf.global.user ?? RUN_AS_USER;
  const groupName = drivers[0]?.section.group ?? ctx.conf.global.group ?? RUN_AS_GROUP;
  let socketGid: number | undefined;
  try {
    socketGid = root ? (/^\d+$/.test(groupName) ? Number(groupName) : libc.getgrnam(groupName)) : undefined;
  } catch {
    socketGid = undefined;
  }
  const driverDebug = ctx.passDebug
    ? ctx.debug
    : Math.max(ctx.paths.debugLevel, ctx.conf.global.debugMin ?? 0);
  const log = new Logger({ debugLevel: driverDebug, sink: stderrSink });
  // Signals are handled from the start: one that arrives while drivers start stops them once started.
  const hosted: { host?: DriverHost; stopping?: boolean } = {};
  const stopAll = () => {
    hosted.stopping = true;
    hosted.host?.stopAll().finally(() => Deno.exit(0));
  };
  for (const sig of ["SIGTERM", "SIGINT", "SIGQUIT"] as const) Deno.addSignalListener(sig, stopAll);
  Deno.addSignalListener("SIGHUP", () => {
    for (const r of hosted.host?.running.values() ?? []) {
      askDriver(r.socketPath, "INSTCMD driver.reload", () => false, 500).catch(() => {});
    }
  });
  const started = await DriverHost.start({
    conf: ctx.conf,
    drivers,
    load: loadDriver,
    paths: ctx.paths,
    log,
    socketGid,
    dropPrivileges: () => {
      if (root) dropPrivileges({ user, chroot: ctx.chroot }, libc);
    },
    // One set of system transports (one libusb context) for every driver of the process.
    transports: new SystemTransports(),
  });
  const host = hosted.host = started.host;
  const failed = started.results.filter((r) => !r.running).length;
  if (hosted.stopping) stopAll();
  if (host.running.size === 0) {
    for (const sig of ["SIGTERM", "SIGINT", "SIGQUIT"] as const) Deno.removeSignalListener(sig, stopAll);
    return { started: false, failed };
  }
  host.allStopped.then(() => Deno.exit(0));
  if (isDetachedChild()) {
    notifyReady(failed ? 1 : 0);
    const sink: LogSink = syslogSink("upsdrvctl", libc);
    log.sink = sink;
  }
  return { started: true, failed };
}

async function stop(ctx: Ctx, drivers: PlannedDriver[]): Promise<number> {
  let failed = 0;
  for (const d of drivers) {
    ctx.log.debug(1, `Stopping UPS: ${d.ups}`);
    if (ctx.testing) continue;
    const r = await stopDriver(d, ctx.paths);
    for (const m of r.messages) ctx.io.err(`${m}\n`);
    if (!r.ok) failed++;
  }
  return failed ? 1 : 0;
}

async function shutdown(ctx: Ctx, drivers: PlannedDriver[]): Promise<number> {
  let failed = 0;
  for (const d of drivers) {
    ctx.log.debug(1, `Shutdown UPS: ${d.ups}`);
    const shared = isShared(ctx, d);
    const c = driverCommand(ctx, d, [...driverFlags(ctx).filter((f) => f !== "-F" && f !== "-B"), "-k"]);
    ctx.log.debug(
      2,
      shared ? `in-process: ${d.driver} -a ${d.ups} -k` : `exec:  ${c.cmd} ${c.args.join(" ")}`,
    );
    if (ctx.testing) continue;
    try {
      if (shared) {
        const program = (await loadDriver(d.driver))!;
        const config = buildInstanceConfig({
          program,
          upsName: d.ups,
          global: ctx.conf.global,
          section: d.section,
          confFile: ctx.conf.file,
        });
        await killPower({
          program,
          config,
          statePath: ctx.paths.statePath,
          confPath: ctx.paths.confPath,
          log: ctx.log,
        });
      } else {
        const r = await execDriver({ ...c, timeoutMs: d.maxstartdelay * 1000 });
        if (r.code !== 0) throw new Error(r.error ?? `exit status ${r.code}`);
      }
    } catch (e) {
      ctx.io.err(`Shutdown failed for UPS ${d.ups}: ${(e as Error).message}\n`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}

async function sendControl(ctx: Ctx, command: string, drivers: PlannedDriver[]): Promise<number> {
  const known = ["reload", "reload-or-error", "reload-or-exit", "exit"];
  if (!known.includes(command)) {
    ctx.io.err(`Error: unknown command '${command}' for -c (use ${known.join(", ")})\n`);
    return 1;
  }
  let failed = 0;
  for (const d of drivers) {
    if (ctx.testing) continue;
    const sock = socketPath(ctx.paths.statePath, d.driver, d.ups);
    if (command === "exit") {
      if (await requestExit(sock)) continue;
      const r = await stopDriver(d, ctx.paths);
      for (const m of r.messages) ctx.io.err(`${m}\n`);
      if (!r.ok) failed++;
      continue;
    }
    const answer = await requestReload(sock);
    if (answer === undefined) {
      ctx.io.err(`Can't reach the driver of UPS ${d.ups} on ${sock}\n`);
      failed++;
    } else if (answer !== 0) {
      ctx.io.err(`${d.driver}-${d.ups}: some changed settings need a driver restart\n`);
      if (command === "reload-or-exit") await requestExit(sock);
      if (command === "reload-or-error") failed++;
    }
  }
  return failed ? 1 : 0;
}
