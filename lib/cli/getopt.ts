/**
 * One small argument parser for every command: NUT's getopt-style short flags (`-a ups`, `-DDD`, `-x k=v`,
 * `-c reload`, bundled `-lq`) and long options for the native forms (`--json`, `--port 3493`, `--port=3493`).
 * GNU getopt rules: operands and options may mix; `--` ends options.
 * @module
 */

/** A usage error: bad flag, missing argument. Commands print it with their usage and exit `exitCode`. */
export class UsageError extends Error {
  /**
   * @param message what was wrong
   * @param exitCode the exit code (NUT's programs use 1; the native `nut` CLI uses 2)
   */
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = "UsageError";
  }
}

/** Declares the options of a command. */
export interface OptionSpec {
  /** getopt string: letters, a letter followed by `:` takes an argument, e.g. `"hVa:u:Dx:"`. */
  short?: string;
  /** long options: `"json"` is a switch, `"port="` takes an argument; `"json|j"` aliases a short letter. */
  long?: readonly string[];
}

/** Parsed arguments: options by name (short letter or long name), operands in order. */
export class ParsedArgs {
  /** Values given to each option, in order; a switch records `""` once per occurrence. */
  readonly options = new Map<string, string[]>();
  /** Operands (non-option arguments). */
  readonly operands: string[] = [];

  /**
   * Whether the option appeared.
   * @param name letter or long name
   * @returns true when given at least once
   */
  has(name: string): boolean {
    return this.options.has(name);
  }

  /**
   * How many times the option appeared (`-DDD` → 3).
   * @param name letter or long name
   * @returns the count
   */
  count(name: string): number {
    return this.options.get(name)?.length ?? 0;
  }

  /**
   * The last value of an option.
   * @param name letter or long name
   * @returns the value, or undefined
   */
  value(name: string): string | undefined {
    return this.options.get(name)?.at(-1);
  }

  /**
   * Every value of a repeatable option.
   * @param name letter or long name
   * @returns the values, possibly empty
   */
  values(name: string): string[] {
    return this.options.get(name) ?? [];
  }

  /** @internal */
  add(name: string, value: string): void {
    const list = this.options.get(name);
    if (list) list.push(value);
    else this.options.set(name, [value]);
  }
}

interface LongOpt {
  name: string;
  arg: boolean;
  alias?: string;
}

/**
 * Parses arguments.
 * @param args the arguments (without the program name)
 * @param spec the options
 * @param exitCode exit code of usage errors
 * @returns the parsed arguments
 * @throws {UsageError} on an unknown option or a missing argument
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const p = parseArgs(["-DD", "-a", "ups1", "-x", "port=auto", "--json", "rest"], { short: "Da:x:", long: ["json"] });
 * assertEquals([p.count("D"), p.value("a"), p.values("x"), p.has("json"), p.operands], [2, "ups1", ["port=auto"], true, ["rest"]]);
 * ```
 */
export function parseArgs(args: readonly string[], spec: OptionSpec, exitCode = 1): ParsedArgs {
  const shortArg = new Map<string, boolean>();
  const short = spec.short ?? "";
  for (let i = 0; i < short.length; i++) {
    const c = short[i];
    if (c === ":" || c === "+") continue;
    shortArg.set(c, short[i + 1] === ":");
  }
  const longs = new Map<string, LongOpt>();
  for (const l of spec.long ?? []) {
    const [decl, alias] = l.split("|");
    const arg = decl.endsWith("=");
    const name = arg ? decl.slice(0, -1) : decl;
    longs.set(name, { name, arg, alias });
  }
  const out = new ParsedArgs();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const opt = longs.get(name);
      if (!opt) throw new UsageError(`Unknown option "--${name}"`, exitCode);
      const key = opt.alias ?? opt.name;
      if (opt.arg) {
        let v: string | undefined = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`Option "--${name}" needs a value`, exitCode);
        if (eq < 0 && v === undefined) v = "";
        out.add(key, v);
      } else {
        if (eq >= 0) throw new UsageError(`Option "--${name}" takes no value`, exitCode);
        out.add(key, "");
      }
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        const takes = shortArg.get(c);
        if (takes === undefined) throw new UsageError(`Unknown option "-${c}"`, exitCode);
        if (!takes) {
          out.add(c, "");
          continue;
        }
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) throw new UsageError(`Option "-${c}" needs a value`, exitCode);
        out.add(c, v);
        break;
      }
      continue;
    }
    out.operands.push(a);
  }
  return out;
}
