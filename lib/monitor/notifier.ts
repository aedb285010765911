/**
 * Delivering notifications (the I/O edge of NOTIFYFLAG): SYSLOG logs the message (notice), WALL runs
 * wall(1) with it, EXEC runs NOTIFYCMD with the message as its last argument and NOTIFYTYPE and UPSNAME
 * in its environment. Programs run in the background: a slow notifier never holds the monitor up.
 *
 * NOTIFYCMD forms: several words are a program and its arguments (NUT 2.8.6+); one word is a program,
 * unless it contains blanks: then it is a shell command line, as NUT 2.8.0 ran it through system(), and
 * the message is passed to the shell as `"$1"`, never pasted into the command text.
 * @module
 */
import type { Logger } from "../log.ts";
import type { NotifyAction } from "./types.ts";

/** Variables of this program's own machinery, never passed on to NOTIFYCMD, wall or SHUTDOWNCMD. */
const INTERNAL_ENV = ["NUT_ARGV0", "NUT_DETACHED_CHILD", "NUT_UPSMON_CHILD", "NUT_UPSMON_BACKGROUND"];

/**
 * The environment of a program the monitor runs: ours, without the internal variables (a NOTIFYCMD that
 * calls `upssched` or `upsmon -c fsd` through this same binary must not be taken for another program).
 * @param extra variables to add (NOTIFYTYPE, UPSNAME)
 * @returns the whole environment (use with `clearEnv: true`)
 */
export function programEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  for (const k of INTERNAL_ENV) delete env[k];
  return { ...env, ...extra };
}

/** Delivers notifications. */
export interface Notifier {
  /** Delivers one notification according to its flags. */
  notify(action: NotifyAction): void;
  /** Writes a message to all users (NUT's direct wall when shutting down). */
  wall(message: string): void;
}

/** Options of a {@linkcode SystemNotifier}. */
export interface SystemNotifierOptions {
  /** NOTIFYCMD words. */
  notifyCmd?: readonly string[];
  /** Logger (SYSLOG notifications go there, at notice level). */
  log: Logger;
  /** The wall program (default "wall", found in PATH). */
  wallCommand?: string;
  /** Receives what notifier programs print on their standard output (default: dropped). */
  output?: (chunk: Uint8Array) => void;
}

/**
 * The command line that runs NOTIFYCMD with a message.
 * @param notifyCmd NOTIFYCMD words
 * @param message the message
 * @returns program and arguments
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(notifyCommand(["/usr/sbin/upssched"], "UPS a on battery"), ["/usr/sbin/upssched", "UPS a on battery"]);
 * assertEquals(notifyCommand(["/bin/notify --mail"], "m"), ["/bin/sh", "-c", '/bin/notify --mail "$1"', "upsmon-notify", "m"]);
 * ```
 */
export function notifyCommand(notifyCmd: readonly string[], message: string): string[] {
  if (notifyCmd.length === 1 && /\s/.test(notifyCmd[0])) {
    return ["/bin/sh", "-c", `${notifyCmd[0]} "$1"`, "upsmon-notify", message];
  }
  return [...notifyCmd, message];
}

/** Notifications through the system: the logger, wall(1), NOTIFYCMD. */
export class SystemNotifier implements Notifier {
  #opts: SystemNotifierOptions;

  /** @param options NOTIFYCMD, logger, wall program */
  constructor(options: SystemNotifierOptions) {
    this.#opts = options;
  }

  /** Replaces NOTIFYCMD (on reload). */
  set notifyCmd(cmd: readonly string[] | undefined) {
    this.#opts = { ...this.#opts, notifyCmd: cmd };
  }

  /** @inheritdoc */
  notify(action: NotifyAction): void {
    const { flags, message } = action;
    const log = this.#opts.log;
    log.debug(
      6,
      `notify: [${action.system ?? "upsmon itself"}] type ${action.type}: ${message}`,
    );
    if (flags.ignore) return;
    if (flags.syslog) log.notice(message);
    if (flags.wall) this.wall(message);
    if (flags.exec) {
      const cmd = this.#opts.notifyCmd;
      if (!cmd || cmd.length === 0) {
        log.debug(6, "notify: EXEC requested but no NOTIFYCMD is configured");
        return;
      }
      const [program, ...args] = notifyCommand(cmd, message);
      this.#spawn(program, args, { NOTIFYTYPE: action.type, UPSNAME: action.system ?? "" });
    }
  }

  /** @inheritdoc */
  wall(message: string): void {
    const text = message.endsWith("\n") ? message : `${message}\n`;
    this.#spawn(this.#opts.wallCommand ?? "wall", [], undefined, text);
  }

  #spawn(program: string, args: string[], env?: Record<string, string>, stdin?: string): void {
    const log = this.#opts.log;
    let child: Deno.ChildProcess;
    try {
      child = new Deno.Command(program, {
        args,
        env: programEnv(env),
        clearEnv: true,
        stdin: stdin === undefined ? "null" : "piped",
        // Never the monitor's own stdout: in the split mode it is the pipe to the privileged parent.
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
    } catch (e) {
      log.error(`notify: cannot run ${program}: ${(e as Error).message}`);
      return;
    }
    const output = this.#opts.output;
    void (async () => {
      try {
        if (stdin !== undefined) {
          const w = child.stdin.getWriter();
          await w.write(new TextEncoder().encode(stdin)).catch(() => {});
          await w.close().catch(() => {});
        }
        for await (const chunk of child.stdout) output?.(chunk);
        const status = await child.status;
        if (!status.success) log.debug(1, `notify: ${program} exited with status ${status.code}`);
      } catch (e) {
        log.debug(1, `notify: ${program}: ${(e as Error).message}`);
      }
    })();
  }
}
