/**
 * What one driver instance is told to do, built from ups.conf (global part and its `[section]`) and the
 * command line (`-x key=value`, `-i`, `-u`, `-g`, `-r`), with NUT's rules (drivers/main.c of 2.8.0):
 * framework keys are consumed, `default.<var>` and `override.<var>` become state, driver options become
 * `driver.parameter.<name>` (or `driver.flag.<name>`); an unknown `-x` key is fatal, an unknown ups.conf key
 * a warning.
 * Pure: no I/O.
 * @module
 */
import type { UpsConfGlobal, UpsSection } from "../../config/ups_conf.ts";
import type { DriverParams, DriverProgram, DriverVarSpec } from "./types.ts";

/** One write to the initial state, in the order NUT makes it. */
export type InitialWrite =
  | { kind: "set"; name: string; value: string }
  | { kind: "override"; name: string; value: string };

/** One key of a section or of `-x`, with where it came from (for messages). */
export interface ConfigItem {
  /** The key. */
  key: string;
  /** The value, or undefined for a bare flag. */
  value?: string;
  /** Where it was written, e.g. `/etc/nut/ups.conf:12` or `-x`. */
  origin: string;
}

/** Everything the framework needs to run one instance. */
export interface InstanceConfig {
  /** UPS section name. */
  upsName: string;
  /** Driver program name. */
  driverName: string;
  /** The `port` option. */
  port: string;
  /** Seconds between polls (ups.conf `pollinterval`, `-i`); default 2. */
  pollInterval: number;
  /** ups.conf `synchronous`: reported in `driver.parameter.synchronous`. */
  synchronous: "yes" | "no" | "auto";
  /** Unprivileged user to become (ups.conf `user`, `-u`). */
  user?: string;
  /** Group given access to the socket (ups.conf `group`, `-g`). */
  group?: string;
  /** Directory to chroot into (ups.conf global `chroot`, `-r`). */
  chroot?: string;
  /** Minimum debug level (`debug_min`, section over global). */
  debugMin?: number;
  /** ups.conf `nolock`. */
  nolock: boolean;
  /** ups.conf `ignorelb`. */
  ignorelb: boolean;
  /** ups.conf `allow_killpower` (NUT 2.8.1+): expose `driver.killpower`. */
  allowKillpower: boolean;
  /**
   * ups.conf `sdcommands` (NUT 2.8.3+): instant commands tried in order to power the UPS off (`-k`,
   * `driver.killpower`); `shutdown.default` is the driver's own shutdown. Default: `shutdown.default`.
   */
  sdCommands?: string[];
  /** Driver-specific options. */
  params: DriverParams;
  /** State written before the driver starts (driver.parameter.*, driver.flag.*, default.*, override.*). */
  initial: InitialWrite[];
  /** Remarks about the configuration (unknown ups.conf keys), as `file:line: message`; logged at start. */
  warnings: string[];
}

/** A fatal configuration problem, worded as NUT words it. */
export class DriverConfigError extends Error {
  /** @param message the text */
  constructor(message: string) {
    super(message);
    this.name = "DriverConfigError";
  }
}

/** Keys meant for upsdrvctl or upsd, accepted and ignored by drivers. */
const IGNORED_KEYS = new Set([
  "desc",
  "sdorder",
  "sddelay",
  "maxretry",
  "retrydelay",
  "maxstartdelay",
  "nowait",
  "reconnect_max_tries",
  "reconnect_report_freq",
  "LIBUSB_DEBUG",
]);

class Params implements DriverParams {
  #values = new Map<string, string | undefined>();

  set(name: string, value: string | undefined): void {
    this.#values.set(name.toLowerCase(), value);
  }

  get(name: string): string | undefined {
    return this.#values.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  entries(): [string, string | undefined][] {
    return [...this.#values];
  }
}

/** Inputs of {@linkcode buildInstanceConfig}. */
export interface ConfigSources {
  /** The driver. */
  program: DriverProgram;
  /** UPS name (`-a` or `-s`). */
  upsName: string;
  /** ups.conf global part (undefined with `-s`). */
  global?: UpsConfGlobal;
  /** The UPS section (undefined with `-s`). */
  section?: UpsSection;
  /** ups.conf path, for messages. */
  confFile?: string;
  /** `-x` options in command-line order (they win over ups.conf). */
  extra?: readonly ConfigItem[];
  /** `-i <seconds>`. */
  pollInterval?: number;
  /** `-u <user>`. */
  user?: string;
  /** `-g <group>`. */
  group?: string;
  /** `-r <dir>`. */
  chroot?: string;
}

/**
 * Splits a `-x` argument as NUT does: `key=value`, or a bare `key` (a flag).
 * @param arg the argument
 * @returns the item
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(splitExtraArg("port=a=b.dev"), { key: "port", value: "a=b.dev", origin: "-x" });
 * ```
 */
export function splitExtraArg(arg: string): ConfigItem {
  const eq = arg.indexOf("=");
  return eq < 0
    ? { key: arg, origin: "-x" }
    : { key: arg.slice(0, eq), value: arg.slice(eq + 1), origin: "-x" };
}

function positiveInt(text: string, what: string): number {
  const n = parseInt(text.trim(), 10);
  if (!(n > 0)) throw new DriverConfigError(`Error: ${what}invalid pollinterval: ${Number.isNaN(n) ? 0 : n}`);
  return n;
}

function synchronousValue(v: string): "yes" | "no" | "auto" {
  return v === "yes" ? "yes" : v === "auto" ? "auto" : "no";
}

/**
 * Builds the configuration of one instance.
 * @param src ups.conf parts, command-line options and the driver's option table
 * @returns the configuration
 * @throws {DriverConfigError} for a section of another driver, a bad pollinterval, an unknown `-x` key, or a
 *   missing port
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const program = { name: "dummy-ups", description: "", version: "1", vars: [], create: () => { throw new Error(); } };
 * const c = buildInstanceConfig({ program, upsName: "u", extra: [{ key: "port", value: "a.dev", origin: "-x" }] });
 * assertEquals([c.port, c.pollInterval, c.initial], ["a.dev", 2, [{ kind: "set", name: "driver.parameter.port", value: "a.dev" }]]);
 * ```
 */
export function buildInstanceConfig(src: ConfigSources): InstanceConfig {
  const params = new Params();
  const initial: InitialWrite[] = [];
  const cfg: InstanceConfig = {
    upsName: src.upsName,
    driverName: src.program.name,
    port: "",
    pollInterval: 2,
    synchronous: "auto",
    nolock: false,
    ignorelb: false,
    allowKillpower: false,
    params,
    initial,
    warnings: [],
  };
  const set = (name: string, value: string) => initial.push({ kind: "set", name, value });

  // Global part: only what drivers use.
  for (const e of src.global?.entries ?? []) {
    const v = e.value === true ? undefined : e.value;
    if (v === undefined) continue;
    switch (e.key) {
      case "pollinterval":
        cfg.pollInterval = positiveInt(v, "");
        break;
      case "chroot":
        cfg.chroot = v;
        break;
      case "user":
        cfg.user = v;
        break;
      case "group":
        cfg.group = v;
        break;
      case "synchronous":
        cfg.synchronous = synchronousValue(v);
        break;
      case "debug_min": {
        const n = parseInt(v, 10);
        if (n >= 0) cfg.debugMin = n;
        break;
      }
    }
  }

  const items: ConfigItem[] = [];
  if (src.section) {
    const where = src.confFile ?? "ups.conf";
    for (const e of src.section.entries) {
      items.push({ key: e.key, value: e.value === true ? undefined : e.value, origin: `${where}:${e.line}` });
    }
  }
  let sectionDebugMin: number | undefined;
  const fromCli = (item: ConfigItem) => item.origin === "-x";

  for (const item of [...items, ...(src.extra ?? [])]) {
    const { key, value } = item;
    const lower = key.toLowerCase();
    if (lower.startsWith("override.") && key.length > 9) {
      initial.push({ kind: "override", name: key.slice(9), value: value ?? "" });
      continue;
    }
    if (lower.startsWith("default.") && key.length > 8) {
      set(key.slice(8), value ?? "");
      continue;
    }
    switch (key) {
      case "nolock":
        cfg.nolock = true;
        set("driver.flag.nolock", "enabled");
        continue;
      case "ignorelb":
        cfg.ignorelb = true;
        set("driver.flag.ignorelb", "enabled");
        continue;
      case "allow_killpower":
        if (value === undefined || /^(1|yes|true|on)$/i.test(value)) {
          cfg.allowKillpower = true;
          set("driver.flag.allow_killpower", "1");
        }
        continue;
    }
    if (value !== undefined) {
      switch (key) {
        case "port":
          cfg.port = value;
          set("driver.parameter.port", value);
          continue;
        case "user":
          if (src.user === undefined) cfg.user = value;
          continue;
        case "group":
          if (src.group === undefined) cfg.group = value;
          continue;
        case "synchronous":
          cfg.synchronous = synchronousValue(value);
          continue;
        case "debug_min": {
          const n = parseInt(value, 10);
          if (n >= 0) sectionDebugMin = n;
          continue;
        }
        case "driver":
          if (!fromCli(item)) {
            if (value !== src.program.name) {
              throw new DriverConfigError(
                `Error: UPS [${src.upsName}] is for driver ${value}, but I'm ${src.program.name}!`,
              );
            }
            continue;
          }
          break;
        case "pollinterval":
          cfg.pollInterval = positiveInt(value, fromCli(item) ? "" : `UPS [${src.upsName}]: `);
          continue;
        case "sdcommands":
          cfg.sdCommands = value.split(",").map((c) => c.trim()).filter((c) => c.length > 0);
          set("driver.parameter.sdcommands", value);
          continue;
      }
    }
    if (IGNORED_KEYS.has(key)) continue;
    const spec = findVar(src.program.vars, key);
    if (!spec && !fromCli(item)) {
      // A ups.conf key this driver does not know: NUT stops the driver; a drop-in must not refuse a
      // file that works elsewhere (the key may belong to a newer NUT or another driver), so warn.
      cfg.warnings.push(
        `${item.origin}: '${key}' is not a valid ${value === undefined ? "flag" : "variable name"} for ` +
          `driver ${src.program.name} (ignored; see ${src.program.name} -h)`,
      );
      continue;
    }
    if (!spec) {
      throw new DriverConfigError(
        `Fatal error: '${key}' is not a valid ${value === undefined ? "flag" : "variable name"} for this ` +
          `driver (${item.origin}).\n\nLook in the man page or call this driver with -h for a list of\n` +
          "valid variable names and flags.",
      );
    }
    params.set(spec.name, value);
    if (spec.sensitive) continue;
    if (value === undefined) set(`driver.flag.${key}`, "enabled");
    else set(`driver.parameter.${key}`, value);
  }

  if (sectionDebugMin !== undefined) cfg.debugMin = sectionDebugMin;
  if (src.pollInterval !== undefined) cfg.pollInterval = src.pollInterval;
  if (src.user !== undefined) cfg.user = src.user;
  if (src.group !== undefined) cfg.group = src.group;
  if (src.chroot !== undefined) cfg.chroot = src.chroot;
  if (!cfg.port) {
    throw new DriverConfigError(
      "Error: you must specify a port name in ups.conf or in '-x port=...' argument.\nTry -h for help.",
    );
  }
  return cfg;
}

function findVar(vars: readonly DriverVarSpec[], key: string): DriverVarSpec | undefined {
  const k = key.toLowerCase();
  return vars.find((v) => v.name.toLowerCase() === k);
}
