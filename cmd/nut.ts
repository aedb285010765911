/**
 * The native command line: `nut <command> [args]`, with `--help` on every level.
 * @module
 */
import { VERSION } from "../lib/version.ts";
import type { CommandModule } from "./programs.ts";
import { stdio } from "../lib/cli/io.ts";

/** A native subcommand. */
interface Subcommand {
  /** One-line summary for `nut --help`. */
  summary: string;
  /** Loads the module. */
  load: () => Promise<CommandModule>;
  /** Arguments put before the user's. */
  prefix?: string[];
}

/** The native subcommands, in the order `nut --help` lists them. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = {
  demo: {
    summary: "a simulated UPS served on 127.0.0.1 and shown live (no root, no hardware)",
    load: () => import("./demo.ts"),
  },
  drivers: {
    summary: "start, stop, shut down the drivers of ups.conf, NUT's upsdrvctl (nut drivers start)",
    load: () => import("./upsdrvctl.ts"),
  },
  driver: { summary: "run a driver (nut driver dummy-ups -a myups ...)", load: () => import("./driver.ts") },
  client: {
    summary: "query and control NUT servers (list, get, vars, commands, cmd, set)",
    load: () => import("./client.ts"),
  },
  server: {
    summary: "run the data server, NUT's upsd (nut server -F ...)",
    load: () => import("./server.ts"),
  },
  monitor: {
    summary: "watch UPSes and shut this host down safely, NUT's upsmon (nut monitor --dry-run ...)",
    load: () => import("./upsmon.ts"),
  },
  sched: {
    summary: "upsmon's timer helper, NUT's upssched (NOTIFYCMD; nut sched -l lists the timers)",
    load: () => import("./upssched.ts"),
  },
  log: {
    summary: "log UPS variables at intervals in NUT's format language, NUT's upslog",
    load: () => import("./upslog.ts"),
  },
  scan: {
    summary: "find the UPSes on the USB bus, as ups.conf sections ready to paste (NUT's nut-scanner)",
    load: () => import("./scan.ts"),
  },
  check: {
    summary: "check UPSes for cron and Nagios: exit 0/1/2/3, one line with perfdata, or --json",
    load: () => import("./check.ts"),
  },
};

/**
 * The help text of `nut`.
 * @returns the text
 */
export function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((k) => k.length), 8);
  const lines = Object.entries(SUBCOMMANDS).map(([k, v]) => `  ${k.padEnd(width)}  ${v.summary}`);
  return [
    `nut ${VERSION} - Network UPS Tools, one binary`,
    "",
    "Usage: nut <command> [options]",
    "       nut <command> --help",
    "",
    "Commands:",
    ...lines,
    "",
    "Started as upsd, upsc, upscmd, upsrw, upsdrvctl or a driver name (e.g. dummy-ups) through a",
    "symlink, nut behaves as that NUT program, with its flags, output and exit codes.",
  ].join("\n");
}

/**
 * Runs `nut <command> ...`.
 * @param args the arguments after `nut`
 * @returns the exit code
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0] && SUBCOMMANDS[rest[0]]) return await main([rest[0], "--help"]);
    stdio.out(usage() + "\n");
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    stdio.out(`nut ${VERSION}\n`);
    return 0;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    stdio.err(`nut: unknown command "${name}" (see nut --help)\n`);
    return 2;
  }
  const mod = await sub.load();
  return await mod.main([...(sub.prefix ?? []), ...rest]);
}
