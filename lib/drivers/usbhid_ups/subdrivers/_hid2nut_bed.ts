/**
 * Folder-private test bed of the tables written with _hid2nut.ts: what NUT's usbhid-ups publishes at
 * start-up for a device read through a subdriver, as ../_test_tables.ts `publish()` computes it, but with
 * two of NUT's rules that one does not apply: a HU_FLAG_ABSENT row is published when the device's
 * descriptor has its path (`publish()` asks for a value of it), the first of a name winning, and its
 * `$offdelay` / `$ondelay` are NUT's defaults (20 / 30 s); a device is any HidDeviceView.
 * @module
 */
import { parsePath, usageNamesFor } from "../../../hid/mod.ts";
import { collectFacts, publishVariables, type SourceReader } from "../../../driver/mapping.ts";
import type { DeviceWriter } from "../../../driver/types.ts";
import { DeviceState } from "../../../state/device_state.ts";
import { StatusBuilder } from "../../../state/status.ts";
import { isStringIndex } from "../conversions.ts";
import { type HidFact, HidStatusComposer } from "../status.ts";
import type { HidSource, HidSubdriver } from "../types.ts";
import { deviceHas, type HidDeviceView } from "./_hid2nut.ts";

/** NUT's DEFAULT_OFFDELAY and DEFAULT_ONDELAY. */
const DELAYS: Readonly<Record<string, string>> = { $offdelay: "20", $ondelay: "30" };

/**
 * What a subdriver publishes for a device at start-up.
 * @param sub the subdriver
 * @param device the device
 * @returns NUT variable to value
 */
export function startUp(sub: HidSubdriver, device: HidDeviceView): Map<string, string> {
  const state = new DeviceState();
  const writer = state as unknown as DeviceWriter;
  const read: SourceReader<HidSource> = (s) => device.read(s);
  const strings: SourceReader<HidSource> = (s) => {
    const index = device.read(s);
    return index === undefined ? undefined : device.strings?.get(Number(index)) ?? "";
  };
  const rows = sub.variables;
  // One pass in the table's order, each row read as its kind says.
  const done = new Set<string>();
  for (const row of rows) {
    if (done.has(row.name)) continue;
    const set = publishVariables([row], isStringIndex(row.convert) ? strings : read, writer, "init");
    for (const name of set) done.add(name);
  }
  // NUT's HU_FLAG_ABSENT rows of these tables come before any variable row of their name: the first
  // one whose path the device has gives the value.
  const fixedDone = new Set<string>();
  for (const f of sub.fixed ?? []) {
    if (fixedDone.has(f.name) || (f.source && !deviceHas(device, f.source))) continue;
    state.setInfo(f.name, DELAYS[f.value] ?? f.value);
    fixedDone.add(f.name);
  }
  const id = device.identity;
  const named = (path: string) => strings({ path }) as string | undefined;
  const mfr = sub.formatMfr ? sub.formatMfr(id, named) : id.manufacturer;
  const model = sub.formatModel ? sub.formatModel(id, named) : id.product;
  const serial = sub.formatSerial ? sub.formatSerial(id, named) : id.serial;
  if (mfr) state.setInfo("ups.mfr", mfr);
  if (model) state.setInfo("ups.model", model);
  if (serial) state.setInfo("ups.serial", serial);
  const facts = collectFacts(sub.status, read) as Set<HidFact>;
  const b = new StatusBuilder(state);
  const charge = state.getValue("battery.charge");
  new HidStatusComposer().compose({
    facts,
    charge: charge === undefined ? undefined : Number(charge),
    now: 0,
  }, b);
  b.commit();
  return new Map(Object.entries(state.toRecord()));
}

/**
 * The commands a device gets (NUT adds a command when its row's path can be read).
 * @param sub the subdriver
 * @param device the device
 * @returns the command names, once each, sorted
 */
export function commandsOf(sub: HidSubdriver, device: HidDeviceView): string[] {
  return [...new Set(sub.commands.filter((c) => deviceHas(device, c.source)).map((c) => c.name))].sort();
}

/**
 * The paths of a subdriver's rows that a descriptor does not have.
 * @param sub the subdriver
 * @param has whether the descriptor has a source
 * @returns the missing paths, once each
 */
export function missingPaths(sub: HidSubdriver, has: (s: HidSource) => boolean): string[] {
  const sources = [
    ...sub.variables.map((r) => r.source),
    ...sub.status.map((r) => r.source),
    ...sub.commands.map((r) => r.source),
  ];
  return [...new Set(sources.filter((s) => !has(s)).map((s) => `${s.type ?? "Feature"} ${s.path}`))];
}

/**
 * The paths of a subdriver's rows that its usage names cannot read: a token that is no usage name (a hex
 * usage such as `ffff00e9` aside), which would match nothing.
 * @param sub the subdriver
 * @returns the bad paths, once each
 */
export function unreadablePaths(sub: HidSubdriver): string[] {
  const names = usageNamesFor(sub.usages);
  const sources = [
    ...sub.variables.map((r) => r.source),
    ...sub.status.map((r) => r.source),
    ...sub.commands.map((r) => r.source),
    ...(sub.fixed ?? []).flatMap((r) => {
      const source = (r as { source?: HidSource }).source;
      return source ? [source] : [];
    }),
  ];
  const bad = sources.filter((s) =>
    parsePath(s.path, names) === undefined ||
    s.path.split(".").some((t) => names.code(t) === undefined && !/^\[\d+\]$/.test(t))
  );
  return [...new Set(bad.map((s) => s.path))];
}
