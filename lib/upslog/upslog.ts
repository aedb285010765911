/**
 * upslog: log UPS variables at intervals, in NUT's format language (see format.ts), for one system
 * (`-s ups -l file`) or many (`-m ups,file`, `*@host` for every UPS of a server), in the foreground or
 * detached like NUT's daemons, with a PID file, SIGHUP to reopen the logs and SIGUSR1 to log at once.
 * @module
 */
import { join } from "node:path";
import type { Output } from "../cli/io.ts";
import { Logger, type LogSink } from "../log.ts";
import { NUT_COMPAT_VERSION, VERSION } from "../version.ts";
import { type Env, nutPaths } from "../../config/paths.ts";
import { AddressError, type DeviceAddress, splitName } from "../client/address.ts";
import { NutError } from "../protocol/errors.ts";
import { ClientError } from "../client/errors.ts";
import { connectTimeout } from "../client/tools/context.ts";
import { compileFormat } from "./format.ts";
import {
  type LogSpec,
  parseUpslogArgs,
  staysForeground,
  type UpslogSettings,
  upslogUsage,
} from "./options.ts";
import { type Connector, DeviceConnection } from "./source.ts";
import { LogTargets } from "./targets.ts";
import { type LoggedSystem, UpsLogger } from "./logger.ts";

/** What upslog needs from its surroundings (injectable). */
export interface UpslogContext {
  /** stdout / stderr. */
  out: Output;
  /** Environment. */
  env: Env;
  /** Opens a connection to a server. */
  connect: Connector;
  /** This host's name. */
  hostname: () => string;
  /** Our PID. */
  pid: number;
  /** True in the background copy started by {@linkcode UpslogContext.detach}. */
  detached: boolean;
  /** Starts the background copy and waits until it is ready; resolves to the exit code. */
  detach: (args: string[]) => Promise<number>;
  /** Registers a signal handler. */
  onSignal: (signal: "SIGHUP" | "SIGUSR1" | "SIGINT" | "SIGQUIT" | "SIGTERM", handler: () => void) => void;
  /** Becomes `user` when running as root (-u, else "nut" when it exists). */
  dropPrivileges: (user: string | undefined, log: Logger) => void;
  /** Writes the PID file; undefined when it could not (logged). */
  writePid: (path: string) => Promise<boolean>;
  /** Removes the PID file. */
  removePid: (path: string) => Promise<void>;
  /** In the background copy: report readiness and move logging to syslog. */
  ready: (log: Logger) => void;
}

/** NUT's message for an unusable system. */
const BAD_SYSTEM = "Error: invalid UPS definition.  Required format: upsname[@hostname[:port]]";

/** A monitored system after `*` expansion. */
interface ResolvedSpec {
  monhost: string;
  address: DeviceAddress;
  logfile: string;
}

function reasonOf(e: unknown): string {
  if (e instanceof NutError || e instanceof ClientError) return e.message;
  return (e as Error).message ?? String(e);
}

/**
 * Runs upslog.
 * @param prog the program name
 * @param args the arguments
 * @param ctx surroundings
 * @returns the exit code
 */
export async function upslog(prog: string, args: string[], ctx: UpslogContext): Promise<number> {
  const { out } = ctx;
  if (!ctx.detached) out.out(`Network UPS Tools ${prog} ${NUT_COMPAT_VERSION} (nut ${VERSION})\n`);
  const parsed = parseUpslogArgs(prog, args);
  for (const w of parsed.warnings) out.err(w + "\n");
  if (parsed.kind === "help") {
    out.out(upslogUsage(prog));
    return 0;
  }
  if (parsed.kind === "version") return 0;
  if (parsed.kind === "fatal") {
    out.err(parsed.message + "\n");
    return 1;
  }
  const settings = parsed.settings;
  const paths = nutPaths(ctx.env);
  const debug = settings.debug || paths.debugLevel;
  const stderr: LogSink = (_s, m) => out.err(m + "\n");
  const log = new Logger({ debugLevel: debug, sink: stderr, timestamps: false });

  const connectMs = connectTimeout(settings.connectTimeout ?? ctx.env("NUT_DEFAULT_CONNECT_TIMEOUT"));
  if (connectMs !== undefined && Number.isNaN(connectMs)) {
    out.err(`Error: invalid network timeout: ${settings.connectTimeout}\n`);
    return 1;
  }
  const options = { tls: "try" as const, connectTimeoutMs: connectMs, timeoutMs: 5000 };

  const resolved = await resolveSpecs(settings.specs, ctx, options, log);
  if (typeof resolved === "string") {
    out.err(resolved + "\n");
    return 1;
  }
  if (!ctx.detached) {
    for (const r of resolved) {
      out.out(`logging status of ${r.monhost} to ${r.logfile} (${settings.interval}s intervals)\n`);
    }
  }
  const foreground = staysForeground(settings);
  if (!foreground && !ctx.detached) return await ctx.detach(args);
  return await serve(settings, resolved, ctx, log, options);
}

/** Splits each system, replacing `*@host` by every UPS that server serves (NUT 2.8.3+). */
async function resolveSpecs(
  specs: LogSpec[],
  ctx: UpslogContext,
  options: { tls: "try"; connectTimeoutMs?: number; timeoutMs: number },
  log: Logger,
): Promise<ResolvedSpec[] | string> {
  const out: ResolvedSpec[] = [];
  for (const spec of specs) {
    let address: DeviceAddress;
    try {
      address = splitName(spec.monhost);
    } catch (e) {
      if (!(e instanceof AddressError)) throw e;
      return (e.message ? e.message + "\n" : "") + BAD_SYSTEM;
    }
    if (address.ups !== "*") {
      out.push({ monhost: spec.monhost, address, logfile: spec.logfile });
      continue;
    }
    log.info(`Querying ${address.host}:${address.port} for currently served devices`);
    let names: string[];
    try {
      const client = await ctx.connect(address.host, address.port, options);
      try {
        names = (await client.listUps()).map((d) => d.name);
      } finally {
        client.close();
      }
    } catch (e) {
      if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
        return "Error: upsd is too old to support this query";
      }
      return `Error: ${reasonOf(e)}`;
    }
    if (names.length === 0) {
      log.warn(`Data server at ${address.host}:${address.port} does not currently serve any devices`);
    }
    for (const ups of names) {
      out.push({
        monhost: `${ups}@${address.host}:${address.port}`,
        address: { ...address, ups },
        logfile: spec.logfile,
      });
    }
  }
  if (out.length === 0) return "Queries failed to find anything";
  return out;
}

async function serve(
  settings: UpslogSettings,
  specs: ResolvedSpec[],
  ctx: UpslogContext,
  log: Logger,
  options: { tls: "try"; connectTimeoutMs?: number; timeoutMs: number },
): Promise<number> {
  const targets = new LogTargets(ctx.out, log);
  const systems: LoggedSystem[] = [];
  const items = compileFormat(settings.format);
  try {
    for (const spec of specs) {
      const source = new DeviceConnection(spec.address, ctx.connect, options);
      try {
        await source.ensure();
      } catch (e) {
        ctx.out.err(`Warning: initial connect failed: ${reasonOf(e)}\n`);
      }
      const target = await targets.get(spec.logfile).catch((e) => {
        source.close();
        throw e;
      });
      if (systems.some((s) => s.target === target) && !settings.format.includes("%UPSHOST%")) {
        log.info("NOTE: Consider adding %UPSHOST% to the log formatting string, e.g. pass -N on CLI");
      }
      systems.push({ monhost: spec.monhost, target, source });
    }
  } catch (e) {
    for (const s of systems) s.source.close();
    targets.close();
    ctx.out.err(`${(e as Error).message}\n`);
    return 1;
  }

  const logger = new UpsLogger({
    systems,
    items,
    interval: settings.interval,
    maxLoops: settings.maxLoops,
    hostname: ctx.hostname(),
    pid: ctx.pid,
    reopen: () => targets.reopen(),
    log,
  });
  ctx.onSignal("SIGHUP", () => logger.requestReopen(1));
  ctx.onSignal("SIGUSR1", () => logger.wake());
  ctx.onSignal("SIGINT", () => logger.requestExit(2));
  ctx.onSignal("SIGQUIT", () => logger.requestExit(3));
  ctx.onSignal("SIGTERM", () => logger.requestExit(15));

  const pidFile = settings.pidBase.startsWith("/")
    ? settings.pidBase
    : join(nutPaths(ctx.env).pidPath, `${settings.pidBase}.pid`);
  const pidWritten = await ctx.writePid(pidFile);
  try {
    ctx.dropPrivileges(settings.user, log);
  } catch (e) {
    for (const s of systems) s.source.close();
    targets.close();
    if (pidWritten) await ctx.removePid(pidFile);
    ctx.out.err(`Fatal error: ${(e as Error).message}\n`);
    return 1;
  }
  if (ctx.detached) ctx.ready(log);
  try {
    await logger.run();
  } finally {
    targets.close();
    if (pidWritten) await ctx.removePid(pidFile);
  }
  return 0;
}
