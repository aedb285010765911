/**
 * `nut check`'s output (pure): one line in the Nagios plugin style, with performance data after `|`,
 * or a JSON document.
 *
 * ```text
 * NUT OK - ups1: OL, charge 100%, runtime 1575s, load 23% | charge=100%;50:;20:;0;100 runtime=1575s;600:;300:;0 load=23%;;;0
 * NUT CRITICAL - ups2: OB LB, charge 8%, runtime 95s, load 23% [on battery (OB), low battery (LB)]; ups1: OL, ...
 * ```
 * @module
 */
import { type CheckResult, type CheckState, type Metric, STATE_CODE, type UpsCheck } from "./evaluate.ts";

function metricText(m: Metric): string {
  return `${m.label} ${m.value}${m.unit}`;
}

/**
 * The human part for one UPS.
 * @param c the verdict
 * @returns e.g. "ups1: OB DISCHRG, charge 64%, runtime 1575s [on battery (OB)]"
 */
export function formatUpsSummary(c: UpsCheck): string {
  const parts = [c.status.length > 0 ? c.status.join(" ") : "no data", ...c.metrics.map(metricText)];
  const problems = c.problems.length > 0 ? ` [${c.problems.map((p) => p.text).join(", ")}]` : "";
  return `${c.name}: ${parts.join(", ")}${problems}`;
}

function label(text: string): string {
  return /[\s'=]/.test(text) ? `'${text.replaceAll("'", "''")}'` : text;
}

/**
 * The performance data (Nagios syntax: `label=value[unit];warn;crit;min;max`).
 * @param result the verdicts
 * @param prefix whether labels name the UPS (several UPSes checked)
 * @returns the text, "" when nothing was measured
 */
export function formatPerfdata(result: CheckResult, prefix: boolean): string {
  const out: string[] = [];
  for (const c of result.ups) {
    for (const m of c.metrics) {
      const name = prefix ? `${c.name.split("@")[0]}_${m.label}` : m.label;
      const fields = [`${m.value}${m.unit}`, m.warn, m.crit, m.min, m.max];
      while (fields.length > 1 && fields.at(-1) === "") fields.pop();
      out.push(`${label(name)}=${fields.join(";")}`);
    }
  }
  return out.join(" ");
}

/**
 * The Nagios line.
 * @param result the verdicts
 * @returns the line (without newline)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const result = { state: "OK" as const, ups: [{ name: "ups1", state: "OK" as const, status: ["OL"], problems: [],
 *   metrics: [{ label: "charge" as const, value: 100, unit: "%" as const, warn: "50:", crit: "20:", min: "0", max: "100" }] }] };
 * assertEquals(formatNagios(result), "NUT OK - ups1: OL, charge 100% | charge=100%;50:;20:;0;100");
 * ```
 */
export function formatNagios(result: CheckResult): string {
  const summary = result.ups.map(formatUpsSummary).join("; ");
  const perf = formatPerfdata(result, result.ups.length > 1);
  return `NUT ${result.state} - ${summary}${perf ? ` | ${perf}` : ""}`;
}

/**
 * A line for a check that could not be made at all (bad arguments, no server, timeout).
 * @param state the state (UNKNOWN, or as configured)
 * @param message what happened
 * @returns the line
 */
export function formatFailure(state: CheckState, message: string): string {
  return `NUT ${state} - ${message}`;
}

/**
 * The JSON document.
 * @param result the verdicts
 * @returns the text (one line)
 */
export function formatJson(result: CheckResult): string {
  return JSON.stringify({
    state: result.state,
    code: STATE_CODE[result.state],
    summary: formatNagios(result),
    ups: result.ups.map((c) => ({
      name: c.name,
      state: c.state,
      status: c.status,
      ...(c.alarm ? { alarm: c.alarm } : {}),
      ...Object.fromEntries(c.metrics.map((m) => [m.label, m.value])),
      problems: c.problems,
    })),
  });
}

/**
 * The JSON document of a failed check.
 * @param state the state
 * @param message what happened
 * @returns the text
 */
export function formatJsonFailure(state: CheckState, message: string): string {
  return JSON.stringify({
    state,
    code: STATE_CODE[state],
    summary: formatFailure(state, message),
    error: message,
    ups: [],
  });
}
