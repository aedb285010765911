/**
 * `nut check`'s judgement (pure): a UPS's variables (or the server's refusal to give them) and the
 * thresholds make a Nagios state, OK < UNKNOWN < WARNING < CRITICAL, with the reasons.
 *
 * What is measured: battery.charge and battery.runtime (alert below a threshold), ups.load (alert above),
 * the ups.status flags (OB → WARNING, LB/FSD/RB/OVER/OFF → CRITICAL by default), and the freshness of
 * the data as the server sees it: upsd answers DATA-STALE once its driver has said nothing for MAXAGE
 * seconds (upsd.conf, default 15) and DRIVER-NOT-CONNECTED without a driver; both count as `--stale`
 * (CRITICAL by default). The NUT protocol carries no time of the last update, so no finer data age can be
 * checked.
 * @module
 */
import { STATUS_TEXT } from "../state/status_text.ts";

/** Nagios plugin states. */
export type CheckState = "OK" | "WARNING" | "CRITICAL" | "UNKNOWN";

/** Exit codes of the states. */
export const STATE_CODE: Readonly<Record<CheckState, number>> = {
  OK: 0,
  WARNING: 1,
  CRITICAL: 2,
  UNKNOWN: 3,
};

const RANK: Readonly<Record<CheckState, number>> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };

/**
 * The worse of two states (CRITICAL > WARNING > UNKNOWN > OK, as the monitoring plugins' max_state_alt).
 * @param a a state
 * @param b another
 * @returns the worse one
 */
export function worst(a: CheckState, b: CheckState): CheckState {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Status flags that raise a WARNING unless told otherwise. */
export const DEFAULT_WARN_STATUS: readonly string[] = ["OB", "BYPASS", "CAL", "ALARM"];

/** Status flags that raise a CRITICAL unless told otherwise. */
export const DEFAULT_CRIT_STATUS: readonly string[] = ["LB", "FSD", "RB", "OVER", "OFF"];

/** The thresholds of a check. */
export interface Thresholds {
  /** WARNING when battery.charge (%) is below. */
  warnCharge?: number;
  /** CRITICAL when battery.charge (%) is below. */
  critCharge?: number;
  /** WARNING when battery.runtime (s) is below. */
  warnRuntime?: number;
  /** CRITICAL when battery.runtime (s) is below. */
  critRuntime?: number;
  /** WARNING when ups.load (%) is above. */
  warnLoad?: number;
  /** CRITICAL when ups.load (%) is above. */
  critLoad?: number;
  /** Status flags giving WARNING. */
  warnStatus: readonly string[];
  /** Status flags giving CRITICAL (wins over warnStatus). */
  critStatus: readonly string[];
  /** State for stale data and a driver that is not connected. */
  stale: CheckState;
}

/** The default thresholds: status flags and stale data only. */
export function defaultThresholds(): Thresholds {
  return { warnStatus: DEFAULT_WARN_STATUS, critStatus: DEFAULT_CRIT_STATUS, stale: "CRITICAL" };
}

/** What the server said about one UPS. */
export type UpsReading =
  | { kind: "vars"; vars: ReadonlyMap<string, string> }
  | { kind: "error"; code: string; message: string };

/** One reason for a state. */
export interface Problem {
  /** The state it raises. */
  state: CheckState;
  /** What it is, e.g. "on battery (OB)", "charge 15% < 20%". */
  text: string;
}

/** One measured value with its thresholds, for the performance data. */
export interface Metric {
  /** Label: charge, runtime, load. */
  label: "charge" | "runtime" | "load";
  /** The value. */
  value: number;
  /** Unit: "%" or "s". */
  unit: "%" | "s";
  /** Warning range in Nagios syntax ("50:" = alert below 50, "80" = alert above 80), "" when none. */
  warn: string;
  /** Critical range, "" when none. */
  crit: string;
  /** Minimum, maximum ("" when none). */
  min: string;
  /** Maximum. */
  max: string;
}

/** The verdict on one UPS. */
export interface UpsCheck {
  /** `ups@host:port` as checked. */
  name: string;
  /** The state. */
  state: CheckState;
  /** The ups.status flags (empty when unknown). */
  status: string[];
  /** ups.alarm, when set. */
  alarm?: string;
  /** The measured values (absent when the UPS does not report them). */
  metrics: Metric[];
  /** Every reason for a state other than OK. */
  problems: Problem[];
}

function numeric(vars: ReadonlyMap<string, string>, name: string): number | undefined {
  const v = vars.get(name)?.trim();
  if (v === undefined || v === "" || !/^[-+]?\d+(\.\d+)?$/.test(v)) return undefined;
  return Number(v);
}

function num(n: number): string {
  return String(n);
}

/**
 * Judges one UPS.
 * @param name the UPS as checked (`ups@host:port`)
 * @param reading its variables, or the server's error
 * @param t the thresholds
 * @returns the verdict
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const vars = new Map([["ups.status", "OB DISCHRG"], ["battery.charge", "15"]]);
 * const c = evaluateUps("ups1", { kind: "vars", vars }, { ...defaultThresholds(), critCharge: 20 });
 * assertEquals([c.state, c.problems.map((p) => p.text)], ["CRITICAL", ["on battery (OB)", "charge 15% < 20%"]]);
 * ```
 */
export function evaluateUps(name: string, reading: UpsReading, t: Thresholds): UpsCheck {
  const check: UpsCheck = { name, state: "OK", status: [], metrics: [], problems: [] };
  const raise = (state: CheckState, text: string) => {
    check.problems.push({ state, text });
    check.state = worst(check.state, state);
  };
  if (reading.kind === "error") {
    switch (reading.code) {
      case "DATA-STALE":
        raise(t.stale, "data stale (the driver has not updated it for MAXAGE seconds)");
        break;
      case "DRIVER-NOT-CONNECTED":
        raise(t.stale, "driver not connected");
        break;
      case "UNKNOWN-UPS":
        raise("UNKNOWN", "unknown UPS");
        break;
      default:
        raise("UNKNOWN", reading.message);
    }
    return check;
  }
  const vars = reading.vars;
  const statusText = vars.get("ups.status")?.trim() ?? "";
  check.status = statusText.split(/\s+/).filter((f) => f);
  const alarm = vars.get("ups.alarm")?.trim();
  if (alarm) check.alarm = alarm;
  if (check.status.length === 0) raise("UNKNOWN", "no ups.status");
  else if (check.status.includes("WAIT")) raise("UNKNOWN", "waiting for the driver (WAIT)");
  for (const flag of check.status) {
    const what = `${STATUS_TEXT[flag] ?? "status"} (${flag}${flag === "ALARM" && alarm ? `: ${alarm}` : ""})`;
    if (t.critStatus.includes(flag)) raise("CRITICAL", what);
    else if (t.warnStatus.includes(flag)) raise("WARNING", what);
  }

  const below = (
    label: "charge" | "runtime",
    variable: string,
    unit: "%" | "s",
    warn: number | undefined,
    crit: number | undefined,
  ) => {
    const value = numeric(vars, variable);
    if (value === undefined) {
      if (warn !== undefined || crit !== undefined) raise("UNKNOWN", `no ${variable}`);
      return;
    }
    check.metrics.push({
      label,
      value,
      unit,
      warn: warn === undefined ? "" : `${num(warn)}:`,
      crit: crit === undefined ? "" : `${num(crit)}:`,
      min: "0",
      max: unit === "%" ? "100" : "",
    });
    if (crit !== undefined && value < crit) {
      raise("CRITICAL", `${label} ${num(value)}${unit} < ${num(crit)}${unit}`);
    } else if (warn !== undefined && value < warn) {
      raise("WARNING", `${label} ${num(value)}${unit} < ${num(warn)}${unit}`);
    }
  };
  below("charge", "battery.charge", "%", t.warnCharge, t.critCharge);
  below("runtime", "battery.runtime", "s", t.warnRuntime, t.critRuntime);

  const load = numeric(vars, "ups.load");
  if (load === undefined) {
    if (t.warnLoad !== undefined || t.critLoad !== undefined) raise("UNKNOWN", "no ups.load");
  } else {
    check.metrics.push({
      label: "load",
      value: load,
      unit: "%",
      warn: t.warnLoad === undefined ? "" : num(t.warnLoad),
      crit: t.critLoad === undefined ? "" : num(t.critLoad),
      min: "0",
      max: "",
    });
    if (t.critLoad !== undefined && load > t.critLoad) {
      raise("CRITICAL", `load ${num(load)}% > ${num(t.critLoad)}%`);
    } else if (t.warnLoad !== undefined && load > t.warnLoad) {
      raise("WARNING", `load ${num(load)}% > ${num(t.warnLoad)}%`);
    }
  }
  return check;
}

/** The verdict on every UPS checked. */
export interface CheckResult {
  /** The overall state (the worst). */
  state: CheckState;
  /** Each UPS, worst first (then in the order checked). */
  ups: UpsCheck[];
}

/**
 * Combines the verdicts.
 * @param checks each UPS
 * @returns the overall result
 */
export function combine(checks: readonly UpsCheck[]): CheckResult {
  let state: CheckState = "OK";
  for (const c of checks) state = worst(state, c.state);
  const ups = checks.map((c, i) => ({ c, i })).sort((a, b) => RANK[b.c.state] - RANK[a.c.state] || a.i - b.i)
    .map((x) => x.c);
  return { state, ups };
}
