/**
 * Test bed of usbhid-ups's tables (folder-private): a subdriver's rows read from a real device of
 * lib/testing/hid_fixtures.ts (its descriptor parsed with the subdriver's usage names and fix-ups, its
 * recorded reports decoded as NUT decodes them), or from the `Path: ..., Value: ...` lines of a NUT debug
 * log (NUT's own decode), and what they publish, to compare with NUT's dump of the same device.
 * @module
 */
import {
  decodeField,
  fixReportDescriptor,
  type HidDescriptor,
  parseReportDescriptor,
  usageNamesFor,
} from "../../hid/mod.ts";
import { DeviceState } from "../../state/device_state.ts";
import { StatusBuilder } from "../../state/status.ts";
import { collectFacts, publishVariables, type RawValue, type SourceReader } from "../../driver/mapping.ts";
import type { DeviceWriter } from "../../driver/types.ts";
import { devValues, fixture, hexBytes, recordedReports } from "../../testing/hid_fixtures.ts";
import { isStringIndex } from "./conversions.ts";
import { type HidFact, HidStatusComposer } from "./status.ts";
import type { HidIdentity, HidSource, HidSubdriver } from "./types.ts";

/** A device as the tables see it. */
export interface TableDevice {
  /** Reads a source (undefined: the device has no such path, or no report for it). */
  read: SourceReader<HidSource>;
  /** The device's USB identity. */
  identity: HidIdentity;
  /** The string descriptors it has, by index. */
  strings: ReadonlyMap<number, string>;
}

/**
 * A fixture device read through a subdriver's names and fix-ups.
 * @param name the fixture (tests/fixtures/hid file stem)
 * @param sub the subdriver
 * @param strings the device's string descriptors, by index
 * @returns the device, its parsed descriptor and NUT's dump of it (empty when the fixture has none)
 */
export function fixtureDevice(
  name: string,
  sub: HidSubdriver,
  strings: ReadonlyMap<number, string> = new Map(),
): TableDevice & { descriptor: HidDescriptor; dump: Map<string, string> } {
  const f = fixture(name);
  if (!f.rdesc) throw new Error(`fixture ${name} has no report descriptor`);
  const ids = { vendorId: f.vendorId, productId: f.productId };
  const parsed = parseReportDescriptor(hexBytes(f.rdesc), { names: usageNamesFor(sub.usages) });
  const descriptor = fixReportDescriptor(parsed, sub.usages, ids).descriptor;
  const reports = recordedReports(f.reports ?? "");
  const read = (s: HidSource): RawValue | undefined => {
    const field = descriptor.findByPath(s.path, s.type ?? "Feature");
    const bytes = field && reports.get(field.reportId);
    return field && bytes ? decodeField(field, bytes) : undefined;
  };
  const dump = devValues(f.dev ?? "");
  const identity: HidIdentity = {
    ...ids,
    bcdDevice: 0,
    manufacturer: dump.get("device.mfr"),
    product: dump.get("device.model"),
    serial: dump.get("device.serial"),
  };
  return { read, identity, strings, descriptor, dump };
}

/**
 * A device made of NUT's decode of it: the `Path: <path>, Type: <type>, ..., Value: <value>` lines of a
 * usbhid-ups debug log (-DDDDD), as NUT printed them.
 * @param log the log text (other lines are ignored)
 * @param identity the device's USB identity
 * @param strings its string descriptors, by index
 * @returns the device
 */
export function loggedDevice(
  log: string,
  identity: HidIdentity,
  strings: ReadonlyMap<number, string> = new Map(),
): TableDevice {
  const values = new Map<string, number>();
  for (const m of log.matchAll(/Path: ([^,]+), Type: (\w+), .*?Value: (-?[\d.e+-]+)/g)) {
    const key = `${m[2]} ${m[1]}`;
    if (!values.has(key)) values.set(key, Number(m[3]));
  }
  return { read: (s) => values.get(`${s.type ?? "Feature"} ${s.path}`), identity, strings };
}

/**
 * What a subdriver publishes for a device at start-up: its variables (string descriptor indexes resolved
 * with the device's strings, fixed values, ups.mfr/model/serial from the USB strings) and ups.status.
 * @param sub the subdriver
 * @param device the device
 * @returns NUT variable to value
 */
export function publish(sub: HidSubdriver, device: TableDevice): Map<string, string> {
  const state = new DeviceState();
  const writer = state as unknown as DeviceWriter;
  const read: SourceReader<HidSource> = (s) => device.read(s);
  const strings: SourceReader<HidSource> = (s) => {
    const index = device.read(s);
    return index === undefined ? undefined : device.strings.get(Number(index));
  };
  // As the driver does: the first row of a name that gives a value wins, string rows apart.
  publishVariables(sub.variables.filter((r) => !isStringIndex(r.convert)), read, writer, "init");
  publishVariables(sub.variables.filter((r) => isStringIndex(r.convert)), strings, writer, "init");
  for (const f of sub.fixed ?? []) {
    if (!f.source || device.read(f.source) !== undefined) state.setInfo(f.name, f.value);
  }
  const id = device.identity;
  const named = (path: string) => {
    const index = device.read({ path });
    return index === undefined ? undefined : device.strings.get(Number(index));
  };
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
