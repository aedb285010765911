/**
 * getopt() as NUT's client programs call it (an option string starting with `+`): options end at the first
 * operand, so `upsc ups1 -l` reads `-l` as the variable name; bad options produce glibc's messages.
 * The native `nut` commands use lib/cli/getopt.ts instead.
 * @module
 */

/** One option occurrence: a letter and its argument (if it takes one). */
export interface GetoptOption {
  /** The option letter. */
  letter: string;
  /** Its argument ("" for a switch). */
  value: string;
}

/** How {@linkcode posixGetopt} treats a bad option. */
export interface GetoptMode {
  /**
   * Go on after a bad option, as programs whose getopt loop ignores `?` do (upslog): the message becomes
   * an option `?` (its value) in command-line order, and parsing continues. Default: stop at the first one
   * and report it as `error`.
   */
  lenient?: boolean;
}

/** The result of {@linkcode posixGetopt}. */
export interface GetoptResult {
  /** Options in command-line order. */
  options: GetoptOption[];
  /** The operands (everything from the first operand or after `--`). */
  operands: string[];
  /** glibc's message for the first bad option (the program then prints its usage), if any. */
  error?: string;
}

/**
 * Parses arguments in POSIX mode.
 * @param prog program name for messages
 * @param args the arguments
 * @param spec getopt letters, `:` after a letter taking an argument (e.g. `"hlLcVW:j"`)
 * @param mode stop at a bad option (default) or go on
 * @returns options, operands and the first error
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * const r = posixGetopt("upsc", ["-j", "ups1", "-l"], "hlLcjW:");
 * assertEquals([r.options.map((o) => o.letter), r.operands], [["j"], ["ups1", "-l"]]);
 * ```
 */
export function posixGetopt(
  prog: string,
  args: readonly string[],
  spec: string,
  mode: GetoptMode = {},
): GetoptResult {
  const takes = new Map<string, boolean>();
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] === ":" || spec[i] === "+") continue;
    takes.set(spec[i], spec[i + 1] === ":");
  }
  const options: GetoptOption[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const arg = takes.get(c);
      if (arg === undefined) {
        const error = `${prog}: invalid option -- '${c}'`;
        if (!mode.lenient) return { options, operands: [], error };
        options.push({ letter: "?", value: error });
        continue;
      }
      if (!arg) {
        options.push({ letter: c, value: "" });
        continue;
      }
      const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (value === undefined) {
        const error = `${prog}: option requires an argument -- '${c}'`;
        if (!mode.lenient) return { options, operands: [], error };
        options.push({ letter: "?", value: error });
        break;
      }
      options.push({ letter: c, value });
      break;
    }
  }
  return { options, operands: args.slice(i) };
}
