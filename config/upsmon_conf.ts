/**
 * upsmon.conf: the monitor's directives (docs/man/upsmon.conf.txt), read as NUT's upsmon reads them:
 * directive names are case-sensitive (DEBUG_MIN excepted), numbers are read like C's atoi(), and a line
 * NUT would not understand is a warning naming file:line, never fatal, except the old-style MONITOR line
 * without a user name (NUT refuses to start on it).
 * @module
 */
import { splitText } from "../lib/words/split.ts";
import { describeTokenError } from "./ups_conf.ts";
import { ConfigError, type ConfigWarning } from "./diagnostics.ts";
import { readConfigText } from "./load.ts";
import { AddressError, splitName } from "../lib/client/address.ts";
import {
  DEFAULT_FLAGS,
  type NotifyFlags,
  type NotifyType,
  notifyTypeOf,
  parseNotifyFlags,
} from "../lib/monitor/notify_types.ts";

/** The role of this host towards a UPS (MONITOR's last word; master/slave are the old names). */
export type MonitorRole = "primary" | "secondary";

/** One MONITOR line. */
export interface MonitorEntry {
  /** The UPS as written, `ups[@host[:port]]` (used in messages and as UPSNAME). */
  system: string;
  /** The device name on the server. */
  ups: string;
  /** The server's host. */
  host: string;
  /** The server's port. */
  port: number;
  /** Power supplies of this host fed by the UPS (0: monitoring only). */
  powerValue: number;
  /** upsd.users section. */
  username: string;
  /** Its password. */
  password: string;
  /** primary or secondary. */
  role: MonitorRole;
  /** Line of the directive. */
  line: number;
}

/** A CERTHOST line. */
export interface CertHost {
  /** Host name as written on MONITOR lines (with `:port` for a non-default port). */
  host: string;
  /** The name the server's certificate must carry. */
  certName: string;
  /** Verify the certificate. */
  verify: boolean;
  /** Refuse a connection without TLS. */
  forceSsl: boolean;
}

/** A parsed upsmon.conf. */
export interface UpsmonConf {
  /** The file it came from. */
  file: string;
  /** MONITOR lines, in file order (duplicates dropped with a warning). */
  monitors: MonitorEntry[];
  /** MINSUPPLIES (default 1). */
  minSupplies: number;
  /** SHUTDOWNCMD: one word (a shell command line) or several (a command and its arguments). */
  shutdownCmd?: string[];
  /** NOTIFYCMD: the program and optional arguments; the message is added as the last argument. */
  notifyCmd?: string[];
  /** NOTIFYMSG overrides. */
  notifyMessages: Partial<Record<NotifyType, string>>;
  /** NOTIFYFLAG overrides (an event not listed uses SYSLOG+WALL). */
  notifyFlags: Partial<Record<NotifyType, NotifyFlags>>;
  /** POLLFREQ in seconds (default 5). */
  pollFreq: number;
  /** POLLFREQALERT in seconds (default 5). */
  pollFreqAlert: number;
  /** DEADTIME in seconds (default 15). */
  deadTime: number;
  /** HOSTSYNC in seconds (default 15). */
  hostSync: number;
  /** FINALDELAY in seconds (default 5). */
  finalDelay: number;
  /** POWERDOWNFLAG file. */
  powerDownFlag?: string;
  /** RBWARNTIME in seconds (default 43200). */
  rbWarnTime: number;
  /** NOCOMMWARNTIME in seconds (default 300). */
  noCommWarnTime: number;
  /** OFFDURATION in seconds (default 30; negative: OFF never counts as a lost feed). */
  offDuration: number;
  /** OVERDURATION in seconds (default -1: an overloaded UPS that stops answering is never critical). */
  overDuration: number;
  /** OBLBDURATION in seconds (default 0: OB+LB is critical at once). */
  oblbDuration: number;
  /** SHUTDOWNEXIT: 0 = exit right after SHUTDOWNCMD (default), n > 0 = after n seconds, < 0 = never. */
  shutdownExit: number;
  /** ALARMCRITICAL (default true). */
  alarmCritical: boolean;
  /** POLLFAIL_LOG_THROTTLE_MAX (default -1: log every failed poll). */
  pollFailLogThrottleMax: number;
  /** RUN_AS_USER. */
  runAsUser?: string;
  /** CERTPATH. */
  certPath?: string;
  /** CERTFILE (client certificate and key, PEM). */
  certFile?: string;
  /** CERTIDENT name and password. */
  certIdent?: { name: string; password: string };
  /** CERTHOST lines, in order. */
  certHosts: CertHost[];
  /** CERTVERIFY 1. */
  certVerify: boolean;
  /** FORCESSL 1. */
  forceSsl: boolean;
  /** DEBUG_MIN, when present. */
  debugMin?: number;
  /** Remarks (lines NUT's upsmon would ignore or correct), with file:line. */
  warnings: ConfigWarning[];
}

/** The settings when the file says nothing. */
export function defaultUpsmonConf(file = "upsmon.conf"): UpsmonConf {
  return {
    file,
    monitors: [],
    minSupplies: 1,
    notifyMessages: {},
    notifyFlags: {},
    pollFreq: 5,
    pollFreqAlert: 5,
    deadTime: 15,
    hostSync: 15,
    finalDelay: 5,
    rbWarnTime: 43200,
    noCommWarnTime: 300,
    offDuration: 30,
    overDuration: -1,
    oblbDuration: 0,
    shutdownExit: 0,
    alarmCritical: true,
    pollFailLogThrottleMax: -1,
    certHosts: [],
    certVerify: false,
    forceSsl: false,
    warnings: [],
  };
}

/**
 * C's atoi(): an optional sign and leading digits; 0 when there are none.
 * @param text the value
 * @returns the number and whether the whole text was that number
 */
function atoi(text: string): { value: number; clean: boolean } {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(text);
  if (!m) return { value: 0, clean: false };
  const value = Math.max(-2147483648, Math.min(2147483647, parseInt(m[1], 10)));
  return { value, clean: m[0].length === text.length && /^[+-]?\d+$/.test(text) };
}

/** Directives whose value is a number of seconds or a count. */
const NUMERIC: Readonly<Record<string, keyof UpsmonConf>> = {
  POLLFREQ: "pollFreq",
  POLLFREQALERT: "pollFreqAlert",
  DEADTIME: "deadTime",
  HOSTSYNC: "hostSync",
  FINALDELAY: "finalDelay",
  MINSUPPLIES: "minSupplies",
  RBWARNTIME: "rbWarnTime",
  NOCOMMWARNTIME: "noCommWarnTime",
  OFFDURATION: "offDuration",
  OVERDURATION: "overDuration",
  OBLBDURATION: "oblbDuration",
};

/** Of those, the ones NUT refuses to make negative (the old value is kept). */
const NON_NEGATIVE = new Set(["POLLFREQ", "POLLFREQALERT", "FINALDELAY", "MINSUPPLIES"]);

/**
 * Parses upsmon.conf text.
 * @param text the file's content
 * @param file its path, for messages
 * @returns the configuration
 * @throws {ConfigError} on an old-style MONITOR line without a user name (NUT refuses to run with it)
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const c = parseUpsmonConf('MONITOR su700@nas:3494 1 mon pw primary\nSHUTDOWNCMD "/sbin/shutdown -h +0"\n', "upsmon.conf");
 * assertEquals([c.monitors[0].ups, c.monitors[0].port, c.monitors[0].role, c.shutdownCmd], ["su700", 3494, "primary", ["/sbin/shutdown -h +0"]]);
 * ```
 */
export function parseUpsmonConf(text: string, file: string): UpsmonConf {
  const conf = defaultUpsmonConf(file);
  for (const pl of splitText(text)) {
    const warn = (message: string) => conf.warnings.push({ file, line: pl.line, message });
    if (pl.error) {
      warn(`parse error: ${describeTokenError(pl.error)} (line ignored)`);
      continue;
    }
    const [key, ...args] = pl.words;
    const invalid = () => warn(`invalid directive ${pl.words.join(" ")} (ignored)`);
    if (args.length < 1) {
      invalid();
      continue;
    }
    // Own keys only: a line "constructor 5" must not find Object.prototype.constructor.
    const numeric = Object.hasOwn(NUMERIC, key) ? NUMERIC[key] : undefined;
    if (numeric) {
      const { value, clean } = atoi(args[0]);
      if (NON_NEGATIVE.has(key) && value < 0) {
        warn(`Ignoring invalid ${key} value: ${value}`);
        continue;
      }
      if (!clean) warn(`${key} expects an integer, got "${args[0]}" (read as ${value}, as NUT does)`);
      (conf as unknown as Record<string, number>)[numeric] = key === "OBLBDURATION" && value < 1 ? 0 : value;
      continue;
    }
    switch (key) {
      case "SHUTDOWNCMD":
        conf.shutdownCmd = args;
        break;
      case "NOTIFYCMD":
        conf.notifyCmd = args;
        if (args.length > 1 && /\s/.test(args[0])) {
          warn(
            `NOTIFYCMD: command '${
              args[0]
            }' contains spaces, be sure to pass any arguments as separately quoted tokens!`,
          );
        }
        break;
      case "POWERDOWNFLAG":
        conf.powerDownFlag = args[0];
        break;
      case "SHUTDOWNEXIT":
        conf.shutdownExit = parseShutdownExit(args[0], warn);
        break;
      case "POLLFAIL_LOG_THROTTLE_MAX": {
        const { value } = atoi(args[0]);
        if (value < 0 || value === 2147483647) {
          warn(`Ignoring invalid POLLFAIL_LOG_THROTTLE_MAX value: ${value}`);
        } else conf.pollFailLogThrottleMax = value;
        break;
      }
      case "RUN_AS_USER":
        conf.runAsUser = args[0];
        break;
      case "CERTPATH":
        conf.certPath = args[0];
        break;
      case "CERTFILE":
        conf.certFile = args[0];
        break;
      case "CERTVERIFY":
        conf.certVerify = atoi(args[0]).value === 1;
        break;
      case "FORCESSL":
        conf.forceSsl = atoi(args[0]).value === 1;
        break;
      case "ALARMCRITICAL":
        conf.alarmCritical = atoi(args[0]).value === 1;
        break;
      case "NOTIFYMSG": {
        if (args.length < 2) {
          invalid();
          break;
        }
        const type = notifyTypeOf(args[0]);
        if (!type) warn(`'${args[0]}' is not a valid notify event name`);
        else conf.notifyMessages[type] = args[1];
        break;
      }
      case "NOTIFYFLAG": {
        if (args.length < 2) {
          invalid();
          break;
        }
        const type = notifyTypeOf(args[0]);
        if (!type) {
          warn(`Warning: invalid notify type [${args[0]}]`);
          break;
        }
        const { flags, invalid: bad } = parseNotifyFlags(args[1]);
        for (const b of bad) warn(`Invalid notify flag: [${b}]`);
        conf.notifyFlags[type] = flags;
        break;
      }
      case "CERTIDENT":
        if (args.length < 2) invalid();
        else conf.certIdent = { name: args[0], password: args[1] };
        break;
      case "CERTHOST":
        if (args.length < 4) invalid();
        else {
          conf.certHosts.push({
            host: args[0],
            certName: args[1],
            verify: atoi(args[2]).value === 1,
            forceSsl: atoi(args[3]).value === 1,
          });
        }
        break;
      case "MONITOR":
        addMonitor(conf, args, pl.line, warn, invalid);
        break;
      default:
        if (key.toUpperCase() === "DEBUG_MIN") {
          const { value, clean } = atoi(args[0]);
          if (!clean || value < 0) warn("Invalid DEBUG_MIN value found in upsmon.conf global settings");
          else conf.debugMin = value;
          break;
        }
        invalid();
    }
  }
  return conf;
}

function parseShutdownExit(value: string, warn: (m: string) => void): number {
  const v = value.toLowerCase();
  if (v === "on" || v === "yes" || v === "true") return 0;
  if (v === "off" || v === "no" || v === "false") return -1;
  if (/^[+-]?\d+$/.test(value)) return atoi(value).value;
  warn("SHUTDOWNEXIT value not recognized, defaulting to 'yes'");
  return 0;
}

function addMonitor(
  conf: UpsmonConf,
  args: string[],
  line: number,
  warn: (m: string) => void,
  invalid: () => void,
): void {
  if (args.length === 4) {
    throw new ConfigError(
      conf.file,
      line,
      "Unable to use old-style MONITOR line without a username (convert it and add a username to upsd.users)",
    );
  }
  if (args.length < 5) {
    invalid();
    return;
  }
  const [system, pvText, username, password, roleText] = args;
  const pv = atoi(pvText);
  if (pv.value < 0) {
    warn(`UPS [${system}]: ignoring invalid power value [${pvText}]`);
    return;
  }
  if (!pv.clean) warn(`UPS [${system}]: power value "${pvText}" read as ${pv.value}, as NUT does`);
  if (conf.monitors.some((m) => m.system === system)) {
    warn(`Warning: ignoring duplicate UPS [${system}]`);
    return;
  }
  const role = roleText.toLowerCase();
  if (!["primary", "master", "secondary", "slave"].includes(role)) {
    warn(`UPS [${system}]: "${roleText}" is not primary, master, secondary or slave (taken as secondary)`);
  }
  let address;
  try {
    address = splitName(system);
  } catch (e) {
    const why = e instanceof AddressError ? e.message : String(e);
    warn(`Error: unable to split UPS name [${system}]: ${why} (ignored)`);
    return;
  }
  conf.monitors.push({
    system,
    ups: address.ups,
    host: address.host,
    port: address.port,
    powerValue: pv.value,
    username,
    password,
    role: role === "primary" || role === "master" ? "primary" : "secondary",
    line,
  });
}

/**
 * The flags of an event: NOTIFYFLAG's, else NUT's default (SYSLOG+WALL).
 * @param conf the configuration
 * @param type the event
 * @returns the flags
 */
export function notifyFlagsOf(conf: Pick<UpsmonConf, "notifyFlags">, type: NotifyType): NotifyFlags {
  return conf.notifyFlags[type] ?? DEFAULT_FLAGS;
}

/**
 * Sum of the power values of every MONITOR line (NUT refuses to start when it is below MINSUPPLIES).
 * @param conf the configuration
 * @returns the total
 */
export function totalPowerValue(conf: Pick<UpsmonConf, "monitors">): number {
  return conf.monitors.reduce((sum, m) => sum + m.powerValue, 0);
}

/**
 * Reads and parses upsmon.conf (the I/O edge).
 * @param path the file (NUT_CONFPATH/upsmon.conf, or -f)
 * @returns the configuration
 * @throws {ConfigError} when the file is missing or unreadable (NUT's "Can't open ...") or unusable
 */
export async function loadUpsmonConf(path: string): Promise<UpsmonConf> {
  const text = await readConfigText(path).catch((e) => {
    // upsmon prints the detail alone (NUT's "Can't open <path>: <reason>"): it must name the path.
    if (e instanceof ConfigError && e.line === 0) {
      throw new ConfigError(path, 0, `Can't open ${path}: ${e.detail}`);
    }
    throw e;
  });
  if (text === undefined) throw new ConfigError(path, 0, `Can't open ${path}: No such file or directory`);
  return parseUpsmonConf(text, path);
}
