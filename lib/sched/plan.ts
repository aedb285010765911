/**
 * What one upssched call does for one event (pure): NUT walks upssched.conf line by line and acts on
 * every AT line matching the event (UPS name exactly or `*`, notify type without regard to case), with the
 * CMDSCRIPT, PIPEFN and LOCKFN read so far. The result is the list of steps, in order; the command
 * (cmd/upssched.ts) carries them out.
 * @module
 */
import type { UpsschedConf } from "../../config/upssched_conf.ts";
import type { SchedRequest } from "./protocol.ts";

/** The event upsmon reports: NOTIFYTYPE and UPSNAME from the environment, the message argument. */
export interface SchedEvent {
  /** UPSNAME (as written in upsmon.conf's MONITOR line, e.g. `ups1@localhost`). */
  upsName: string;
  /** NOTIFYTYPE (ONLINE, ONBATT, LOWBATT, ...). */
  notifyType: string;
  /** The message (NOTIFYMSG), when upsmon passed one. */
  message?: string;
}

/** The settings in force at an AT line. */
export interface SchedSettings {
  /** CMDSCRIPT's program and fixed arguments. */
  cmdScript: string[];
  /** The timer daemon's socket. */
  pipeFn: string;
  /** The lock file guarding the daemon's start. */
  lockFn: string;
}

/** One step of a call. */
export type SchedStep =
  | {
    /** Run CMDSCRIPT now, in this process (EXECUTE). */
    kind: "execute";
    /** The argument given to CMDSCRIPT. */
    argument: string;
    /** Settings in force. */
    settings: SchedSettings;
    /** The AT line. */
    line: number;
  }
  | {
    /** Ask the timer daemon (starting it when needed). */
    kind: "send";
    /** The request. */
    request: SchedRequest;
    /** Settings in force. */
    settings: SchedSettings;
    /** The AT line. */
    line: number;
  }
  | {
    /** Report an error and go on with the next line. */
    kind: "error";
    /** NUT's message. */
    message: string;
    /** The AT line. */
    line: number;
  }
  | {
    /**
     * Stop the call with exit code 1: a matching AT line cannot be carried out (NUT fails the call there
     * too); the message goes to the log, after the file and line.
     */
    kind: "abort";
    /** What is wrong with the line. */
    message: string;
    /** The AT line. */
    line: number;
  }
  | {
    /** Stop the call with exit code 1 (NUT's fatal errors); the message goes to stdout and the log. */
    kind: "fatal";
    /** NUT's message. */
    message: string;
    /** The AT line. */
    line: number;
  };

/**
 * The steps of one call, in config order.
 * @param conf the parsed upssched.conf
 * @param event what upsmon reported
 * @returns the steps (a "fatal" or "abort" step is always the last)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseUpsschedConf } from "../../config/upssched_conf.ts";
 * const conf = parseUpsschedConf(
 *   "CMDSCRIPT /bin/cmd\nPIPEFN /run/p\nLOCKFN /run/l\nAT ONBATT * START-TIMER onbatt 30\nAT ONLINE * EXECUTE back\n",
 *   "upssched.conf",
 * );
 * const steps = planEvent(conf, { upsName: "ups1@localhost", notifyType: "onbatt" });
 * assertEquals(steps.map((s) => s.kind), ["send"]);
 * ```
 */
export function planEvent(conf: UpsschedConf, event: SchedEvent): SchedStep[] {
  const steps: SchedStep[] = [];
  let cmdScript: string[] | undefined;
  let pipeFn: string | undefined;
  let lockFn: string | undefined;
  for (const d of conf.directives) {
    if (d.kind === "CMDSCRIPT") cmdScript = d.argv;
    else if (d.kind === "PIPEFN") pipeFn = d.path;
    else if (d.kind === "LOCKFN") lockFn = d.path;
    if (d.kind !== "AT") continue;
    // NUT checks these at every AT line, matching or not.
    for (const [value, name] of [[cmdScript, "CMDSCRIPT"], [pipeFn, "PIPEFN"], [lockFn, "LOCKFN"]] as const) {
      if (value === undefined) {
        steps.push({
          kind: "fatal",
          message: `${name} must be set before any ATs in the config file!`,
          line: d.line,
        });
        return steps;
      }
    }
    if (d.ups !== event.upsName && d.ups !== "*") continue;
    if (d.notifyType.toUpperCase() !== event.notifyType.toUpperCase()) continue;
    const settings: SchedSettings = { cmdScript: cmdScript!, pipeFn: pipeFn!, lockFn: lockFn! };
    const meta = { notifyType: event.notifyType, upsName: event.upsName, message: event.message ?? "" };
    switch (d.command) {
      case "START-TIMER":
      case "START-TIMER-SHARED":
        // NUT 2.8.0 sends it without seconds, its daemon refuses it and the call exits 1 after retries.
        if (d.arg2 === undefined) {
          steps.push({
            kind: "abort",
            message: `${d.command} ${d.arg1}: the number of seconds is missing ` +
              `(expected AT ${d.notifyType} ${d.ups} ${d.command} ${d.arg1} <seconds>)`,
            line: d.line,
          });
          return steps;
        }
        steps.push({
          kind: "send",
          request: {
            kind: "START",
            shared: d.command === "START-TIMER-SHARED",
            name: d.arg1,
            seconds: d.arg2,
            ...meta,
          },
          settings,
          line: d.line,
        });
        break;
      case "CANCEL-TIMER":
      case "CANCEL-TIMER-MATCHED":
        steps.push({
          kind: "send",
          request: {
            kind: "CANCEL",
            matched: d.command === "CANCEL-TIMER-MATCHED",
            name: d.arg1,
            ...(d.arg2 !== undefined ? { command: d.arg2 } : {}),
            ...meta,
          },
          settings,
          line: d.line,
        });
        break;
      case "EXECUTE":
        if (d.arg1 === "") {
          steps.push({ kind: "error", message: "Empty EXECUTE command argument", line: d.line });
        } else steps.push({ kind: "execute", argument: d.arg1, settings, line: d.line });
        break;
      default:
        steps.push({ kind: "error", message: `Invalid command: ${d.command}`, line: d.line });
    }
  }
  return steps;
}
