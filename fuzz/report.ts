/**
 * The text `make fuzz` prints: one row per target (inputs, typed errors, failures, slow inputs, max/p99/mean
 * time of one input's parse: on its first run, and with every input over the limit re-run; the slowest
 * input re-run), then each failure and slow input with the flags that replay it.
 * @module
 */
import type { TargetReport } from "./engine.ts";

const COLUMNS = [
  "target",
  "inputs",
  "typed",
  "failures",
  "slow",
  "max ms",
  "max re-run ms",
  "p99 ms",
  "mean ms",
  "slowest input: re-run ms (#, chars)",
  "seconds",
];

/**
 * The table row of a target.
 * @param r the report
 * @returns the cells
 */
function row(r: TargetReport): string[] {
  const retimed = r.slowest
    ? `${r.slowest.retimedMs.toFixed(3)} (#${r.slowest.index}, ${r.slowest.length} chars)`
    : "-";
  return [
    r.name,
    String(r.inputs),
    String(r.typed),
    String(r.failures),
    String(r.slow.length),
    r.maxMs.toFixed(3),
    r.maxRetimedMs.toFixed(3),
    r.p99Ms.toFixed(3),
    r.meanMs.toFixed(4),
    retimed,
    r.seconds.toFixed(1),
  ];
}

/**
 * Formats reports as a Markdown table.
 * @param reports one per target
 * @returns the table, with a newline at the end
 * @example
 * ```ts
 * import { assertStringIncludes } from "../lib/testing/asserts.ts";
 * assertStringIncludes(formatTable([]), "| target");
 * ```
 */
export function formatTable(reports: readonly TargetReport[]): string {
  const rows = [COLUMNS, ...reports.map(row)];
  const widths = COLUMNS.map((_c, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  const rule = `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n") + "\n";
}

/**
 * Describes failures and slow inputs, with the flags that replay each one.
 * @param reports one per target
 * @param seed the run's seed
 * @returns the text ("" when there is nothing to say)
 */
export function formatProblems(reports: readonly TargetReport[], seed: number): string {
  const out: string[] = [];
  for (const r of reports) {
    for (const f of r.examples) {
      out.push(`FAIL ${r.name} #${f.index}: ${f.error}`);
      out.push(
        `  input: ${JSON.stringify(f.input.length > 2000 ? `${f.input.slice(0, 2000)}...` : f.input)}`,
      );
      out.push(`  replay: --seed ${seed} --only ${r.name} --from ${f.index} --count 1`);
    }
    if (r.failures > r.examples.length) {
      out.push(`  (${r.failures - r.examples.length} more failures in ${r.name})`);
    }
    for (const s of r.slow) {
      out.push(
        `SLOW ${r.name} #${s.index}: ${s.ms.toFixed(2)} ms, ${
          s.retimedMs.toFixed(2)
        } ms re-run (${s.length} chars)`,
      );
      out.push(`  replay: --seed ${seed} --only ${r.name} --from ${s.index} --count 1`);
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}
