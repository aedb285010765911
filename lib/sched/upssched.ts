/**
 * upssched, the program upsmon calls as NOTIFYCMD: NOTIFYTYPE and UPSNAME from the environment, the
 * message as argument; upssched.conf's matching AT lines start or cancel timers in the shared timer
 * daemon, or run CMDSCRIPT at once. `-l` lists the running timers (NUT 2.8.5+).
 * @module
 */
import { join } from "node:path";
import type { Output } from "../cli/io.ts";
import { Logger, type LogSink } from "../log.ts";
import { NUT_COMPAT_VERSION, VERSION } from "../version.ts";
import { nutPaths } from "../../config/paths.ts";
import { parseUpsschedConf, type UpsschedConf } from "../../config/upssched_conf.ts";
import { ConfigError, formatWarning } from "../../config/diagnostics.ts";
import { posixGetopt } from "../client/tools/posix_getopt.ts";
import { planEvent } from "./plan.ts";
import { type DaemonLink, sendRequest } from "./client.ts";

/** What upssched needs from its surroundings (injectable: tests run it in-process). */
export interface SchedContext {
  /** stdout / stderr for the messages NUT prints there. */
  out: Output;
  /** Environment lookup. */
  env: (name: string) => string | undefined;
  /** Log destination besides stderr (syslog in the real program). */
  logSink: LogSink;
  /** Access to the timer daemon (connect, lock, start). */
  link: (debug: number) => DaemonLink;
  /** Runs CMDSCRIPT now (EXECUTE), waiting for it. */
  execute: (cmdScript: readonly string[], argument: string, log: Logger) => Promise<unknown>;
  /** Reads upssched.conf; undefined when missing; throws with the reason when unreadable. */
  readConfig: (path: string) => Promise<string | undefined>;
}

/**
 * The help text.
 * @param prog the program name
 * @returns the text
 */
export function upsschedUsage(prog: string): string {
  return [
    "upssched: upsmon's scheduling helper for offset timers",
    "Practical behavior is managed by UPSNAME and NOTIFYTYPE envvars",
    "",
    `Usage: ${prog} [OPTIONS] [NOTIFYMSG]`,
    "",
    "  -D\t\traise debugging level",
    "  -V\t\tdisplay the version of this software",
    "  -h\t\tdisplay this help",
    "  -l\t\tdisplay currently pending timers (if any)",
    "",
    "upssched.conf is read from NUT_CONFPATH (default /etc/nut); see upssched.conf(5).",
    "",
  ].join("\n");
}

/**
 * Runs upssched.
 * @param prog the program name
 * @param args the arguments
 * @param ctx surroundings
 * @returns the exit code
 */
export async function upssched(prog: string, args: readonly string[], ctx: SchedContext): Promise<number> {
  const { out } = ctx;
  if (args[0] === "--help") {
    out.out(upsschedUsage(prog));
    return 0;
  }
  const parsed = posixGetopt(prog, args, "DVhl");
  if (parsed.error) {
    out.err(`${parsed.error}\nError: unknown option. Try -h for help.\n`);
    return 1;
  }
  let debugFlags = 0;
  let list = false;
  for (const o of parsed.options) {
    if (o.letter === "h") {
      out.out(upsschedUsage(prog));
      return 0;
    }
    if (o.letter === "V") {
      out.out(`Network UPS Tools upssched ${NUT_COMPAT_VERSION} (nut ${VERSION})\n`);
      return 0;
    }
    if (o.letter === "D") debugFlags++;
    if (o.letter === "l") list = true;
  }
  const paths = nutPaths(ctx.env);
  let debug = debugFlags || paths.debugLevel;
  const stderrSink: LogSink = (_s, m) => out.err(m + "\n");
  const log = new Logger({
    debugLevel: debug,
    timestamps: false,
    sink: (severity, message) => {
      stderrSink(severity, message);
      if (severity !== "debug") ctx.logSink(severity, message);
    },
  });

  const upsName = ctx.env("UPSNAME");
  const notifyType = ctx.env("NOTIFYTYPE");
  const message = parsed.operands[0] || undefined;
  if (!list && (!upsName || !notifyType)) {
    out.out("Error: UPSNAME and NOTIFYTYPE must be set.\nThis program should only be run from upsmon.\n");
    return 1;
  }

  const file = join(paths.confPath, "upssched.conf");
  let conf: UpsschedConf;
  try {
    const text = await ctx.readConfig(file);
    if (text === undefined) {
      log.error(`Can't open ${file}: No such file or directory`);
      return 1;
    }
    conf = parseUpsschedConf(text, file);
  } catch (e) {
    // A ConfigError's detail is the reason alone (its message starts with the path, named here already).
    log.error(`Can't open ${file}: ${e instanceof ConfigError ? e.detail : (e as Error).message}`);
    return 1;
  }
  for (const w of conf.warnings) log.warn(formatWarning(w));
  for (const d of conf.directives) if (d.kind === "DEBUG_MIN" && d.level > debug) debug = d.level;
  log.debugLevel = debug;
  const link = ctx.link(debug);

  if (list) return await listTimers(conf, link, out, log);

  log.debug(1, `Handling NOTIFYTYPE='${notifyType}' for UPSNAME='${upsName}'`);
  for (const step of planEvent(conf, { upsName: upsName!, notifyType: notifyType!, message })) {
    switch (step.kind) {
      case "fatal":
        out.out(step.message + "\n");
        log.error(step.message);
        return 1;
      case "abort":
        log.error(`${file}:${step.line}: ${step.message}`);
        return 1;
      case "error":
        log.error(`${file}:${step.line}: ${step.message}`);
        break;
      case "execute":
        log.debug(1, `Executing command: ${step.argument}`);
        await ctx.execute(step.settings.cmdScript, step.argument, log);
        break;
      case "send": {
        const r = await sendRequest(step.request, step.settings, link, log);
        if (r.kind === "failed") {
          log.error(r.message);
          return 1;
        }
        break;
      }
    }
  }
  return 0;
}

async function listTimers(conf: UpsschedConf, link: DaemonLink, out: Output, log: Logger): Promise<number> {
  const pipe = conf.directives.findLast((d) => d.kind === "PIPEFN");
  if (!pipe || pipe.kind !== "PIPEFN") {
    log.error("upssched.conf: invalid configuration for timer listing: lacks PIPEFN");
    return 1;
  }
  const conn = await link.connect(pipe.path);
  if (!conn) {
    log.error("upssched timer is not running");
    return 1;
  }
  try {
    const reply = await conn.exchange('LIST-TIMERS "" "" "" "" ""', 10_000);
    if (!reply || reply.at(-1) !== "OK") {
      log.error("Unable to connect to daemon or connection was broken during listing");
      return 1;
    }
    const rows = reply.filter((l) => l !== "BEGIN LIST TIMERS" && l !== "END LIST TIMERS" && l !== "OK");
    out.out(rows.map((r) => r + "\n").join(""));
    return 0;
  } finally {
    conn.close();
  }
}
