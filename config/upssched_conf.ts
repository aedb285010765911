/**
 * upssched.conf: the timer rules of upssched (docs/man/upssched.conf.txt). NUT reads the file line by
 * line and acts on each AT line as it reads it, with the CMDSCRIPT, PIPEFN and LOCKFN set so far; the
 * parser therefore keeps the directives in file order and lib/sched/plan.ts walks them.
 * @module
 */
import { splitText } from "../lib/words/split.ts";
import { describeTokenError } from "./ups_conf.ts";
import type { ConfigWarning } from "./diagnostics.ts";

/** The actions an AT line may name. */
export const AT_COMMANDS = [
  "START-TIMER",
  "START-TIMER-SHARED",
  "CANCEL-TIMER",
  "CANCEL-TIMER-MATCHED",
  "EXECUTE",
] as const;

/** One directive of upssched.conf, in file order. */
export type SchedDirective =
  | {
    /** `CMDSCRIPT <program> [<arg>...]`: the program run with the timer name as its last argument. */
    kind: "CMDSCRIPT";
    /** The program and its fixed arguments. */
    argv: string[];
    /** Line number. */
    line: number;
  }
  | {
    /** `PIPEFN <path>`: the timer daemon's Unix socket. */
    kind: "PIPEFN";
    /** The path. */
    path: string;
    /** Line number. */
    line: number;
  }
  | {
    /** `LOCKFN <path>`: the file that stops two calls starting two daemons. */
    kind: "LOCKFN";
    /** The path. */
    path: string;
    /** Line number. */
    line: number;
  }
  | {
    /** `DEBUG_MIN <level>`. */
    kind: "DEBUG_MIN";
    /** The level. */
    level: number;
    /** Line number. */
    line: number;
  }
  | {
    /** `AT <notifytype> <upsname|*> <command> <arg1> [<arg2>]`. */
    kind: "AT";
    /** Notify type (compared without regard to case, as NUT does). */
    notifyType: string;
    /** UPS name as upsmon passes it (`ups@host`), or `*` for every UPS (compared exactly). */
    ups: string;
    /** START-TIMER, START-TIMER-SHARED, CANCEL-TIMER, CANCEL-TIMER-MATCHED or EXECUTE (others are kept:
     * NUT reports them only when the line matches an event). */
    command: string;
    /** First argument: the timer name, or EXECUTE's argument. */
    arg1: string;
    /** Second argument: the timer's seconds, or CANCEL-TIMER's command; undefined when absent. */
    arg2?: string;
    /** Line number. */
    line: number;
  };

/** A parsed upssched.conf. */
export interface UpsschedConf {
  /** The file it came from. */
  file: string;
  /** The directives NUT acts on, in file order. */
  directives: SchedDirective[];
  /** Lines NUT ignores with a message: parse errors and invalid directives. */
  warnings: ConfigWarning[];
}

/**
 * Parses upssched.conf text. Like NUT, nothing here is fatal: unreadable or invalid lines become warnings
 * (NUT logs `upssched.conf: invalid directive ...` and goes on); a missing CMDSCRIPT, PIPEFN or LOCKFN is
 * reported when an AT line needs it (see lib/sched/plan.ts).
 * @param text the file's content
 * @param file its path, for messages
 * @returns the directives and warnings
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const c = parseUpsschedConf("CMDSCRIPT /bin/cmd\nAT ONBATT * START-TIMER onbatt 30\n", "upssched.conf");
 * assertEquals(c.directives.map((d) => d.kind), ["CMDSCRIPT", "AT"]);
 * ```
 */
export function parseUpsschedConf(text: string, file: string): UpsschedConf {
  const directives: SchedDirective[] = [];
  const warnings: ConfigWarning[] = [];
  for (const pl of splitText(text)) {
    const line = pl.line;
    if (pl.error) {
      warnings.push({ file, line, message: `Parse error: ${describeTokenError(pl.error)} (line ignored)` });
      continue;
    }
    const w = pl.words;
    const invalid = (why: string) =>
      warnings.push({ file, line, message: `upssched.conf: invalid directive ${w.join(" ")} (${why})` });
    if (w.length < 2) {
      invalid("a directive needs a value");
      continue;
    }
    // NUT compares directive names exactly (strcmp): "cmdscript" is not CMDSCRIPT.
    switch (w[0]) {
      case "CMDSCRIPT":
        directives.push({ kind: "CMDSCRIPT", argv: w.slice(1), line });
        if (w.length === 2 && /\s/.test(w[1])) {
          warnings.push({
            file,
            line,
            message: `CMDSCRIPT "${w[1]}" contains spaces: it runs through /bin/sh as NUT 2.8.0 did unless ` +
              "it names an existing file; give arguments as separately quoted words instead",
          });
        }
        break;
      case "PIPEFN":
        directives.push({ kind: "PIPEFN", path: w[1], line });
        break;
      case "LOCKFN":
        directives.push({ kind: "LOCKFN", path: w[1], line });
        break;
      case "DEBUG_MIN": {
        const level = Number(w[1]);
        if (/^\d+$/.test(w[1]) && Number.isSafeInteger(level)) {
          directives.push({ kind: "DEBUG_MIN", level, line });
        } else warnings.push({ file, line, message: `DEBUG_MIN expects a number, got "${w[1]}" (ignored)` });
        break;
      }
      case "AT":
        if (w.length < 5) {
          invalid("expected AT <notifytype> <upsname> <command> <argument> [<argument>]");
          break;
        }
        directives.push({
          kind: "AT",
          notifyType: w[1],
          ups: w[2],
          command: w[3],
          arg1: w[4],
          ...(w.length > 5 ? { arg2: w[5] } : {}),
          line,
        });
        if (!(AT_COMMANDS as readonly string[]).includes(w[3])) {
          warnings.push({
            file,
            line,
            message: `unknown AT command "${w[3]}" (expected one of ${AT_COMMANDS.join(", ")})`,
          });
        }
        break;
      default:
        invalid("unknown directive");
    }
  }
  return { file, directives, warnings };
}
