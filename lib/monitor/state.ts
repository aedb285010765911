/**
 * The monitor's state, a plain value: what is known of each UPS (NUT's utype_t: status flags, the
 * start-up suppression of COMMOK/ONLINE, the timers of the last poll, last non-critical poll, last
 * warnings, OFF/OVER/OB+LB durations) and where the shutdown sequence is.
 * @module
 */
import type { UpsmonConf } from "../../config/upsmon_conf.ts";

/** The status flags upsmon keeps per UPS. */
export type UpsFlag =
  | "ONLINE"
  | "ONBATT"
  | "LOWBATT"
  | "FSD"
  | "CAL"
  | "OFF"
  | "BYPASS"
  | "ECO"
  | "ALARM"
  | "OVER"
  | "TRIM"
  | "BOOST";

/** What the monitor knows of one UPS. Times are epoch milliseconds; 0 means "never". */
export interface UpsTrack {
  /** The UPS as written on its MONITOR line. */
  system: string;
  /** Whether this host is its primary. */
  primary: boolean;
  /** Power supplies of this host it feeds. */
  powerValue: number;
  /** Current flags. */
  flags: UpsFlag[];
  /** -1 before the first answer (no COMMOK then), 0 lost, 1 answering. */
  commState: -1 | 0 | 1;
  /** -1 before the first status (no ONLINE then), 0 on battery or lost, 1 on line. */
  lineState: -1 | 0 | 1;
  /** OFF has lasted beyond OFFDURATION: the feed counts as lost. */
  offState: boolean;
  /** Seen on bypass (counts as dead if it stops answering). */
  bypassState: boolean;
  /** Seen in ECO mode. */
  ecoState: boolean;
  /** Seen with alarms (counts as dead if it stops answering, with ALARMCRITICAL). */
  alarmState: boolean;
  /** Seen overloaded. */
  overState: boolean;
  /** Last successful poll. */
  lastPoll: number;
  /** Last time the UPS was seen not critical (for a secondary's HOSTSYNC grace). */
  lastNonCrit: number;
  /** Last REPLBATT notification. */
  lastRbWarn: number;
  /** Last NOCOMM notification. */
  lastNcWarn: number;
  /** When FSD was last notified (0: not since it was last clear). */
  lastFsdNotify: number;
  /** Since when OFF. */
  offSince: number;
  /** Since when OB+LB (only with OBLBDURATION). */
  oblbSince: number;
  /** Since when overloaded. */
  overSince: number;
  /** Last `ups.alarm` text notified. */
  alarmText: string;
  /** Unclassified status words of the last status. */
  otherTokens: string[];
  /** Code of the current poll failure ("" when polls succeed), for POLLFAIL_LOG_THROTTLE_MAX. */
  pollFailCode: string;
  /** Failed polls logged-or-skipped in the current failure state. */
  pollFailCount: number;
}

/** Where the monitor is. */
export type Phase =
  /** Watching the UPSes. */
  | { kind: "monitoring" }
  /** Primary: FSD set, waiting (up to HOSTSYNC) for the secondaries to log out. */
  | { kind: "hostsync"; since: number; rounds: number; pending: boolean; nextQueryAt: number }
  /** SHUTDOWN notified, waiting FINALDELAY before SHUTDOWNCMD. */
  | { kind: "finaldelay"; until: number }
  /** SHUTDOWNCMD started; staying until `until` (SHUTDOWNEXIT; Infinity: never exit). */
  | { kind: "lingering"; until: number }
  /** Done: the process exits. */
  | { kind: "exited" };

/** The whole state. */
export interface MonitorState {
  /** One entry per MONITOR line, in file order. */
  ups: UpsTrack[];
  /** Where the monitor is. */
  phase: Phase;
  /** Last NOPARENT warning (they repeat every 2 minutes). */
  lastParentWarn: number;
}

/**
 * A UPS as the monitor starts with it: nothing known.
 * @param entry its MONITOR line
 * @returns the track
 */
export function newTrack(entry: { system: string; role: string; powerValue: number }): UpsTrack {
  return {
    system: entry.system,
    primary: entry.role === "primary",
    powerValue: entry.powerValue,
    flags: [],
    commState: -1,
    lineState: -1,
    offState: false,
    bypassState: false,
    ecoState: false,
    alarmState: false,
    overState: false,
    lastPoll: 0,
    lastNonCrit: 0,
    lastRbWarn: 0,
    lastNcWarn: 0,
    lastFsdNotify: 0,
    offSince: 0,
    oblbSince: 0,
    overSince: 0,
    alarmText: "",
    otherTokens: [],
    pollFailCode: "",
    pollFailCount: -1,
  };
}

/**
 * The state at start-up.
 * @param conf the configuration
 * @returns the state
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseUpsmonConf } from "../../config/upsmon_conf.ts";
 * const s = initialState(parseUpsmonConf("MONITOR a@h 1 u p primary\n", "upsmon.conf"));
 * assertEquals([s.ups[0].system, s.ups[0].primary, s.phase.kind], ["a@h", true, "monitoring"]);
 * ```
 */
export function initialState(conf: Pick<UpsmonConf, "monitors">): MonitorState {
  return { ups: conf.monitors.map(newTrack), phase: { kind: "monitoring" }, lastParentWarn: 0 };
}

/**
 * Whether a UPS has a flag.
 * @param t the UPS
 * @param flag the flag
 * @returns true when set
 */
export function hasFlag(t: Pick<UpsTrack, "flags">, flag: UpsFlag): boolean {
  return t.flags.includes(flag);
}
