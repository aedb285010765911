/**
 * Checks the subdriver tests share (folder-private, for tests): that a subdriver's rows are well formed
 * and that every path of them is one lib/hid reads with the subdriver's usage names, and the upsc lines
 * of a saved NUT log (tests/fixtures/hid/logs), and a start-up pass of the variable rows alone as the
 * driver makes it (the first row of a name that gives a value wins: `publish()` of _test_tables.ts
 * publishes row by row, so there a later row of a name overwrites an earlier one).
 * @module
 */
import { parsePath, usageNamesFor } from "../../../hid/mod.ts";
import { publishVariables, type SourceReader } from "../../../driver/mapping.ts";
import type { DeviceWriter } from "../../../driver/types.ts";
import { DeviceState } from "../../../state/device_state.ts";
import type { HidSource, HidSubdriver } from "../types.ts";

/** NUT's variable and command names: dotted lowercase words (`battery.charge.low`, `outlet.1.id`). */
const NUT_NAME = /^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_]+)+$/;

/**
 * What is wrong with a subdriver's tables: a path that does not parse with its usage names or uses a
 * token that is no usage name (a typo would otherwise read as hex or match nothing), a NUT name that is
 * not one, a RW STRING row without a length, a command without a number to write, a row given twice.
 * @param sub the subdriver
 * @returns the problems (empty: none)
 */
export function tableProblems(sub: HidSubdriver): string[] {
  const names = usageNamesFor(sub.usages);
  const problems: string[] = [];
  const checkPath = (where: string, s: HidSource) => {
    const tokens = s.path.split(".");
    const bad = tokens.filter((t) => names.code(t) === undefined && !/^\[\d+\]$/.test(t));
    if (bad.length > 0 || parsePath(s.path, names) === undefined) {
      problems.push(`${where}: ${s.path} (${bad.join(", ")})`);
    }
  };
  const seen = new Set<string>();
  const once = (key: string) => {
    if (seen.has(key)) problems.push(`twice: ${key}`);
    seen.add(key);
  };
  for (const row of sub.variables) {
    checkPath(row.name, row.source);
    if (!NUT_NAME.test(row.name)) problems.push(`not a NUT name: ${row.name}`);
    if (row.flags?.includes("STRING") && !(row.maxLength! > 0)) problems.push(`${row.name}: no length`);
    once(`${row.name} ${row.source.path}`);
  }
  for (const row of sub.status) {
    checkPath(row.fact, row.source);
    once(`${row.fact} ${row.source.path}`);
  }
  for (const cmd of sub.commands) {
    checkPath(cmd.name, cmd.source);
    if (!NUT_NAME.test(cmd.name)) problems.push(`not a NUT command: ${cmd.name}`);
    if (typeof cmd.value !== "number" || !Number.isFinite(cmd.value)) problems.push(`${cmd.name}: no value`);
    once(`command ${cmd.name} ${cmd.source.path}`);
  }
  for (const f of sub.fixed ?? []) {
    if (!NUT_NAME.test(f.name)) problems.push(`not a NUT name: ${f.name}`);
    once(`fixed ${f.name}`);
  }
  return problems;
}

/**
 * The `name: value` lines of a saved log (its upsc output); comments and log lines are not such lines.
 * @param text the log
 * @returns NUT variable to value
 */
export function upscValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([a-z][a-z0-9_.]*): ?(.*)$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  return values;
}

/**
 * The variables a start-up pass publishes (string descriptor rows aside), the first row of a name that
 * gives a value winning, as lib/driver/mapping.ts publishes them.
 * @param sub the subdriver
 * @param read reads a source
 * @returns NUT variable to value
 */
export function firstValues(sub: HidSubdriver, read: SourceReader<HidSource>): Map<string, string> {
  const state = new DeviceState();
  publishVariables(sub.variables, read, state as unknown as DeviceWriter, "init");
  return new Map(Object.entries(state.toRecord()));
}
