/**
 * ups.conf: global directives, then one `[section]` per UPS with `key = value` lines and bare flags
 * (docs/man/ups.conf.txt). Driver-specific keys are kept as they are for the driver to read.
 * @module
 */
import { splitText } from "../lib/words/split.ts";
import { ConfigError, type ConfigWarning, parseInteger } from "./diagnostics.ts";

/** One value of a section or of the global part: a string, or `true` for a bare flag. */
export type ConfValue = string | true;

/** One `key = value` (or bare flag) with where it was written. */
export interface ConfEntry {
  /** Key as written. */
  key: string;
  /** Value, or true for a flag. */
  value: ConfValue;
  /** Line number. */
  line: number;
}

/** The global directives (before the first section). */
export interface UpsConfGlobal {
  /** Every global entry, in order (including ones listed below). */
  entries: ConfEntry[];
  /** chroot directory for drivers. */
  chroot?: string;
  /** Directory of driver programs. */
  driverpath?: string;
  /** Socket directory, preferred by upsd over its own STATEPATH. */
  statepath?: string;
  /** Unprivileged user of drivers. */
  user?: string;
  /** Group of drivers (socket access). */
  group?: string;
  /** Attempts to start a driver (default 1). */
  maxretry: number;
  /** Seconds between attempts (default 5). */
  retrydelay: number;
  /** Seconds upsdrvctl waits for a driver to start (default 75). */
  maxstartdelay: number;
  /** Default poll interval of drivers in seconds (default 2). */
  pollinterval?: number;
  /** "yes" | "no" | "auto" */
  synchronous?: string;
  /** Minimum debug level of drivers and upsdrvctl. */
  debugMin?: number;
  /** upsdrvctl does not wait for drivers. */
  nowait: boolean;
}

/** One UPS section. */
export interface UpsSection {
  /** Section name: the UPS name clients use. */
  name: string;
  /** Line of the `[name]` header. */
  line: number;
  /** Driver program name (required). */
  driver: string;
  /** Port (required; "auto" or a device, file or address). */
  port: string;
  /** Description for clients. */
  desc?: string;
  /** Shutdown order (default 0; -1 = never shut down). */
  sdorder: number;
  /** Skip port locking. */
  nolock: boolean;
  /** Ignore the device's LB and use charge/runtime thresholds. */
  ignorelb: boolean;
  /** Per-UPS overrides of the global directives. */
  maxretry?: number;
  /** Per-UPS retry delay. */
  retrydelay?: number;
  /** Per-UPS start timeout. */
  maxstartdelay?: number;
  /** Per-UPS user. */
  user?: string;
  /** Per-UPS group. */
  group?: string;
  /** Per-UPS synchronous mode. */
  synchronous?: string;
  /** Per-UPS debug minimum. */
  debugMin?: number;
  /** `default.<var> = value`: values used when the device does not provide them. */
  defaults: Record<string, string>;
  /** `override.<var> = value`: values that replace what the device says. */
  overrides: Record<string, string>;
  /** Every entry of the section in order, driver-specific ones included. */
  entries: ConfEntry[];
}

/** A parsed ups.conf. */
export interface UpsConf {
  /** The file it came from. */
  file: string;
  /** Global part. */
  global: UpsConfGlobal;
  /** UPS sections in file order. */
  sections: UpsSection[];
  /** Non-fatal remarks. */
  warnings: ConfigWarning[];
}

/** Keys of a section with a meaning to the framework (anything else is driver-specific). */
export const FRAMEWORK_KEYS: ReadonlySet<string> = new Set([
  "driver",
  "port",
  "desc",
  "sdorder",
  "sdcommands",
  "nolock",
  "ignorelb",
  "maxretry",
  "retrydelay",
  "maxstartdelay",
  "user",
  "group",
  "synchronous",
  "debug_min",
  "allow_killpower",
  "pollinterval",
  "reconnect_max_tries",
  "reconnect_report_freq",
  "LIBUSB_DEBUG",
]);

const GLOBAL_KEYS = new Set([
  "chroot",
  "driverpath",
  "statepath",
  "user",
  "group",
  "maxretry",
  "retrydelay",
  "maxstartdelay",
  "pollinterval",
  "synchronous",
  "debug_min",
  "nowait",
  "reconnect_max_tries",
  "reconnect_report_freq",
  "LIBUSB_DEBUG",
]);

/** A UPS name: what NUT accepts in `[...]` and in `ups@host`. */
const UPS_NAME = /^[A-Za-z0-9_.:-]+$/;

/**
 * Parses ups.conf text.
 * @param text the file's content
 * @param file its path, for messages
 * @returns the configuration
 * @throws {ConfigError} on unbalanced quotes or a non-integer where an integer is required (other oddities
 *   become warnings, lines NUT ignores are ignored with a warning, and a repeated section is merged as NUT
 *   does)
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const c = parseUpsConf("maxretry = 3\n[ups1]\n driver = dummy-ups\n port = a.dev\n desc = \"Rack 1\"\n", "ups.conf");
 * assertEquals([c.global.maxretry, c.sections[0].name, c.sections[0].desc], [3, "ups1", "Rack 1"]);
 * ```
 */
export function parseUpsConf(text: string, file: string): UpsConf {
  const warnings: ConfigWarning[] = [];
  const global: UpsConfGlobal = { entries: [], maxretry: 1, retrydelay: 5, maxstartdelay: 75, nowait: false };
  const sections: UpsSection[] = [];
  let current: UpsSection | undefined;

  const int = (value: ConfValue, key: string, line: number): number => {
    const n = typeof value === "string" ? parseInteger(value) : undefined;
    if (n === undefined) {
      throw new ConfigError(file, line, `"${key}" expects an integer, got ${JSON.stringify(value)}`);
    }
    return n;
  };

  for (const pl of splitText(text)) {
    if (pl.error) throw new ConfigError(file, pl.line, describeTokenError(pl.error));
    const w = pl.words;
    const head = w[0];
    if (head.startsWith("[")) {
      if (!head.endsWith("]") || w.length > 1 || head.length < 3) {
        throw new ConfigError(
          file,
          pl.line,
          `expected a section header "[name]", got ${JSON.stringify(w.join(" "))}`,
        );
      }
      const name = head.slice(1, -1);
      if (!UPS_NAME.test(name)) {
        warnings.push({
          file,
          line: pl.line,
          message:
            `UPS name "${name}" has characters clients may not accept (use letters, digits, '_', '-', '.')`,
        });
      }
      const dup = sections.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (dup) {
        // NUT reads both into one UPS; later lines win. Do the same, and say so.
        warnings.push({
          file,
          line: pl.line,
          message:
            `duplicate section [${name}] (first at line ${dup.line}): merged into it, later values win`,
        });
        current = dup;
        continue;
      }
      current = {
        name,
        line: pl.line,
        driver: "",
        port: "",
        sdorder: 0,
        nolock: false,
        ignorelb: false,
        defaults: {},
        overrides: {},
        entries: [],
      };
      sections.push(current);
      continue;
    }
    let value: ConfValue;
    if (w.length === 1) value = true;
    else if (w[1] === "=" && w.length >= 3) {
      value = w[2];
      if (w.length > 3) {
        warnings.push({
          file,
          line: pl.line,
          message: `"${head}": only the first word of the value is used ("${
            w[2]
          }"); quote a value with spaces`,
        });
      }
    } else {
      warnings.push({
        file,
        line: pl.line,
        message: `expected "key = value" or a flag, got ${JSON.stringify(w.join(" "))} (ignored)`,
      });
      continue;
    }
    const entry: ConfEntry = { key: head, value, line: pl.line };
    if (!current) {
      global.entries.push(entry);
      applyGlobal(global, entry, int, warnings, file);
    } else {
      current.entries.push(entry);
      applySection(current, entry, int);
    }
  }
  return { file, global, sections, warnings };
}

/**
 * What is missing from a section for a driver to start: NUT requires `driver` and `port`.
 * @param conf the configuration (for the file name)
 * @param section the section
 * @returns a ConfigError naming the section's line, or undefined when complete
 */
export function incompleteSection(conf: UpsConf, section: UpsSection): ConfigError | undefined {
  if (!section.driver) {
    return new ConfigError(conf.file, section.line, `UPS [${section.name}] has no "driver = ..." line`);
  }
  if (!section.port) {
    return new ConfigError(conf.file, section.line, `UPS [${section.name}] has no "port = ..." line`);
  }
  return undefined;
}

type IntReader = (value: ConfValue, key: string, line: number) => number;

function str(v: ConfValue): string {
  return v === true ? "" : v;
}

function applyGlobal(
  g: UpsConfGlobal,
  e: ConfEntry,
  int: IntReader,
  warnings: ConfigWarning[],
  file: string,
): void {
  switch (e.key) {
    case "chroot":
    case "driverpath":
    case "statepath":
    case "user":
    case "group":
    case "synchronous":
      g[e.key] = str(e.value);
      return;
    case "maxretry":
    case "retrydelay":
    case "maxstartdelay":
    case "pollinterval":
      g[e.key] = int(e.value, e.key, e.line);
      return;
    case "debug_min":
      g.debugMin = int(e.value, e.key, e.line);
      return;
    case "nowait":
      g.nowait = true;
      return;
    default:
      if (!GLOBAL_KEYS.has(e.key)) {
        warnings.push({ file, line: e.line, message: `unknown global directive "${e.key}" (ignored)` });
      }
  }
}

function applySection(s: UpsSection, e: ConfEntry, int: IntReader): void {
  const v = str(e.value);
  if (e.key.startsWith("default.") && e.key.length > 8) {
    s.defaults[e.key.slice(8)] = v;
    return;
  }
  if (e.key.startsWith("override.") && e.key.length > 9) {
    s.overrides[e.key.slice(9)] = v;
    return;
  }
  switch (e.key) {
    case "driver":
    case "port":
    case "desc":
    case "user":
    case "group":
    case "synchronous":
      s[e.key] = v;
      return;
    case "sdorder":
    case "maxretry":
    case "retrydelay":
    case "maxstartdelay":
      s[e.key] = int(e.value, e.key, e.line);
      return;
    case "debug_min":
      s.debugMin = int(e.value, e.key, e.line);
      return;
    case "nolock":
    case "ignorelb":
      s[e.key] = true;
      return;
  }
}

/**
 * Describes a tokenizer error for a config message.
 * @param error the tokenizer's error word
 * @returns the text
 */
export function describeTokenError(error: string): string {
  switch (error) {
    case "HASH-IN-QUOTES":
      return 'unbalanced quotes: "#" inside a quoted value must be escaped as \\#';
    case "UNBALANCED-QUOTE":
      return 'unterminated quoted value (missing closing ")';
    default:
      return `cannot read line (${error})`;
  }
}

/**
 * The value of a key in a section (last occurrence wins), for driver-specific options.
 * @param section the section
 * @param key the key
 * @returns the value, true for a flag, or undefined
 */
export function sectionValue(section: UpsSection, key: string): ConfValue | undefined {
  for (let i = section.entries.length - 1; i >= 0; i--) {
    if (section.entries[i].key === key) return section.entries[i].value;
  }
  return undefined;
}

/**
 * Finds a section by UPS name, ignoring case as NUT does.
 * @param conf the configuration
 * @param name the UPS name
 * @returns the section or undefined
 */
export function findSection(conf: UpsConf, name: string): UpsSection | undefined {
  const n = name.toLowerCase();
  return conf.sections.find((s) => s.name.toLowerCase() === n);
}
