/**
 * upslog's command line (pure): NUT 2.8.0's options (`-s -l -i -f -u -p -F -B -h -V` and the old
 * positional form `<system> <logfile> <interval> [<format>...]`) plus those of later NUT versions
 * (`-m ups,file` repeatable, `*` as UPS name, `-N`, `-d`, `-D`, `-W`). Like NUT 2.8.0, an unknown option
 * is reported and skipped.
 * @module
 */
import { DEFAULT_LOG_FORMAT } from "./format.ts";
import { posixGetopt } from "../client/tools/posix_getopt.ts";

/** One monitored system and where its lines go. */
export interface LogSpec {
  /** `upsname[@hostname[:port]]` as given (`*` as upsname: every UPS of that server). */
  monhost: string;
  /** Log file path, or `-` for stdout. */
  logfile: string;
}

/** Settings of one upslog run. */
export interface UpslogSettings {
  /** Systems in the order given (-m tuples first, then -s/-l, as NUT 2.8.3+). */
  specs: LogSpec[];
  /** The format string (-f, or the old form's words, with -N's prefix). */
  format: string;
  /** Seconds between polls (-i). */
  interval: number;
  /** Exit after this many polls (-d); 0 = never. */
  maxLoops: number;
  /** -F (true) / -B (false), the last one given; undefined = NUT's default. */
  foreground?: boolean;
  /** -D count. */
  debug: number;
  /** -u user. */
  user?: string;
  /** -p PID file base name (or absolute path). */
  pidBase: string;
  /** -W seconds for the initial connections. */
  connectTimeout?: string;
}

/** The outcome of parsing. */
export type UpslogArgs =
  | { kind: "run"; settings: UpslogSettings; warnings: string[] }
  | { kind: "help"; warnings: string[] }
  | { kind: "version"; warnings: string[] }
  | { kind: "fatal"; message: string; warnings: string[] };

const OPTIONS = "hDs:l:i:d:Nf:u:Vp:FBm:W:A:";

/**
 * C's atoi(): leading blanks, a sign, digits; anything else reads as 0.
 * @param text the text
 * @returns the number
 */
export function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  return m ? Math.trunc(Number(m[1])) : 0;
}

/**
 * Parses upslog's arguments.
 * @param prog the program name (messages)
 * @param args the arguments
 * @returns what to do
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const r = parseUpslogArgs("upslog", ["-s", "ups@host", "-l", "-", "-i", "5"]);
 * assertEquals(r.kind === "run" && [r.settings.specs, r.settings.interval], [[{ monhost: "ups@host", logfile: "-" }], 5]);
 * ```
 */
export function parseUpslogArgs(prog: string, args: readonly string[]): UpslogArgs {
  const warnings: string[] = [];
  const specs: LogSpec[] = [];
  let monhost: string | undefined;
  let logfn: string | undefined;
  let format = DEFAULT_LOG_FORMAT;
  let interval = 30;
  let maxLoops = 0;
  let foreground: boolean | undefined;
  let debug = 0;
  let user: string | undefined;
  let pidBase = prog;
  let connectTimeout: string | undefined;
  let prefix = false;
  const fatal = (message: string): UpslogArgs => ({ kind: "fatal", message, warnings });
  if (args[0] === "--help") return { kind: "help", warnings };

  const parsed = posixGetopt(prog, args, OPTIONS, { lenient: true });
  for (const { letter: c, value } of parsed.options) {
    switch (c) {
      case "?":
        warnings.push(value);
        break;
      case "h":
        return { kind: "help", warnings };
      case "V":
        return { kind: "version", warnings };
      case "D":
        debug++;
        break;
      case "s":
        monhost = value;
        break;
      case "l":
        logfn = value;
        break;
      case "i":
        interval = atoi(value);
        break;
      case "d":
        if (/^\d+$/.test(value.trim())) maxLoops = Number(value.trim());
        else warnings.push("Invalid max loops");
        break;
      case "f":
        format = value;
        break;
      case "N":
        prefix = true;
        break;
      case "u":
        user = value;
        break;
      case "p":
        pidBase = value;
        break;
      case "F":
        foreground = true;
        break;
      case "B":
        foreground = false;
        break;
      case "W":
        connectTimeout = value;
        break;
      case "A":
        if (value !== "none") warnings.push(`${prog}: -A ${value}: nutauth.conf is not supported, ignored`);
        break;
      case "m": {
        const parts = value.split(",");
        if (parts.length !== 2) {
          return fatal("Argument '-m upsspec,logfile' requires exactly 2 components in the tuple");
        }
        if (parts[0] === "" || parts[1] === "") {
          return fatal(`Argument '-m ${value}': empty UPS or log file`);
        }
        specs.push({ monhost: parts[0], logfile: parts[1] });
        break;
      }
    }
  }
  const operands = parsed.operands;
  // The old form: <system> <logfile> <interval> [<format>...]; one or two operands show the help.
  if (operands.length === 1 || operands.length === 2) return { kind: "help", warnings };
  if (operands.length >= 3) {
    monhost = operands[0];
    logfn = operands[1];
    interval = atoi(operands[2]);
  }
  if (operands.length >= 4) format = operands.slice(3).map((w) => w + " ").join("").slice(0, 4095);

  if (monhost !== undefined || logfn !== undefined) {
    if (monhost === undefined) return fatal("No UPS defined for monitoring - use -s <system>");
    if (logfn === undefined) return fatal("No filename defined for logging - use -l <file>");
    specs.push({ monhost, logfile: logfn });
  }
  if (specs.length === 0) return fatal("No UPS defined for monitoring - use -s <system>");
  if (prefix) format = `%UPSHOST%%t${format}`;
  if (interval < 1) {
    warnings.push(`Interval ${interval} is too short: polling every 1 second instead`);
    interval = 1;
  }
  return {
    kind: "run",
    settings: { specs, format, interval, maxLoops, foreground, debug, user, pidBase, connectTimeout },
    warnings,
  };
}

/**
 * Whether upslog stays in the foreground: -F/-B when given, else when logging to stdout or debugging.
 * @param settings the settings
 * @returns true for the foreground
 */
export function staysForeground(settings: UpslogSettings): boolean {
  if (settings.foreground !== undefined) return settings.foreground;
  return settings.debug > 0 || settings.specs.some((s) => s.logfile === "-");
}

/**
 * The help text (NUT's, with the options of later versions).
 * @param prog the program name
 * @returns the text
 */
export function upslogUsage(prog: string): string {
  return `UPS status logger.

usage: ${prog} [OPTIONS]

  -f <format>\t- Log format.  See below for details.
\t\t- Use -f "<format>" so your shell doesn't break it up.
  -N\t\t- Prefix "%UPSHOST%%t" before the format (default/custom):
\t\t  useful when logging many systems into same target.
  -i <interval>\t- Time between updates, in seconds
  -d <count>\t- Exit after specified amount of updates
  -l <logfile>\t- Log file name, or - for stdout (foreground by default)
  -D\t\t- raise debugging level (and stay foreground by default)
  -F\t\t- stay foregrounded even if logging into a file
  -B\t\t- stay backgrounded even if logging to stdout
  -p <pidbase>  - Base name for PID file (defaults to "${prog}")
  -s <ups>\t- Monitor UPS <ups> - <upsname>@<host>[:<port>]
        \t- Example: -s myups@server
        \t- Specify '*' as upsname to query all devices on the host
  -m <tuple>\t- Monitor UPS <ups,logfile>
\t\t- Example: -m myups@server,/var/log/myups.log
\t\t- NOTE: You can use '-' as logfile for stdout
\t\t- Unlike one '-s ups -l file' spec, you can specify many tuples
  -u <user>\t- Switch to <user> if started as root
  -W <secs>\t- network timeout for initial connections (default: 10)

Some valid format string escapes:
\t%% insert a single %
\t%t insert a TAB character
\t%TIME format% insert the time with strftime formatting
\t%ETIME% insert the number of seconds since the epoch
\t%HOST% insert the local hostname
\t%UPSHOST% insert the host of the ups being monitored
\t%PID% insert the pid of upslog
\t%VAR varname% insert the value of ups variable varname

format string defaults to:
${DEFAULT_LOG_FORMAT}

See the upslog(8) man page for more information.
`;
}
