/**
 * The rehearsal (`nut monitor --dry-run`): the monitor watches the real UPSes with the real
 * configuration and decides as it would, but every effect is only reported, one line each: which
 * notifications it would send (and how), that it would set FSD, run SHUTDOWNCMD, write POWERDOWNFLAG.
 * It does not LOGIN either, so a primary's HOSTSYNC wait does not count it. An admin pulls the plug and
 * reads what would have happened.
 * @module
 */
import type { Notifier } from "./notifier.ts";
import { formatNotifyFlags } from "./notify_types.ts";
import type { ShutdownExecutor } from "./shutdown.ts";
import { notifyCommand } from "./notifier.ts";
import { shutdownCommand } from "./shutdown.ts";
import type { NotifyAction } from "./types.ts";

/** Where the report lines go. */
export type Report = (line: string) => void;

/** Prefix of every report line. */
export const DRY_RUN_PREFIX = "[dry-run]";

/**
 * Formats the report of one notification.
 * @param action the notification
 * @param notifyCmd NOTIFYCMD words, if configured
 * @returns the lines
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const flags = { ignore: false, syslog: true, wall: false, exec: true };
 * assertEquals(describeNotification({ kind: "notify", type: "ONBATT", system: "ups@nas", message: "UPS ups@nas on battery", flags }, ["/bin/n"]), [
 *   '[dry-run] notify ONBATT (ups@nas): "UPS ups@nas on battery" via SYSLOG+EXEC',
 *   '[dry-run]   would run NOTIFYCMD: /bin/n "UPS ups@nas on battery" with NOTIFYTYPE=ONBATT UPSNAME=ups@nas',
 * ]);
 * ```
 */
export function describeNotification(action: NotifyAction, notifyCmd?: readonly string[]): string[] {
  const how = formatNotifyFlags(action.flags);
  const lines = [
    `${DRY_RUN_PREFIX} notify ${action.type}${action.system ? ` (${action.system})` : ""}: ${
      JSON.stringify(action.message)
    } via ${how}`,
  ];
  if (!action.flags.ignore && action.flags.exec) {
    if (notifyCmd?.length) {
      const argv = notifyCommand(notifyCmd, action.message);
      const shown = argv.map((a, i) => i === argv.length - 1 ? JSON.stringify(a) : a).join(" ");
      lines.push(
        `${DRY_RUN_PREFIX}   would run NOTIFYCMD: ${shown} with NOTIFYTYPE=${action.type} UPSNAME=${
          action.system ?? ""
        }`,
      );
    } else lines.push(`${DRY_RUN_PREFIX}   EXEC is set but no NOTIFYCMD is configured`);
  }
  return lines;
}

/** Reports notifications instead of sending them. */
export class DryRunNotifier implements Notifier {
  #report: Report;
  #notifyCmd: readonly string[] | undefined;

  /**
   * @param report where lines go
   * @param notifyCmd NOTIFYCMD words, if configured
   */
  constructor(report: Report, notifyCmd?: readonly string[]) {
    this.#report = report;
    this.#notifyCmd = notifyCmd;
  }

  /** Replaces NOTIFYCMD (on reload). */
  set notifyCmd(cmd: readonly string[] | undefined) {
    this.#notifyCmd = cmd;
  }

  /** @inheritdoc */
  notify(action: NotifyAction): void {
    for (const line of describeNotification(action, this.#notifyCmd)) this.#report(line);
  }

  /** @inheritdoc */
  wall(message: string): void {
    this.#report(`${DRY_RUN_PREFIX} would wall: ${JSON.stringify(message.trimEnd())}`);
  }
}

/** Reports the shutdown instead of doing it. */
export class DryRunShutdown implements ShutdownExecutor {
  #report: Report;
  #settings: { shutdownCmd?: readonly string[]; powerDownFlag?: string };

  /**
   * @param report where lines go
   * @param settings SHUTDOWNCMD and POWERDOWNFLAG
   */
  constructor(report: Report, settings: { shutdownCmd?: readonly string[]; powerDownFlag?: string }) {
    this.#report = report;
    this.#settings = settings;
  }

  /** @inheritdoc */
  shutdown(): Promise<void> {
    const { shutdownCmd, powerDownFlag } = this.#settings;
    this.#report(
      powerDownFlag
        ? `${DRY_RUN_PREFIX} would write POWERDOWNFLAG ${powerDownFlag}`
        : `${DRY_RUN_PREFIX} no POWERDOWNFLAG is configured (the UPS would not be powered off late in the shutdown)`,
    );
    if (shutdownCmd?.length) {
      this.#report(
        `${DRY_RUN_PREFIX} would run SHUTDOWNCMD: ${shutdownCmd.join(" ")}  (as: ${
          shutdownCommand(shutdownCmd).join(" ")
        })`,
      );
    } else this.#report(`${DRY_RUN_PREFIX} no SHUTDOWNCMD is configured: nothing would shut this host down!`);
    return Promise.resolve();
  }
}
