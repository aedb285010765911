/**
 * The command line every driver shares (NUT's nutupsdrv(8)): `-a <ups>` / `-s <ups>`, `-x key=value`,
 * `-D`, `-d <count>`, `-k`, `-F` / `-B`, `-c reload|exit`, `-u`, `-g`, `-r`, `-i`, `-q`, `-V`, `-h`,
 * `-L`. One process runs one instance here; upsdrvctl runs many through {@linkcode startDriverInstance}.
 * @module
 */
import process from "node:process";
import { findSection, loadUpsConf } from "../../config/mod.ts";
import { type Env, type NutPaths, nutPaths, processEnv } from "../../config/paths.ts";
import { type Output, stdio } from "../cli/io.ts";
import { parseArgs, UsageError } from "../cli/getopt.ts";
import { detach, isDetachedChild, notifyReady } from "../daemon/detach.ts";
import { signalPidFile } from "../daemon/pidfile.ts";
import { Logger, type LogSink, stderrSink } from "../log.ts";
import { socketPath } from "../sock/path.ts";
import { Libc } from "../../ffi/libc.ts";
import { dropPrivileges } from "../os/privileges.ts";
import { dumpListing } from "./dump.ts";
import {
  buildInstanceConfig,
  type ConfigItem,
  DriverConfigError,
  type InstanceConfig,
  splitExtraArg,
} from "./instance_config.ts";
import { type DriverInstanceOptions, killPower, runDriverDump, startDriverInstance } from "./instance.ts";
import { SystemTransports } from "../transport/system.ts";
import { requestExit, requestReload } from "./takeover.ts";
import { syslogSink } from "./syslog_sink.ts";
import type { DriverProgram } from "./types.ts";
import { driverBanner, driverUsage, driverVarList } from "./usage.ts";
import { join } from "node:path";

/** The unprivileged account drivers become when started as root (Debian's RUN_AS_USER / RUN_AS_GROUP). */
export const RUN_AS_USER = "nut";
/** The group given access to driver sockets by default. */
export const RUN_AS_GROUP = "nut";

/** The numbers NUT prints in "Signal <n>: exiting". */
const SIGNAL_NUMBERS = { SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as const;

/** getopt string of the common driver flags. */
const SHORT = "a:s:kFBDd:hx:Lqr:u:g:Vi:c:P:";

/** Where a driver command writes and what it reads from the environment. */
export interface DriverCliOptions {
  /** Output (default stdio). */
  io?: Output;
  /** Environment (default the process's). */
  env?: Env;
}

/** Thrown inside the command for a fatal error: printed, exit 1. */
class Fatal extends Error {}

function quietSink(sink: LogSink, quiet: number): LogSink {
  if (quiet <= 0) return sink;
  const dropped = new Set(
    quiet >= 3 ? ["info", "notice", "warning"] : quiet === 2 ? ["info", "notice"] : ["info"],
  );
  return (severity, message) => {
    if (!dropped.has(severity)) sink(severity, message);
  };
}

async function sendControl(
  program: DriverProgram,
  ups: string,
  command: string,
  pid: number | undefined,
  paths: NutPaths,
  io: Output,
): Promise<number> {
  const sock = socketPath(paths.statePath, program.name, ups);
  const pidFile = join(paths.altPidPath, `${program.name}-${ups}.pid`);
  const signal = async (sig: Deno.Signal): Promise<number> => {
    try {
      if (pid !== undefined) process.kill(pid, sig);
      else await signalPidFile(pidFile, sig);
      return 0;
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 1;
    }
  };
  const reload = () => requestReload(sock);
  switch (command) {
    case "exit":
      if (pid === undefined && await requestExit(sock)) return 0;
      return await signal("SIGTERM");
    case "reload":
    case "reload-or-error":
    case "reload-or-exit": {
      const status = pid === undefined ? await reload() : undefined;
      if (status === undefined) return await signal("SIGHUP");
      if (status === 0) return 0;
      io.err(`${program.name}-${ups}: some changed settings need a driver restart\n`);
      if (command === "reload-or-exit") return await requestExit(sock) ? 0 : await signal("SIGTERM");
      return command === "reload" ? 0 : 1;
    }
    default:
      io.err(
        `Error: unknown command '${command}' for -c (use reload, reload-or-error, reload-or-exit or exit)\n`,
      );
      return 1;
  }
}

/**
 * Runs a driver program with NUT's common driver command line.
 * @param program the driver
 * @param args the arguments (after the program name)
 * @param options output and environment
 * @returns the exit code, or -1 when the driver keeps running (the process exits by itself later)
 */
export async function runDriverCommand(
  program: DriverProgram,
  args: string[],
  options: DriverCliOptions = {},
): Promise<number> {
  const io = options.io ?? stdio;
  const env = options.env ?? processEnv;
  const quietBanner = /^(true|1|yes)$/i.test(env("NUT_QUIET_INIT_BANNER") ?? "");
  if (!quietBanner && !isDetachedChild()) io.out(driverBanner(program) + "\n");

  let p;
  try {
    p = parseArgs(args, { short: SHORT });
  } catch (e) {
    if (e instanceof UsageError) {
      const m = /"-(.)"/.exec(e.message);
      io.err(
        m ? `Error: unknown option -${m[1]}. Try -h for help.\n` : `Error: ${e.message}. Try -h for help.\n`,
      );
      return 1;
    }
    throw e;
  }
  if (p.has("V")) return 0;
  if (p.has("h")) {
    io.out(driverUsage(program));
    return 0;
  }
  if (p.has("L")) {
    io.out(driverVarList(program));
    return 0;
  }
  if (p.operands.length) {
    io.err("Error: too many non-option arguments. Try -h for help.\n");
    return 1;
  }
  const paths = nutPaths(env);
  const ups = p.value("a") ?? p.value("s");
  if (ups === undefined) {
    io.err("Error: specifying '-a id' or '-s id' is now mandatory. Try -h for help.\n");
    return 1;
  }

  if (p.has("c")) {
    const pidArg = p.value("P");
    const pid = pidArg === undefined ? undefined : parseInt(pidArg, 10);
    if (pid !== undefined && !(pid > 0)) {
      io.err(`Error: invalid PID ${pidArg}\n`);
      return 1;
    }
    return await sendControl(program, ups, p.value("c")!, pid, paths, io);
  }

  const extra: ConfigItem[] = p.values("x").map(splitExtraArg);
  const cliInterval = p.value("i");
  const loadConfig = async (): Promise<InstanceConfig> => {
    let global, section, file;
    if (p.has("a")) {
      const conf = await loadUpsConf(paths);
      file = conf.file;
      global = conf.global;
      section = findSection(conf, ups);
      if (!section) throw new DriverConfigError(`Error: Section ${ups} not found in ups.conf`);
    }
    let pollInterval: number | undefined;
    if (cliInterval !== undefined) {
      pollInterval = parseInt(cliInterval, 10);
      if (!(pollInterval > 0)) {
        throw new DriverConfigError(`Error: command-line: invalid pollinterval: ${pollInterval || 0}`);
      }
    }
    return buildInstanceConfig({
      program,
      upsName: section?.name ?? ups,
      global,
      section,
      confFile: file,
      extra,
      pollInterval,
      user: p.value("u"),
      group: p.value("g"),
      chroot: p.value("r"),
    });
  };

  let config: InstanceConfig;
  try {
    config = await loadConfig();
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 1;
  }

  const dumpCount = p.has("d") ? parseInt(p.value("d")!, 10) || 0 : 0;
  const debugLevel = Math.max(p.count("D") || paths.debugLevel, config.debugMin ?? 0);
  let background = !p.has("F") && (p.has("B") || (p.count("D") === 0 && dumpCount === 0));
  if (p.has("k")) background = false;

  if (background && !isDetachedChild()) return await detach(args, program.name);

  let sink: LogSink = stderrSink;
  const log = new Logger({ debugLevel, sink: quietSink(sink, p.count("q")) });
  log.debug(1, `debug level is '${debugLevel}'`);

  const root = (process.getuid?.() ?? -1) === 0;
  const libc = new Libc();
  const group = config.group ?? RUN_AS_GROUP;
  let socketGid: number | undefined;
  try {
    socketGid = /^\d+$/.test(group) ? Number(group) : libc.getgrnam(group);
  } catch {
    socketGid = undefined;
  }
  if (socketGid === undefined && config.group !== undefined) {
    log.warn(`WARNING: could not resolve group name '${group}'`);
  }
  const user = config.user ?? RUN_AS_USER;

  const instanceOptions: DriverInstanceOptions = {
    program,
    config,
    statePath: paths.statePath,
    confPath: paths.confPath,
    log,
    transports: new SystemTransports(),
    beforeInit: () => {
      if (root) dropPrivileges({ user, chroot: config.chroot }, libc);
      else if (config.chroot) throw new Fatal(`Can't chroot to ${config.chroot}: not running as root`);
    },
  };

  try {
    if (p.has("k")) {
      instanceOptions.beforeInit!();
      await killPower(instanceOptions);
      return 0;
    }
    if (dumpCount > 0) {
      instanceOptions.beforeInit!();
      const state = await runDriverDump(instanceOptions, dumpCount);
      io.out(dumpListing(state));
      return 0;
    }
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 1;
  }

  let running;
  try {
    running = await startDriverInstance({
      ...instanceOptions,
      pidPath: paths.altPidPath,
      socketGid: root || config.group !== undefined ? socketGid : undefined,
      reloadConfig: loadConfig,
    });
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 1;
  }

  const onStop = (sig: keyof typeof SIGNAL_NUMBERS) => {
    log.info(`Signal ${SIGNAL_NUMBERS[sig]}: exiting`);
    running.stop().finally(() => Deno.exit(0));
  };
  for (const sig of ["SIGTERM", "SIGINT", "SIGQUIT"] as const) Deno.addSignalListener(sig, () => onStop(sig));
  Deno.addSignalListener("SIGHUP", () => {
    loadConfig().then((cfg) => running.reload(cfg)).catch((e) =>
      log.error(`reload failed: ${(e as Error).message}`)
    );
  });
  running.stopped.then((reason) => {
    if (reason === "exit-request") Deno.exit(0);
  });

  if (isDetachedChild()) {
    notifyReady();
    sink = syslogSink(program.name, libc);
    log.sink = quietSink(sink, p.count("q"));
  }
  return -1;
}
