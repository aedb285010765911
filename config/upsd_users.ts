/**
 * upsd.users: who may log in and do what (docs/man/upsd.users.txt).
 * @module
 */
import { splitText } from "../lib/words/split.ts";
import { describeTokenError } from "./ups_conf.ts";
import { ConfigError, type ConfigWarning } from "./diagnostics.ts";

/** The role of an upsmon client. */
export type UpsmonRole = "primary" | "secondary";

/** One user. */
export interface UpsdUser {
  /** User name (the section name). */
  name: string;
  /** Line of the section header. */
  line: number;
  /** Password; undefined when the section has none (the user cannot authenticate). */
  password?: string;
  /** Granted actions, upper case ("SET", "FSD"). */
  actions: Set<string>;
  /** Granted instant commands, lower case; "all" grants every command. */
  instcmds: Set<string>;
  /** upsmon role, when the user is an upsmon. */
  upsmon?: UpsmonRole;
}

/** A parsed upsd.users. */
export interface UpsdUsers {
  /** The file it came from. */
  file: string;
  /** Users by name (case-sensitive, as NUT). */
  users: Map<string, UpsdUser>;
  /** Non-fatal remarks. */
  warnings: ConfigWarning[];
}

const ROLES: Record<string, UpsmonRole> = {
  primary: "primary",
  master: "primary",
  secondary: "secondary",
  slave: "secondary",
};

/**
 * Parses upsd.users text.
 * @param text the file's content
 * @param file its path, for messages
 * @returns the users
 * @throws {ConfigError} on unbalanced quotes
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const u = parseUpsdUsers('[mon]\n password = "a b"\n upsmon primary\n actions = SET\n instcmds = ALL\n', "upsd.users");
 * const m = u.users.get("mon")!;
 * assertEquals([m.password, m.upsmon, [...m.actions], [...m.instcmds]], ["a b", "primary", ["SET"], ["all"]]);
 * ```
 */
export function parseUpsdUsers(text: string, file: string): UpsdUsers {
  const users = new Map<string, UpsdUser>();
  const warnings: ConfigWarning[] = [];
  let current: UpsdUser | undefined;
  for (const pl of splitText(text)) {
    if (pl.error) throw new ConfigError(file, pl.line, describeTokenError(pl.error));
    const w = pl.words;
    if (w[0].startsWith("[")) {
      if (!w[0].endsWith("]") || w[0].length < 3 || w.length > 1) {
        throw new ConfigError(
          file,
          pl.line,
          `expected a user section "[name]", got ${JSON.stringify(w.join(" "))}`,
        );
      }
      const name = w[0].slice(1, -1);
      const dup = users.get(name);
      if (dup) {
        // NUT: "Ignoring duplicate user"; the first definition stays and later settings add to it.
        warnings.push({
          file,
          line: pl.line,
          message: `duplicate user [${name}] (first at line ${dup.line}): its settings add to the first`,
        });
        current = dup;
        continue;
      }
      current = { name, line: pl.line, actions: new Set(), instcmds: new Set() };
      users.set(name, current);
      continue;
    }
    if (!current) {
      warnings.push({ file, line: pl.line, message: `"${w[0]}" outside of a [user] section (ignored)` });
      continue;
    }
    const key = w[0].toLowerCase();
    // Forms: `key = v1 v2 ...`, `key v1` (upsmon primary), `key=v1`.
    const values = w[1] === "=" ? w.slice(2) : w.slice(1);
    if (values.length === 0) {
      warnings.push({ file, line: pl.line, message: `"${w[0]}" has no value (ignored)` });
      continue;
    }
    switch (key) {
      case "password":
        if (values.length > 1) {
          warnings.push({
            file,
            line: pl.line,
            message: `password has several words; only "${values[0]}" is used (quote a password with spaces)`,
          });
        }
        if (current.password !== undefined) {
          warnings.push({ file, line: pl.line, message: `duplicate password for ${current.name} (ignored)` });
        } else current.password = values[0];
        break;
      case "actions":
        for (const v of values) current.actions.add(v.toUpperCase());
        break;
      case "instcmds":
        for (const v of values) current.instcmds.add(v.toLowerCase());
        break;
      case "upsmon": {
        // Own keys only: "upsmon constructor" must not find Object.prototype.constructor.
        const word = values[0].toLowerCase();
        const role = Object.hasOwn(ROLES, word) ? ROLES[word] : undefined;
        if (!role) {
          warnings.push({
            file,
            line: pl.line,
            message: `unknown upsmon role "${values[0]}" (expected primary or secondary)`,
          });
        } else current.upsmon = role;
        break;
      }
      case "allowfrom":
        warnings.push({
          file,
          line: pl.line,
          message: "allowfrom in upsd.users is no longer used (ignored)",
        });
        break;
      default:
        warnings.push({ file, line: pl.line, message: `unknown user setting "${w[0]}" (ignored)` });
    }
  }
  return { file, users, warnings };
}
