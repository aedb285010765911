/**
 * The vocabulary of the monitor's pure core: what it observes (status of a UPS, a failed poll, the
 * result of a command), what it is told (time passes, an FSD request, the parent is gone) and what it
 * asks the edges to do (notify, set FSD, count logins, shut down, exit).
 * @module
 */
import type { NotifyFlags, NotifyType } from "./notify_types.ts";

/** When an observation was made, so that an older answer never overrides a newer one. */
export interface ObservedAt {
  /**
   * The earliest moment (the monitor's clock, epoch ms) the observation may describe: when a poll's
   * request was sent, when a pushed line arrived. An observation older than one already delivered for the
   * same UPS is dropped (a poll answered just after a push it raced with says nothing newer).
   */
  asOf?: number;
}

/** A UPS answered: its `ups.status` (and `ups.alarm` when the status carries ALARM). */
export interface StatusObservation extends ObservedAt {
  /** Observation kind. */
  kind: "status";
  /** The UPS, as written on its MONITOR line. */
  system: string;
  /** The value of `ups.status` ("" counts as no answer, as in NUT). */
  status: string;
  /** The value of `ups.alarm`, when asked for and available. */
  alarm?: string;
}

/** A UPS could not be read: connection, login or the server's refusal (DATA-STALE, UNKNOWN-UPS...). */
export interface FailureObservation extends ObservedAt {
  /** Observation kind. */
  kind: "failure";
  /** The UPS, as written on its MONITOR line. */
  system: string;
  /** The log line, e.g. "Poll UPS [ups@host] failed - Data stale". */
  message: string;
  /** A short code of the cause (e.g. "DATA-STALE", "CONNECT"), for log throttling. */
  code: string;
  /** The connection is gone (it will be opened again at the next poll). */
  disconnected: boolean;
}

/** What a status source reports about one UPS. */
export type Observation = StatusObservation | FailureObservation;

/** Something that happened, fed to {@linkcode evaluate}. */
export type MonitorEvent =
  /** Observations (from a poll round or a push), then the checks of time and power. */
  | { kind: "observe"; at: number; observations: readonly Observation[] }
  /** Time passes: the checks of time and power only. */
  | { kind: "tick"; at: number }
  /** `upsmon -c fsd` (SIGUSR1): shut down now, as if the power were critical. */
  | { kind: "fsd-request"; at: number }
  /** The server answered the FSD command sent for a `set-fsd` action. */
  | { kind: "fsd-result"; at: number; system: string; ok: boolean; message?: string }
  /** Answers to a `count-logins` action: the logins of each UPS (undefined where the query failed). */
  | { kind: "logins"; at: number; counts: readonly (number | undefined)[] }
  /** The privileged parent process is gone: shutting down is impossible. */
  | { kind: "parent-gone"; at: number };

/** A log line the core wants written. */
export interface LogAction {
  /** Action kind. */
  kind: "log";
  /** Severity (debug lines carry their level). */
  severity: "error" | "warning" | "notice" | "info" | "debug";
  /** Debug level for severity "debug". */
  level?: number;
  /** The text. */
  message: string;
}

/** A notification to deliver according to its flags. */
export interface NotifyAction {
  /** Action kind. */
  kind: "notify";
  /** The event (NOTIFYTYPE). */
  type: NotifyType;
  /** The UPS as written on its MONITOR line (UPSNAME), or undefined for events about this host. */
  system?: string;
  /** The formatted message. */
  message: string;
  /** What to do with it. */
  flags: NotifyFlags;
}

/** What the core asks the edges to do, in order. */
export type MonitorAction =
  | LogAction
  | NotifyAction
  /** Write to every user with wall(1), regardless of NOTIFYFLAG (NUT does this once, when shutting down). */
  | { kind: "wall"; message: string }
  /** Send `FSD <ups>` on that UPS's connection, then report an `fsd-result` event. */
  | { kind: "set-fsd"; system: string }
  /** Send `GET NUMLOGINS` for each of these UPSes, then report a `logins` event. */
  | { kind: "count-logins"; systems: readonly string[] }
  /** Write POWERDOWNFLAG and run SHUTDOWNCMD (through the privileged parent when there is one). */
  | { kind: "shutdown" }
  /** Stop monitoring and end the process with this code. */
  | { kind: "exit"; code: number };
