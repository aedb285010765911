/**
 * Running CMDSCRIPT: the program and its fixed arguments from upssched.conf, with the timer name (or
 * EXECUTE's argument) as the last argument, run without a shell as NUT's sources after 2.8.5 do. A CMDSCRIPT written as
 * one word holding spaces that is not a file (NUT 2.8.0 style, `CMDSCRIPT "/bin/foo -v"`) runs through
 * /bin/sh like NUT 2.8.0's system() call did.
 * @module
 */
import type { Logger } from "../log.ts";

/** Variables of ours never passed on to CMDSCRIPT. */
const INTERNAL_ENV = ["NUT_ARGV0", "NUT_DETACHED_CHILD", "NUT_UPSSCHED_TIMER_DAEMON"];

/**
 * The command line that runs CMDSCRIPT with an argument.
 * @param cmdScript CMDSCRIPT's words
 * @param argument the timer name or EXECUTE's argument
 * @param isFile whether a path names an existing file (for the NUT 2.8.0 fallback)
 * @returns the program and its arguments
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(scriptCommandLine(["/bin/cmd", "-q"], "onbatt", () => true), ["/bin/cmd", "-q", "onbatt"]);
 * assertEquals(scriptCommandLine(["/bin/cmd -q"], "onbatt", () => false), ["/bin/sh", "-c", "/bin/cmd -q onbatt"]);
 * ```
 */
export function scriptCommandLine(
  cmdScript: readonly string[],
  argument: string,
  isFile: (path: string) => boolean,
): string[] {
  if (cmdScript.length === 1 && /\s/.test(cmdScript[0]) && !isFile(cmdScript[0])) {
    return ["/bin/sh", "-c", `${cmdScript[0]} ${argument}`];
  }
  return [...cmdScript, argument];
}

/**
 * Whether a path names an existing file.
 * @param path the path
 * @returns true when it exists
 */
export function fileExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** How to run one CMDSCRIPT call. */
export interface ScriptRunOptions {
  /** Variables to set (undefined: unset) on top of this process's environment. */
  env?: Record<string, string | undefined>;
  /** "inherit" for a call from upsmon (EXECUTE), "null" in the timer daemon (no terminal). */
  stdio: "inherit" | "null";
  /** Where failures are reported. */
  log: Logger;
}

/**
 * Runs CMDSCRIPT and waits for it (NUT's calls are synchronous too); failures are logged as NUT logs
 * them, never thrown.
 * @param cmdScript CMDSCRIPT's words
 * @param argument the timer name or EXECUTE's argument
 * @param options environment, stdio, logger
 * @returns the exit code (-1 when it could not start or died of a signal)
 */
export async function runScript(
  cmdScript: readonly string[],
  argument: string,
  options: ScriptRunOptions,
): Promise<number> {
  const argv = scriptCommandLine(cmdScript, argument, fileExists);
  const shown = `${cmdScript.join(" ")} ${argument}`;
  const env = Deno.env.toObject();
  for (const k of INTERNAL_ENV) delete env[k];
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  options.log.debug(1, `Executing command: ${argv.join(" ")}`);
  let status: Deno.CommandStatus;
  try {
    status = await new Deno.Command(argv[0], {
      args: argv.slice(1),
      env,
      clearEnv: true,
      stdin: "null",
      stdout: options.stdio,
      stderr: options.stdio,
    }).spawn().status;
  } catch (e) {
    options.log.error(`Execute command failure: ${shown}: ${(e as Error).message}`);
    return -1;
  }
  if (status.signal) {
    options.log.warn(`exec_cmd(${shown}) terminated with signal ${status.signal}`);
    return -1;
  }
  if (status.code !== 0) options.log.info(`exec_cmd(${shown}) returned ${status.code}`);
  return status.code;
}
