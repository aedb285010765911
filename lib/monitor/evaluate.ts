/**
 * The monitor's decisions, pure: `evaluate(state, event, conf)` returns the next state and the actions
 * to carry out, with NUT's upsmon rules (docs/man/upsmon.txt, docs/config-notes.txt):
 *
 * - a UPS is critical when FSD is set, when it is on battery with a low battery (after OBLBDURATION; for
 *   a secondary, once the primary had HOSTSYNC seconds to set FSD), when it stopped answering more than
 *   DEADTIME seconds after it was last seen on battery, or, not answering, when it was last seen on
 *   bypass, calibrating, OFF, alarmed (ALARMCRITICAL) or overloaded beyond OVERDURATION; OFF beyond
 *   OFFDURATION is a lost feed too;
 * - when the power values of the non-critical UPSes add up to less than MINSUPPLIES, the host shuts
 *   down: as a primary of any UPS it sets FSD on those, waits up to HOSTSYNC seconds for the other
 *   clients to log out (GET NUMLOGINS), then notifies SHUTDOWN, waits FINALDELAY seconds, runs
 *   SHUTDOWNCMD, and exits after SHUTDOWNEXIT;
 * - every notify event as NUT raises it, with the start-up suppression of COMMOK and ONLINE.
 *
 * Time comes only from the events (`at`, epoch ms), so timers are tested without waiting.
 * @module
 */
import { notifyFlagsOf, type UpsmonConf } from "../../config/upsmon_conf.ts";
import { formatNotifyMessage, type NotifyType, STOCK_MESSAGES } from "./notify_types.ts";
import { hasFlag, type MonitorState, type UpsFlag, type UpsTrack } from "./state.ts";
import type {
  FailureObservation,
  LogAction,
  MonitorAction,
  MonitorEvent,
  StatusObservation,
} from "./types.ts";

/** What evaluate() returns. */
export interface Evaluation {
  /** The next state (the input state is not modified). */
  state: MonitorState;
  /** What to do, in order. */
  actions: MonitorAction[];
}

/** Options of the evaluation. */
export interface EvaluateOptions {
  /**
   * Logins of this monitor itself on each UPS (1, as NUT counts itself; 0 in a dry run, which does not
   * LOGIN): the primary stops waiting when no UPS has more.
   */
  ownLogins?: number;
}

/** Status words upsmon knows but does not act upon. */
const IGNORED_WORDS = new Set(["HB", "CHRG", "DISCHRG"]);

/** Interval of the NUMLOGINS queries while a primary waits for its secondaries (NUT: 250 ms). */
export const HOSTSYNC_QUERY_MS = 250;

/** NOPARENT repeats this often (NUT: 2 minutes). */
export const NOPARENT_REPEAT_MS = 120_000;

/** One evaluation in progress: the copied state, the configuration and the actions so far. */
class Run {
  readonly actions: MonitorAction[] = [];
  constructor(
    readonly state: MonitorState,
    readonly conf: Readonly<UpsmonConf>,
    readonly opts: EvaluateOptions,
  ) {}

  log(severity: LogAction["severity"], message: string, level?: number): void {
    this.actions.push(
      level === undefined ? { kind: "log", severity, message } : {
        kind: "log",
        severity,
        level,
        message,
      },
    );
  }

  debug(level: number, message: string): void {
    this.log("debug", message, level);
  }

  notify(type: NotifyType, t?: UpsTrack, extra?: string): void {
    const template = this.conf.notifyMessages[type] ?? STOCK_MESSAGES[type];
    this.actions.push({
      kind: "notify",
      type,
      system: t?.system,
      message: formatNotifyMessage(template, t?.system, extra),
      flags: notifyFlagsOf(this.conf, type),
    });
  }

  secs(name: "deadTime" | "hostSync" | "noCommWarnTime" | "rbWarnTime" | "finalDelay"): number {
    return this.conf[name] * 1000;
  }
}

function setFlag(t: UpsTrack, f: UpsFlag): void {
  if (!t.flags.includes(f)) t.flags.push(f);
}

function clearFlag(t: UpsTrack, f: UpsFlag): void {
  const i = t.flags.indexOf(f);
  if (i >= 0) t.flags.splice(i, 1);
}

/**
 * Evaluates one event.
 * @param state the current state
 * @param event what happened
 * @param conf the configuration (upsmon.conf)
 * @param options own logins
 * @returns the next state and the actions
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseUpsmonConf } from "../../config/upsmon_conf.ts";
 * import { initialState } from "./state.ts";
 * const conf = parseUpsmonConf("MONITOR ups@h 1 u p secondary\n", "upsmon.conf");
 * const r = evaluate(initialState(conf), { kind: "observe", at: 1e12, observations: [{ kind: "status", system: "ups@h", status: "OB" }] }, conf);
 * assertEquals(r.actions.filter((a) => a.kind === "notify").map((a) => a.kind === "notify" && a.message), ["UPS ups@h on battery"]);
 * ```
 */
export function evaluate(
  state: MonitorState,
  event: MonitorEvent,
  conf: Readonly<UpsmonConf>,
  options: EvaluateOptions = {},
): Evaluation {
  const run = new Run(structuredClone(state), conf, options);
  const s = run.state;
  switch (event.kind) {
    case "observe":
      if (s.phase.kind === "monitoring") {
        for (const o of event.observations) {
          const t = s.ups.find((u) => u.system === o.system);
          if (!t) continue;
          if (o.kind === "status") applyStatus(run, t, o, event.at);
          else applyFailure(run, t, o, event.at);
        }
      }
      timeChecks(run, event.at);
      break;
    case "tick":
      timeChecks(run, event.at);
      break;
    case "fsd-request":
      if (s.phase.kind === "monitoring") {
        run.log("info", "User requested FSD");
        forceShutdown(run, event.at);
      }
      break;
    case "fsd-result": {
      const t = s.ups.find((u) => u.system === event.system);
      if (!t) break;
      if (event.ok) {
        run.debug(1, `data server confirmed setting FSD for UPS [${t.system}]`);
        if (!t.lastFsdNotify) {
          t.lastFsdNotify = event.at;
          run.notify("FSD", t);
        }
      } else run.log("error", `FSD set on UPS ${t.system} failed: ${event.message ?? "no answer"}`);
      break;
    }
    case "logins":
      loginsAnswered(run, event.at, event.counts);
      break;
    case "parent-gone":
      if (s.phase.kind !== "exited" && event.at - s.lastParentWarn >= NOPARENT_REPEAT_MS) {
        s.lastParentWarn = event.at;
        run.notify("NOPARENT");
        run.log("error", "Parent died - shutdown impossible");
      }
      break;
  }
  return { state: s, actions: run.actions };
}

// ---------------------------------------------------------------------------------------------------
// Status words

/** Whether a status has a word (status words compare without regard to case, as NUT's). */
function hasWord(words: readonly string[], w: string): boolean {
  return words.some((x) => x.toUpperCase() === w);
}

function applyStatus(run: Run, t: UpsTrack, o: StatusObservation, at: number): void {
  const words = o.status.split(/[ \t]+/).filter((w) => w.length > 0);
  // An empty answer is the same as a dead UPS.
  if (words.length === 0) {
    upsGone(run, t, at);
    return;
  }
  upsAlive(run, t, at);
  if (run.conf.pollFailLogThrottleMax >= 0 && t.pollFailCode !== "") {
    run.log("error", `Poll UPS [${t.system}] recovered from failure state ${t.pollFailCode}`);
  }
  t.pollFailCode = "";
  t.pollFailCount = -1;

  // Flags that disappeared go first (with their NOT* notifications).
  if (!hasWord(words, "LB")) clearFlag(t, "LOWBATT");
  if (!hasWord(words, "FSD")) {
    clearFlag(t, "FSD");
    t.lastFsdNotify = 0;
  }
  if (!hasWord(words, "CAL")) notState(run, t, "CAL", "NOTCAL");
  if (!hasWord(words, "OFF")) {
    t.offSince = 0;
    t.offState = false;
    notState(run, t, "OFF", "NOTOFF");
  }
  if (!hasWord(words, "BYPASS")) {
    t.bypassState = false;
    notState(run, t, "BYPASS", "NOTBYPASS");
  }
  if (!hasWord(words, "ALARM")) {
    t.alarmState = false;
    notState(run, t, "ALARM", "NOTALARM");
  }
  if (!hasWord(words, "OVER")) {
    t.overSince = 0;
    t.overState = false;
    notState(run, t, "OVER", "NOTOVER");
  }
  if (!hasWord(words, "TRIM")) notState(run, t, "TRIM", "NOTTRIM");
  if (!hasWord(words, "BOOST")) notState(run, t, "BOOST", "NOTBOOST");
  if (!hasWord(words, "ECO")) {
    t.ecoState = false;
    notState(run, t, "ECO", "NOTECO");
  }

  const others: string[] = [];
  for (const word of words) {
    run.debug(3, `parsing: [${word}]`);
    switch (word.toUpperCase()) {
      case "OL":
        onLine(run, t);
        break;
      case "OB":
        onBattery(run, t);
        break;
      case "LB":
        if (!hasFlag(t, "LOWBATT")) {
          run.notify("LOWBATT", t);
          setFlag(t, "LOWBATT");
        }
        break;
      case "RB":
        if (at - t.lastRbWarn > run.secs("rbWarnTime")) {
          run.notify("REPLBATT", t);
          t.lastRbWarn = at;
        }
        break;
      case "CAL":
        enterState(run, t, "CAL");
        break;
      case "OFF":
        upsOff(run, t, at);
        break;
      case "BYPASS":
        if (!hasFlag(t, "BYPASS")) t.bypassState = true;
        enterState(run, t, "BYPASS");
        break;
      case "ECO":
        if (!hasFlag(t, "ECO")) t.ecoState = true;
        enterState(run, t, "ECO");
        break;
      case "ALARM":
        upsAlarm(run, t, o.alarm);
        break;
      case "OVER":
        if (hasFlag(t, "OVER")) {
          if (t.overSince < 1) t.overSince = at;
        } else {
          t.overSince = at;
          t.overState = true;
          enterState(run, t, "OVER");
        }
        break;
      case "TRIM":
        enterState(run, t, "TRIM");
        break;
      case "BOOST":
        enterState(run, t, "BOOST");
        break;
      case "FSD":
        if (!hasFlag(t, "FSD")) {
          if (!t.lastFsdNotify) {
            t.lastFsdNotify = at;
            run.notify("FSD", t);
          }
          setFlag(t, "FSD");
        }
        break;
      default:
        if (IGNORED_WORDS.has(word.toUpperCase())) run.debug(4, `Known and ignored status token: [${word}]`);
        else {
          run.debug(4, `Unexpected status token: [${word}]`);
          others.push(word);
        }
    }
    // NUT refreshes the "last not critical" time after each word, so the first OB+LB poll still counts.
    if (!hasFlag(t, "ONBATT") || !hasFlag(t, "LOWBATT") || hasFlag(t, "CAL")) t.lastNonCrit = at;
  }

  const before = new Set(t.otherTokens);
  const after = new Set(others);
  const changed = before.size !== after.size || [...after].some((w) => !before.has(w));
  t.otherTokens = [...after];
  if (changed) {
    if (others.length) run.notify("OTHER", t, others.join(" "));
    else run.notify("NOTOTHER", t);
  }
}

function enterState(run: Run, t: UpsTrack, flag: UpsFlag & NotifyType): void {
  if (hasFlag(t, flag)) return;
  run.notify(flag, t);
  setFlag(t, flag);
}

function notState(run: Run, t: UpsTrack, flag: UpsFlag, type: NotifyType): void {
  if (!hasFlag(t, flag)) return;
  run.notify(type, t);
  clearFlag(t, flag);
}

function onLine(run: Run, t: UpsTrack): void {
  if (hasFlag(t, "ONLINE")) return;
  // The first OL after start-up is not news.
  if (t.lineState !== -1) run.notify("ONLINE", t);
  t.lineState = 1;
  setFlag(t, "ONLINE");
  clearFlag(t, "ONBATT");
}

function onBattery(run: Run, t: UpsTrack): void {
  if (hasFlag(t, "ONBATT")) return;
  t.lineState = 0;
  run.notify("ONBATT", t);
  setFlag(t, "ONBATT");
  clearFlag(t, "ONLINE");
}

function upsOff(run: Run, t: UpsTrack, at: number): void {
  const duration = run.conf.offDuration;
  if (hasFlag(t, "OFF")) {
    if (t.offSince < 1) t.offSince = at;
    else offLongEnough(run, t, at);
    return;
  }
  t.offSince = at;
  if (duration === 0) {
    run.log(
      "warning",
      `${t.system} is in state OFF, assuming the line is not fed (if it is calibrating etc., check the upsmon 'OFFDURATION' option)`,
    );
    t.offState = true;
  } else if (duration < 0) {
    run.debug(
      1,
      `${t.system} is in state OFF, but we are not assuming the line is not fed (due to upsmon 'OFFDURATION' option)`,
    );
  }
  run.notify("OFF", t);
  setFlag(t, "OFF");
}

/** OFF for longer than OFFDURATION: from now on, the feed counts as lost. */
function offLongEnough(run: Run, t: UpsTrack, at: number): void {
  const duration = run.conf.offDuration;
  if (t.offState || duration <= 0 || t.offSince < 1 || at - t.offSince <= duration * 1000) return;
  run.log(
    "warning",
    `${t.system} is in state OFF for ${
      Math.floor((at - t.offSince) / 1000)
    } sec, assuming the line is not fed (if it is calibrating etc., check the upsmon 'OFFDURATION' option)`,
  );
  t.offState = true;
}

function upsAlarm(run: Run, t: UpsTrack, alarm: string | undefined): void {
  if (hasFlag(t, "ALARM")) {
    // Still alarmed: a new alarm text is news again.
    if (alarm !== undefined && alarm !== t.alarmText) {
      t.alarmText = alarm;
      run.notify("ALARM", t, alarm);
    }
    return;
  }
  t.alarmState = true;
  run.notify("ALARM", t, alarm ?? "n/a");
  t.alarmText = alarm ?? "";
  setFlag(t, "ALARM");
}

function upsAlive(run: Run, t: UpsTrack, at: number): void {
  t.lastPoll = at;
  if (t.commState === 1) return;
  // Only a 0 -> 1 transition is news (not the first connection).
  if (t.commState === 0) run.notify("COMMOK", t);
  t.commState = 1;
}

function upsGone(run: Run, t: UpsTrack, at: number): void {
  if (t.commState !== 0) {
    t.commState = 0;
    run.notify("COMMBAD", t);
    return;
  }
  const warnTime = run.secs("noCommWarnTime");
  if (at - t.lastPoll < warnTime) return;
  if (at - t.lastNcWarn > warnTime) {
    run.notify("NOCOMM", t);
    t.lastNcWarn = at;
  }
}

function applyFailure(run: Run, t: UpsTrack, o: FailureObservation, at: number): void {
  const max = run.conf.pollFailLogThrottleMax;
  if (max < 0) run.log("error", o.message);
  else if (t.pollFailCode === o.code) {
    if (max > 0 && t.pollFailCount++ >= max - 1) {
      t.pollFailCount = 0;
      run.log("error", o.message);
    } else run.debug(1, o.message);
  } else {
    run.log(
      "error",
      max === 0
        ? `Poll UPS [${t.system}] failure state changed from ${
          t.pollFailCode || "none"
        } to ${o.code}; report below will not be repeated to syslog:`
        : `Poll UPS [${t.system}] failure state changed from ${
          t.pollFailCode || "none"
        } to ${o.code}; report below will only be repeated to syslog every ${max} polling loop cycles:`,
    );
    t.pollFailCode = o.code;
    t.pollFailCount = 0;
    run.log("error", o.message);
  }
  upsGone(run, t, at);
  if (o.disconnected) {
    run.debug(2, `Dropping connection to UPS [${t.system}]`);
    t.commState = 0;
    t.lineState = 0;
  }
}

// ---------------------------------------------------------------------------------------------------
// Power checks and the shutdown sequence

function timeChecks(run: Run, at: number): void {
  const phase = run.state.phase;
  switch (phase.kind) {
    case "monitoring":
      recalc(run, at);
      break;
    case "hostsync":
      if (at - phase.since > run.secs("hostSync")) {
        run.log("info", "Host sync timer expired, forcing shutdown");
        doShutdown(run, at);
      } else if (!phase.pending && at >= phase.nextQueryAt) {
        phase.pending = true;
        run.actions.push({ kind: "count-logins", systems: primaries(run) });
      }
      break;
    case "finaldelay":
      if (at >= phase.until) startShutdownCmd(run, at);
      break;
    case "lingering":
      if (at >= phase.until) exitNow(run);
      break;
  }
}

/** Whether a UPS no longer feeds this host (NUT's is_ups_critical). */
function isCritical(run: Run, t: UpsTrack, at: number): boolean {
  const conf = run.conf;
  if (hasFlag(t, "FSD")) return true;

  if (t.commState === 0) {
    if (hasFlag(t, "TRIM")) {
      run.log(
        "warning",
        `UPS [${t.system}] was last known to be trimming incoming voltage and currently is not communicating, but we make no assumptions if it is dead now`,
      );
    }
    if (hasFlag(t, "BOOST")) {
      run.log(
        "warning",
        `UPS [${t.system}] was last known to be boosting incoming voltage and currently is not communicating, but we make no assumptions if it is dead now`,
      );
    }
    if (t.overState || hasFlag(t, "OVER")) {
      if (conf.overDuration >= 0) {
        if (at - t.overSince < conf.overDuration * 1000) {
          run.log(
            "warning",
            `UPS [${t.system}] was last known to be overloaded for ${
              Math.floor((at - t.overSince) / 1000)
            } sec out of ${conf.overDuration} sec threshold and currently is not communicating, just so you know (waiting for OVERDURATION to elapse)`,
          );
        } else {
          run.log(
            "warning",
            `UPS [${t.system}] was last known to be overloaded for longer than the set threshold of ${conf.overDuration} sec and is still not communicating, assuming dead`,
          );
          return true;
        }
      } else {
        run.log(
          "warning",
          `UPS [${t.system}] was last known to be overloaded and currently is not communicating, but we make no assumptions if it is dead now`,
        );
      }
    }
    if (t.alarmState || hasFlag(t, "ALARM")) {
      if (conf.alarmCritical) {
        run.log(
          "warning",
          `UPS [${t.system}] was last known to be in an ALARM state and currently is not communicating, assuming dead. If this is in error and causes unwanted shutdowns, consider disabling the upsmon ALARMCRITICAL option.`,
        );
        return true;
      }
      run.debug(
        1,
        `UPS [${t.system}] was last known to be in an ALARM state and currently is not communicating. It is not assumed dead as the upsmon ALARMCRITICAL option was disabled.`,
      );
    }
    if (hasFlag(t, "CAL")) {
      run.log(
        "warning",
        `UPS [${t.system}] was last known to be calibrating and currently is not communicating, assuming dead`,
      );
      return true;
    }
    if (t.bypassState || hasFlag(t, "BYPASS")) {
      run.log(
        "warning",
        `UPS [${t.system}] was last known to be on BYPASS and currently is not communicating, assuming dead`,
      );
      return true;
    }
    if (t.offState || (conf.offDuration >= 0 && hasFlag(t, "OFF"))) {
      run.log(
        "warning",
        `UPS [${t.system}] was last known to be (administratively) OFF and currently is not communicating, assuming dead`,
      );
      return true;
    }
    if (t.lineState === 0) {
      run.debug(
        1,
        `UPS [${t.system}] was last known to be not fully online and currently is not communicating, just so you know (waiting for DEADTIME to elapse)`,
      );
    }
  }

  if (hasFlag(t, "OFF") && conf.offDuration >= 0 && t.offState) {
    run.log("warning", `UPS [${t.system}] is reported as (administratively) OFF`);
    return true;
  }

  if (!hasFlag(t, "ONBATT") || !hasFlag(t, "LOWBATT")) {
    if (t.oblbSince > 0) {
      run.log(
        "warning",
        `UPS [${t.system}] returned from OB+LB state now after spending ${
          Math.floor((at - t.oblbSince) / 1000)
        } seconds in it`,
      );
      t.oblbSince = 0;
    }
    return false;
  }

  // OB+LB from here on.
  if (hasFlag(t, "CAL")) {
    run.log(
      "warning",
      `UPS [${t.system}] is OB+LB now, but it is also calibrating - not declaring a critical state`,
    );
    return false;
  }
  if (conf.oblbDuration > 0) {
    if (t.oblbSince < 1) {
      run.log(
        "warning",
        `UPS [${t.system}] is OB+LB now, but OBLBDURATION=${conf.oblbDuration} - not declaring a critical state just now`,
      );
      if (!t.primary && conf.hostSync > conf.oblbDuration) {
        run.log(
          "warning",
          `HOSTSYNC=${conf.hostSync} exceeds OBLBDURATION and would be effectively ignored on this secondary upsmon client system`,
        );
      }
      t.oblbSince = at;
      return false;
    }
    if (at - t.oblbSince < conf.oblbDuration * 1000) {
      run.log(
        "warning",
        `UPS [${t.system}] is still OB+LB for ${
          Math.floor((at - t.oblbSince) / 1000)
        } sec out of ${conf.oblbDuration} delay`,
      );
      return false;
    }
    run.log(
      "warning",
      `UPS [${t.system}] is still OB+LB for ${
        Math.floor((at - t.oblbSince) / 1000)
      } sec out of ${conf.oblbDuration} delay - proceeding with shutdown alerts`,
    );
  }
  // A primary sets FSD at once.
  if (t.primary) return true;
  // A secondary gives the primary HOSTSYNC seconds to set FSD.
  if (at - t.lastNonCrit > run.secs("hostSync")) {
    run.log(
      "warning",
      `Giving up on the primary for UPS [${t.system}] after ${
        Math.floor((at - t.lastNonCrit) / 1000)
      } sec since last comms`,
    );
    return true;
  }
  return false;
}

function recalc(run: Run, at: number): void {
  let value = 0;
  for (const t of run.state.ups) {
    // A dead UPS (not answering, for longer than DEADTIME) last seen on battery is taken as low on battery
    // too. Only a failed poll makes it dead: a UPS is not dead because nobody asked (POLLFREQ > DEADTIME, or
    // a push source that only speaks on change).
    if (
      t.commState === 0 && at - t.lastPoll > run.secs("deadTime") && hasFlag(t, "ONBATT") &&
      !hasFlag(t, "LOWBATT")
    ) {
      run.debug(1, `Promoting dead UPS: ${t.system}`);
      setFlag(t, "LOWBATT");
    }
    if (hasFlag(t, "OFF")) offLongEnough(run, t, at);
    // A UPS never heard from counts as fine.
    if (isCritical(run, t, at)) run.debug(1, `Critical UPS: ${t.system}`);
    else value += t.powerValue;
  }
  run.debug(3, `Current power value: ${value}`);
  run.debug(3, `Minimum power value: ${run.conf.minSupplies}`);
  if (value < run.conf.minSupplies) {
    run.log(
      "warning",
      `Too few UPS(es) are healthy (${value}<${run.conf.minSupplies}), initiating forced shutdown`,
    );
    forceShutdown(run, at);
  }
}

function primaries(run: Run): string[] {
  return run.state.ups.filter((t) => t.primary).map((t) => t.system);
}

function forceShutdown(run: Run, at: number): void {
  run.debug(1, "Shutting down any UPSes in PRIMARY mode...");
  const mine = primaries(run);
  for (const system of mine) {
    run.debug(2, `Setting FSD on UPS ${system}`);
    run.actions.push({ kind: "set-fsd", system });
  }
  if (mine.length === 0) {
    run.debug(1, "This system is not a primary for any device, shutting down now...");
    doShutdown(run, at);
    return;
  }
  run.debug(
    1,
    `This system is a primary for some device(s); waiting (up to HOSTSYNC=${run.conf.hostSync} seconds) for secondaries to logout...`,
  );
  run.state.phase = { kind: "hostsync", since: at, rounds: 0, pending: true, nextQueryAt: at };
  run.actions.push({ kind: "count-logins", systems: mine });
}

function loginsAnswered(run: Run, at: number, counts: readonly (number | undefined)[]): void {
  const phase = run.state.phase;
  if (phase.kind !== "hostsync") return;
  phase.pending = false;
  phase.rounds++;
  const max = Math.max(0, ...counts.filter((c): c is number => c !== undefined));
  run.debug(3, `Max data server logins per UPS still active: ${max}`);
  if (max <= (run.opts.ownLogins ?? 1)) {
    run.debug(1, "All the secondaries are gone, so shutting down this primary system now...");
    doShutdown(run, at);
    return;
  }
  if (at - phase.since > run.secs("hostSync")) {
    run.log("info", "Host sync timer expired, forcing shutdown");
    doShutdown(run, at);
    return;
  }
  if (phase.rounds === 1) run.notify("SHUTDOWN_HOSTSYNC");
  phase.nextQueryAt = at + HOSTSYNC_QUERY_MS;
}

function doShutdown(run: Run, at: number): void {
  run.log("error", "Executing automatic power-fail shutdown");
  run.actions.push({ kind: "wall", message: "Executing automatic power-fail shutdown\n" });
  run.notify("SHUTDOWN");
  if (run.conf.finalDelay > 0) {
    run.debug(1, `waiting for FINALDELAY=${run.conf.finalDelay} (to let notification handling complete)...`);
    run.state.phase = { kind: "finaldelay", until: at + run.secs("finalDelay") };
  } else startShutdownCmd(run, at);
}

function startShutdownCmd(run: Run, at: number): void {
  run.actions.push({ kind: "shutdown" });
  const exit = run.conf.shutdownExit;
  if (exit === 0) {
    run.debug(1, "Exiting upsmon immediately after initiating shutdown, by default");
    exitNow(run);
  } else if (exit < 0) {
    run.log("warning", "Configured to not exit upsmon after initiating shutdown");
    run.state.phase = { kind: "lingering", until: Infinity };
  } else {
    run.log("warning", `Configured to only exit upsmon SHUTDOWNEXIT=${exit} sec after initiating shutdown`);
    run.state.phase = { kind: "lingering", until: at + exit * 1000 };
  }
}

function exitNow(run: Run): void {
  run.log("warning", "Exiting upsmon program after initiating shutdown");
  run.state.phase = { kind: "exited" };
  run.actions.push({ kind: "exit", code: 0 });
}

// ---------------------------------------------------------------------------------------------------
// Scheduling

/** The greatest common divisor (NUT's polling rate while an OB+LB duration runs). */
function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Seconds until the next poll round (NUT's sleepval): POLLFREQALERT while a UPS is on battery, OFF, on
 * bypass, alarmed or overloaded (with OVERDURATION), shorter while an OB+LB duration runs, else POLLFREQ.
 * Unlike NUT (the last UPS to change decides, for all), this looks at every UPS.
 * @param state the state
 * @param conf the configuration
 * @returns seconds
 */
export function pollSeconds(state: MonitorState, conf: Readonly<UpsmonConf>): number {
  let alert = false;
  let oblb = false;
  for (const t of state.ups) {
    if (
      hasFlag(t, "ONBATT") || hasFlag(t, "OFF") || hasFlag(t, "BYPASS") || hasFlag(t, "ALARM") ||
      (hasFlag(t, "OVER") && conf.overDuration >= 0)
    ) alert = true;
    if (t.oblbSince > 0) oblb = true;
  }
  if (oblb) return Math.max(1, gcd(conf.pollFreqAlert > 0 ? conf.pollFreqAlert : 1, conf.oblbDuration));
  return alert ? conf.pollFreqAlert : conf.pollFreq;
}

/**
 * The next moment the core must be told the time (a `tick`), apart from the poll rounds: the end of
 * FINALDELAY, of HOSTSYNC, of SHUTDOWNEXIT, the next NUMLOGINS query, and the moments a timer makes a
 * UPS critical (DEADTIME after the last poll on battery, a secondary's HOSTSYNC grace, OBLBDURATION,
 * OFFDURATION, OVERDURATION).
 * @param state the state
 * @param conf the configuration
 * @param now the current time (epoch ms): only later moments count
 * @returns epoch ms, or undefined when nothing is due
 */
export function nextWake(state: MonitorState, conf: Readonly<UpsmonConf>, now: number): number | undefined {
  const phase = state.phase;
  const candidates: number[] = [];
  switch (phase.kind) {
    case "hostsync":
      candidates.push(phase.since + conf.hostSync * 1000 + 1);
      if (!phase.pending) candidates.push(phase.nextQueryAt);
      break;
    case "finaldelay":
      candidates.push(phase.until);
      break;
    case "lingering":
      if (Number.isFinite(phase.until)) candidates.push(phase.until);
      break;
    case "monitoring":
      for (const t of state.ups) {
        const ob = hasFlag(t, "ONBATT");
        const lb = hasFlag(t, "LOWBATT");
        if (ob && !lb && t.commState === 0) candidates.push(t.lastPoll + conf.deadTime * 1000 + 1);
        if (ob && lb && !t.primary) candidates.push(t.lastNonCrit + conf.hostSync * 1000 + 1);
        if (t.oblbSince > 0) candidates.push(t.oblbSince + conf.oblbDuration * 1000);
        if (hasFlag(t, "OFF") && !t.offState && conf.offDuration > 0 && t.offSince > 0) {
          candidates.push(t.offSince + conf.offDuration * 1000 + 1);
        }
        if (t.commState === 0 && t.overState && conf.overDuration >= 0) {
          candidates.push(t.overSince + conf.overDuration * 1000);
        }
      }
      break;
  }
  const later = candidates.filter((c) => c > now);
  return later.length ? Math.min(...later) : undefined;
}
