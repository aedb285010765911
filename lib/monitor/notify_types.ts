/**
 * upsmon's notify events: their names, NUT's stock messages and default flags (clients/upsmon.h of NUT's
 * newest sources), the NOTIFYFLAG words, and how a message is formatted (the first `%s` is the UPS, the
 * second one, where an event has extra text, is that text). Pure.
 * @module
 */

/** Every notify event upsmon knows, in NUT's table order. */
export const NOTIFY_TYPES = [
  "ONLINE",
  "ONBATT",
  "LOWBATT",
  "FSD",
  "COMMOK",
  "COMMBAD",
  "SHUTDOWN",
  "SHUTDOWN_HOSTSYNC",
  "REPLBATT",
  "NOCOMM",
  "NOPARENT",
  "CAL",
  "NOTCAL",
  "OFF",
  "NOTOFF",
  "BYPASS",
  "NOTBYPASS",
  "ECO",
  "NOTECO",
  "ALARM",
  "NOTALARM",
  "OVER",
  "NOTOVER",
  "TRIM",
  "NOTTRIM",
  "BOOST",
  "NOTBOOST",
  "OTHER",
  "NOTOTHER",
  "SUSPEND_TIMEJUMP_UNEXPECTED",
  "SUSPEND_STARTING",
  "SUSPEND_FINISHED",
] as const;

/** A notify event name (`NOTIFYTYPE` in the environment of NOTIFYCMD). */
export type NotifyType = typeof NOTIFY_TYPES[number];

/** NUT's stock message of each event (`%s`: the UPS as written on its MONITOR line). */
export const STOCK_MESSAGES: Readonly<Record<NotifyType, string>> = {
  ONLINE: "UPS %s on line power",
  ONBATT: "UPS %s on battery",
  LOWBATT: "UPS %s battery is low",
  FSD: "UPS %s: forced shutdown in progress",
  COMMOK: "Communications with UPS %s established",
  COMMBAD: "Communications with UPS %s lost",
  SHUTDOWN: "Auto logout and shutdown proceeding",
  SHUTDOWN_HOSTSYNC: "Shutdown initiated; primary system is waiting for secondaries to log out or time out",
  REPLBATT: "UPS %s battery needs to be replaced",
  NOCOMM: "UPS %s is unavailable",
  NOPARENT: "upsmon parent process died - shutdown impossible",
  CAL: "UPS %s: calibration in progress",
  NOTCAL: "UPS %s: calibration finished",
  OFF: "UPS %s: administratively OFF or asleep",
  NOTOFF: "UPS %s: no longer administratively OFF or asleep",
  BYPASS: "UPS %s: on bypass (powered, not protecting)",
  NOTBYPASS: "UPS %s: no longer on bypass",
  ECO: "UPS %s: in ECO mode (as defined by vendor)",
  NOTECO: "UPS %s: no longer in ECO mode",
  ALARM: "UPS %s: one or more active alarms: [%s]",
  NOTALARM: "UPS %s is no longer in an alarm state (no active alarms)",
  OVER: "UPS %s: overloaded",
  NOTOVER: "UPS %s: no longer overloaded",
  TRIM: "UPS %s: trimming incoming voltage",
  NOTTRIM: "UPS %s: no longer trimming incoming voltage",
  BOOST: "UPS %s: boosting incoming voltage",
  NOTBOOST: "UPS %s: no longer boosting incoming voltage",
  OTHER: "UPS %s: has at least one unclassified status token: [%s]",
  NOTOTHER: "UPS %s has no unclassified status tokens anymore",
  SUSPEND_TIMEJUMP_UNEXPECTED: "Unexpected clock change by %s, treating as wake up from sleep",
  SUSPEND_STARTING: "OS is entering sleep/suspend/hibernate mode",
  SUSPEND_FINISHED:
    "OS just finished sleep/suspend/hibernate mode, de-activating obsolete UPS readings to avoid an unfortunate shutdown",
};

/** What to do with one event (NOTIFYFLAG). An empty set of flags does nothing, as IGNORE. */
export interface NotifyFlags {
  /** IGNORE: do nothing (wins over the others). */
  ignore: boolean;
  /** SYSLOG: log the message (notice). */
  syslog: boolean;
  /** WALL: send it to every logged-in user with wall(1). */
  wall: boolean;
  /** EXEC: run NOTIFYCMD with it. */
  exec: boolean;
}

/** NUT's default for every event: SYSLOG+WALL. */
export const DEFAULT_FLAGS: Readonly<NotifyFlags> = Object.freeze({
  ignore: false,
  syslog: true,
  wall: true,
  exec: false,
});

/**
 * Finds an event by name, ignoring case as NUT does.
 * @param name e.g. "onbatt"
 * @returns the event, or undefined when NUT has no such event
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([notifyTypeOf("onbatt"), notifyTypeOf("nope")], ["ONBATT", undefined]);
 * ```
 */
export function notifyTypeOf(name: string): NotifyType | undefined {
  const upper = name.toUpperCase();
  return (NOTIFY_TYPES as readonly string[]).includes(upper) ? upper as NotifyType : undefined;
}

/**
 * Parses NOTIFYFLAG's value, `SYSLOG+WALL+EXEC` or `IGNORE` (words are case-sensitive in NUT). Unknown
 * words are reported and leave the others in effect; NUT then resets the event's flags, so an unknown
 * word alone means "do nothing".
 * @param text the value
 * @returns the flags and the words that were not understood
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parseNotifyFlags("SYSLOG+EXEC").flags, { ignore: false, syslog: true, wall: false, exec: true });
 * assertEquals(parseNotifyFlags("SYSLOG+LOUD").invalid, ["LOUD"]);
 * ```
 */
export function parseNotifyFlags(text: string): { flags: NotifyFlags; invalid: string[] } {
  const flags: NotifyFlags = { ignore: false, syslog: false, wall: false, exec: false };
  const invalid: string[] = [];
  for (const word of text.split("+")) {
    if (word === "SYSLOG") flags.syslog = true;
    else if (word === "WALL") flags.wall = true;
    else if (word === "EXEC") flags.exec = true;
    else if (word === "IGNORE") flags.ignore = true;
    else invalid.push(word);
  }
  return { flags, invalid };
}

/**
 * Formats flags back into NOTIFYFLAG's form.
 * @param flags the flags
 * @returns e.g. "SYSLOG+WALL", or "IGNORE" when nothing is done
 */
export function formatNotifyFlags(flags: NotifyFlags): string {
  if (flags.ignore) return "IGNORE";
  const words = [flags.syslog && "SYSLOG", flags.wall && "WALL", flags.exec && "EXEC"].filter(Boolean);
  return words.length ? words.join("+") : "IGNORE";
}

/** NUT formats messages into a 512-byte buffer. */
export const MAX_MESSAGE_LENGTH = 511;

/**
 * Formats a notify message: the first `%s` becomes the UPS name (empty for events about this host),
 * the second the extra text (alarms, unclassified status words) when the event has one; `%%` is a
 * percent sign. Other `%` sequences are kept as written (NUT would hand them to printf).
 * @param template NOTIFYMSG or the stock message
 * @param ups the UPS as written on its MONITOR line, or undefined
 * @param extra the event's extra text, if any
 * @returns the message, at most 511 characters
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatNotifyMessage("UPS %s: alarms [%s] 100%%", "ups@nas", "OVERHEAT"), "UPS ups@nas: alarms [OVERHEAT] 100%");
 * ```
 */
export function formatNotifyMessage(template: string, ups: string | undefined, extra?: string): string {
  const args = [ups ?? "", extra ?? ""];
  let used = 0;
  const out = template.replace(/%(%|s)/g, (_m, c: string) => {
    if (c === "%") return "%";
    return used < args.length ? args[used++] : "";
  });
  return out.slice(0, MAX_MESSAGE_LENGTH);
}
