/**
 * nut.conf: shell-style `NAME=value` assignments read by init scripts (docs/man/nut.conf.txt).
 * @module
 */
import { ConfigError, type ConfigWarning } from "./diagnostics.ts";

/** NUT's operating modes. */
export type NutMode = "none" | "standalone" | "netserver" | "netclient" | "controlled" | "manual";

const MODES: readonly NutMode[] = ["none", "standalone", "netserver", "netclient", "controlled", "manual"];

/** A parsed nut.conf. */
export interface NutConf {
  /** The file it came from. */
  file: string;
  /** MODE (undefined when not set: NUT's wrappers then refuse to start). */
  mode?: NutMode;
  /** Every assignment, in order. */
  values: Map<string, string>;
  /** Non-fatal remarks. */
  warnings: ConfigWarning[];
}

/** Names nut.conf documents; others are kept but warned about. */
const KNOWN = new Set([
  "MODE",
  "ALLOW_NO_DEVICE",
  "ALLOW_NOT_ALL_LISTENERS",
  "UPSD_OPTIONS",
  "UPSMON_OPTIONS",
  "POWEROFF_WAIT",
  "POWEROFF_QUIET",
  "NUT_DEBUG_LEVEL",
  "NUT_DEBUG_PID",
  "NUT_DEBUG_SYSLOG",
  "NUT_IGNORE_NOWAIT",
  "NUT_QUIET_INIT_UPSNOTIFY",
  "NUT_QUIET_INIT_SSL",
  "NUT_QUIET_INIT_BANNER",
  "NUT_CONFPATH",
  "NUT_STATEPATH",
  "NUT_ALTPIDPATH",
  "NUT_PIDPATH",
  "NUT_DEBUG_LEVEL_UPSD",
]);

/**
 * Removes shell quoting from a value: 'single', "double" (with \" \\ \$ escapes), or bare words.
 * @returns the value, or undefined when a quote is not closed
 */
function unquote(raw: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) return undefined;
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < raw.length) {
        if (raw[i] === "\\" && i + 1 < raw.length && '"\\$`'.includes(raw[i + 1])) {
          out += raw[i + 1];
          i += 2;
        } else if (raw[i] === '"') {
          closed = true;
          i++;
          break;
        } else out += raw[i++];
      }
      if (!closed) return undefined;
    } else if (c === "\\" && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 2;
    } else if (c === "#" || /\s/.test(c)) {
      break;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Parses nut.conf text.
 * @param text the file's content
 * @param file its path, for messages
 * @returns the configuration
 * @throws {ConfigError} on a line that is not `NAME=value`, an unclosed quote or an unknown MODE
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const c = parseNutConf("MODE=standalone\nUPSD_OPTIONS='-D'\n", "nut.conf");
 * assertEquals([c.mode, c.values.get("UPSD_OPTIONS")], ["standalone", "-D"]);
 * ```
 */
export function parseNutConf(text: string, file: string): NutConf {
  const values = new Map<string, string>();
  const warnings: ConfigWarning[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) throw new ConfigError(file, i + 1, `expected NAME=value, got ${JSON.stringify(line)}`);
    const value = unquote(m[2]);
    if (value === undefined) throw new ConfigError(file, i + 1, `unclosed quote in the value of ${m[1]}`);
    if (!KNOWN.has(m[1])) warnings.push({ file, line: i + 1, message: `unknown setting "${m[1]}" (kept)` });
    values.set(m[1], value);
  }
  const raw = values.get("MODE");
  let mode: NutMode | undefined;
  if (raw !== undefined) {
    mode = MODES.find((x) => x === raw.toLowerCase());
    if (!mode) {
      const line = lines.findIndex((l) => /^\s*(export\s+)?MODE=/.test(l)) + 1;
      throw new ConfigError(file, line, `MODE must be one of ${MODES.join(", ")}; got "${raw}"`);
    }
  }
  return { file, mode, values, warnings };
}
