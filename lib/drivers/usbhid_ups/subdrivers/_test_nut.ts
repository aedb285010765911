/**
 * Test bed of the apc, cps, tripplite, belkin, liebert and explore tables (folder-private, tests only): NUT's
 * start-up walk over a device of _test_tables.ts, through its `publish()`. What publish() does otherwise
 * is done here as NUT does it: the first row of a name that gives a value wins across string and other
 * rows (publish() keeps the first of each group), a HU_FLAG_ABSENT value is published when the descriptor
 * has its path (publish() wants a value read there; the first of a name wins) with `$offdelay`/`$ondelay`
 * given the subdriver's defaults, conversions get a context (the device, the values published before
 * them, a memo), and `usbValues` are set. Also: which
 * rows resolve in a descriptor, and a comparison with NUT's dump that names every value it does not match.
 * @module
 */
import type { Conversion, RawValue, VarRow } from "../../../driver/mapping.ts";
import { type HidDescriptor, parsePath, usageNamesFor } from "../../../hid/mod.ts";
import { isStringIndex } from "../conversions.ts";
import type { FixedRow, HidSource } from "../types.ts";
import { publish, type TableDevice } from "../_test_tables.ts";
import type { ContextualToNut, ConversionContext, ProposedHidSubdriver } from "./_proposed.ts";

/** NUT's defaults of the delay options (drivers/usbhid-ups.h). */
const NUT_DELAYS = { offdelay: 20, ondelay: 30 } as const;

/**
 * Whether a device has a source: its descriptor has the path, else (a logged device) it gave a value.
 * @param device the device
 * @param descriptor its descriptor, when known
 * @returns the test
 */
export function hasSource(device: TableDevice, descriptor?: HidDescriptor): (s: HidSource) => boolean {
  return (s) =>
    descriptor
      ? descriptor.findByPath(s.path, s.type ?? "Feature") !== undefined
      : device.read(s) !== undefined;
}

/**
 * NUT's values of a subdriver for a device at start-up.
 * @param sub the subdriver
 * @param device the device
 * @param descriptor its descriptor (which fixed rows' paths it has; none: the paths that gave a value)
 * @returns NUT variable to value
 */
export function publishAsNut(
  sub: ProposedHidSubdriver,
  device: TableDevice,
  descriptor?: HidDescriptor,
): Map<string, string> {
  const seen = new Map<string, string>();
  const context: ConversionContext = {
    device: device.identity,
    memo: new Map<string, unknown>(),
    get: (name) => seen.get(name), // what NUT has published before this row
  };
  const rawOf = (row: VarRow<HidSource>): RawValue | undefined => {
    const raw = device.read(row.source);
    if (raw === undefined || !isStringIndex(row.convert)) return raw;
    return device.strings.get(Number(raw)); // none: the row gives nothing, as publish() and the driver
  };
  const winners: VarRow<HidSource>[] = [];
  for (const row of sub.variables) {
    if (seen.has(row.name)) continue;
    const raw = rawOf(row);
    const text = raw === undefined ? undefined : (row.convert.toNut as ContextualToNut)(raw, context);
    if (text === undefined) continue;
    seen.set(row.name, text);
    const convert: Conversion = { ...row.convert, toNut: () => text };
    winners.push({ ...row, convert });
  }
  const has = hasSource(device, descriptor);
  const delays: Record<string, string> = {
    $offdelay: String(sub.defaults?.offdelay ?? NUT_DELAYS.offdelay),
    $ondelay: String(sub.defaults?.ondelay ?? NUT_DELAYS.ondelay),
  };
  const fixed: FixedRow[] = [];
  for (const f of sub.fixed ?? []) {
    if (fixed.some((x) => x.name === f.name) || (f.source && !has(f.source))) continue;
    // Without its source: publish() would also want a value read there, where NUT wants the path alone.
    fixed.push({ name: f.name, value: delays[f.value] ?? f.value });
  }
  const values = publish({ ...sub, variables: winners, fixed }, device);
  for (const [name, value] of Object.entries(sub.usbValues?.(device.identity) ?? {})) {
    if (!values.has(name)) values.set(name, value);
  }
  return values;
}

/**
 * The rows of a subdriver whose paths resolve in a descriptor: per variable name, the path of the first
 * row that does (NUT keeps that row), and likewise for fixed values and commands.
 * @param sub the subdriver
 * @param descriptor the descriptor
 * @returns `name path` lines, variables then `fixed:` and `command:` ones, in table order
 */
export function resolvingRows(sub: ProposedHidSubdriver, descriptor: HidDescriptor): string[] {
  const found = (s: HidSource) => descriptor.findByPath(s.path, s.type ?? "Feature") !== undefined;
  const lines: string[] = [];
  const firsts = (prefix: string, rows: readonly { name: string; source?: HidSource }[]) => {
    const done = new Set<string>();
    for (const r of rows) {
      if (done.has(r.name) || !r.source || !found(r.source)) continue;
      done.add(r.name);
      lines.push(`${prefix}${r.name} ${r.source.path}`);
    }
  };
  firsts("", sub.variables);
  firsts("fixed:", sub.fixed ?? []);
  firsts("command:", sub.commands);
  for (const r of sub.status) if (found(r.source)) lines.push(`status:${r.fact} ${r.source.path}`);
  return lines;
}

/**
 * Every path of a subdriver that its usage names cannot read (a misspelt node).
 * @param sub the subdriver
 * @returns the paths (none when every node is a name of its tables, `[n]` or hex)
 */
export function unreadablePaths(sub: ProposedHidSubdriver): string[] {
  const names = usageNamesFor(sub.usages);
  const sources = [
    ...sub.variables.map((r) => r.source),
    ...sub.status.map((r) => r.source),
    ...sub.commands.map((r) => r.source),
    ...(sub.fixed ?? []).flatMap((f) => f.source ? [f.source] : []),
  ];
  return sources.map((s) => s.path).filter((p) => parsePath(p, names) === undefined);
}

/**
 * The variables of a .dev dump as upsc printed them: the text after `name: `, spaces kept (a value of NUT's
 * can begin or end with one: APC's ups.firmware " 6.5.I").
 * @param text the .dev file
 * @returns name to value
 */
export function dumpValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([a-z][a-z0-9._]*): (.*)$/.exec(line);
    if (m) values.set(m[1], m[2]);
  }
  return values;
}

/**
 * Compares published values with NUT's dump: every dump variable (but driver.* and device.*) must be
 * published with the dump's value, or be listed with the reason it is not; a listed one that matches is
 * reported too (the list must stay true).
 * @param published what the table gives
 * @param dump NUT's values
 * @param unreproduced dump variables known to differ, with why
 * @returns one line per disagreement (empty: all agree)
 */
export function disagreements(
  published: ReadonlyMap<string, string>,
  dump: ReadonlyMap<string, string>,
  unreproduced: Readonly<Record<string, string>>,
): string[] {
  const out: string[] = [];
  for (const [name, value] of dump) {
    if (name.startsWith("driver.") || name.startsWith("device.")) continue;
    const ours = published.get(name);
    if (Object.hasOwn(unreproduced, name)) {
      if (ours === value) out.push(`${name}: listed as unreproduced but matches (${value})`);
      continue;
    }
    if (ours !== value) out.push(`${name}: NUT "${value}", ours "${ours}"`);
  }
  for (const name of Object.keys(unreproduced)) {
    if (!dump.has(name)) out.push(`${name}: listed as unreproduced but not in the dump`);
  }
  return out;
}
