/**
 * Shutting the host down (the I/O edge of the `shutdown` action): write POWERDOWNFLAG, then run
 * SHUTDOWNCMD. In NUT's split model the unprivileged monitor cannot do either: it asks the privileged
 * parent over a pipe ({@linkcode PipeShutdown}); with `-p` it does it itself ({@linkcode DirectShutdown}).
 *
 * SHUTDOWNCMD forms: one word is a shell command line (NUT runs it with system()); several words are a
 * command line and its arguments (NUT 2.8.6+), passed to the shell as "$@", never pasted into its text.
 * @module
 */
import type { Logger } from "../log.ts";
import { writePowerDownFlag } from "./power_down_flag.ts";
import { programEnv } from "./notifier.ts";

/** Carries out the `shutdown` action. */
export interface ShutdownExecutor {
  /** Writes POWERDOWNFLAG and runs SHUTDOWNCMD (or asks the process that may). */
  shutdown(): Promise<void>;
}

/**
 * The command line that runs SHUTDOWNCMD.
 * @param words SHUTDOWNCMD words
 * @returns program and arguments
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(shutdownCommand(["/sbin/shutdown -h +0"]), ["/bin/sh", "-c", "/sbin/shutdown -h +0"]);
 * assertEquals(shutdownCommand(["/sbin/shutdown", "-h", "+0"]), ["/bin/sh", "-c", '/sbin/shutdown "$@"', "upsmon-shutdown", "-h", "+0"]);
 * ```
 */
export function shutdownCommand(words: readonly string[]): string[] {
  if (words.length <= 1) return ["/bin/sh", "-c", words[0] ?? ""];
  return ["/bin/sh", "-c", `${words[0]} "$@"`, "upsmon-shutdown", ...words.slice(1)];
}

/** What the privileged side needs to shut the host down. */
export interface ShutdownSettings {
  /** SHUTDOWNCMD words (undefined: none configured). */
  shutdownCmd?: readonly string[];
  /** POWERDOWNFLAG file (undefined: none). */
  powerDownFlag?: string;
  /** Logger. */
  log: Logger;
}

/**
 * Writes POWERDOWNFLAG and runs SHUTDOWNCMD to its end, as NUT's set_pdflag() + system().
 * @param settings the command, the flag file, the logger
 * @param who prefix of the log lines ("" or "upsmon parent: ")
 * @returns the command's exit code (-1 when it could not be run or none is configured)
 */
export async function runShutdownCmd(settings: ShutdownSettings, who = ""): Promise<number> {
  const { log } = settings;
  if (settings.powerDownFlag) {
    log.debug(1, `populate POWERDOWNFLAG file: ${settings.powerDownFlag}`);
    await writePowerDownFlag(settings.powerDownFlag).catch((e) =>
      log.error(`Failed to create power down flag! (${settings.powerDownFlag}: ${(e as Error).message})`)
    );
  } else log.debug(1, "SKIP creation of a POWERDOWNFLAG file: not configured");
  const words = settings.shutdownCmd;
  if (!words || words.length === 0) {
    log.error(`${who}Unable to call shutdown command: no SHUTDOWNCMD is configured`);
    return -1;
  }
  const [program, ...args] = shutdownCommand(words);
  const text = words.join(" ");
  log.debug(1, `${who}Calling shutdown command: ${text}`);
  try {
    const status = await new Deno.Command(program, {
      args,
      env: programEnv(),
      clearEnv: true,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    })
      .output();
    if (status.code !== 0) log.error(`${who}Unable to call shutdown command: ${text}`);
    return status.code;
  } catch (e) {
    log.error(`${who}Unable to call shutdown command: ${text} (${(e as Error).message})`);
    return -1;
  }
}

/** The one-process model (`-p`): this process is privileged and shuts down itself. */
export class DirectShutdown implements ShutdownExecutor {
  #settings: ShutdownSettings;
  #isRoot: boolean;

  /**
   * @param settings the command, the flag file, the logger
   * @param isRoot whether this process runs as root (a warning otherwise, as NUT)
   */
  constructor(settings: ShutdownSettings, isRoot: boolean) {
    this.#settings = settings;
    this.#isRoot = isRoot;
  }

  /** @inheritdoc */
  async shutdown(): Promise<void> {
    if (!this.#isRoot) this.#settings.log.warn("Not root, shutdown may fail");
    await runShutdownCmd(this.#settings);
  }
}

/** The split model: the unprivileged monitor asks the privileged parent (see privsep.ts). */
export class PipeShutdown implements ShutdownExecutor {
  #send: (line: string) => Promise<void>;
  #log: Logger;

  /**
   * @param send writes one line to the parent
   * @param log logger
   */
  constructor(send: (line: string) => Promise<void>, log: Logger) {
    this.#send = send;
    this.#log = log;
  }

  /** @inheritdoc */
  async shutdown(): Promise<void> {
    this.#log.debug(2, "call parent pipe for shutdown");
    try {
      await this.#send("SHUTDOWN");
    } catch (e) {
      this.#log.error(`Unable to call parent pipe for shutdown: ${(e as Error).message}`);
    }
  }
}
