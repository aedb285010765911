/**
 * One HID UPS as usbhid-ups talks to it: found on the bus by the instance's matching options and a
 * subdriver that claims it, opened, its report descriptor read, parsed with the subdriver's usage names
 * and fixed up as NUT does; then values by path, fetched a report at a time (each report once per
 * pass, however many paths it holds), updated by interrupt reports (an Input report's values apply to
 * the paths of the same name, as NUT's do), written back into a fresh copy of their report, and the
 * device's string descriptors, read once each.
 * @module
 */
import {
  decodeField,
  encodeField,
  fixReportDescriptor,
  type HidDescriptor,
  HidDescriptorError,
  type HidField,
  parseReportDescriptor,
  type ReportType,
  usageNamesFor,
} from "../../hid/mod.ts";
import type { Logger } from "../../log.ts";
import type { RawValue } from "../../driver/mapping.ts";
import { isTransportError, TransportError } from "../../transport/error.ts";
import type { HidReportType, UsbDeviceInfo, UsbHidBus, UsbHidDevice } from "../../transport/usb.ts";
import type { UsbMatcher } from "../usb_match.ts";
import type { HidIdentity, HidSource, HidSubdriver } from "./types.ts";

/** Deadline of one control transfer. */
export const TRANSFER_TIMEOUT_MS = 2000;

/** How a device is chosen. */
export interface FindOptions {
  /** The bus. */
  readonly bus: UsbHidBus;
  /** The instance's matching options. */
  readonly matcher: UsbMatcher;
  /** The subdrivers, in the order they are tried. */
  readonly subdrivers: readonly HidSubdriver[];
  /** ups.conf `subdriver` (exact name, else a case-insensitive regular expression). */
  readonly subdriver?: string;
  /** `explore`: take any device the options match, with the explore subdriver. */
  readonly explore?: boolean;
  /** `disable_fix_report_desc`. */
  readonly noFixups?: boolean;
  /** Logger. */
  readonly log: Logger;
  /** A device found before (after a replug, the same serial, else the same port, is taken first). */
  readonly previous?: UsbDeviceInfo;
  /** `maxreport`: ask every report with the largest length (firmware that declares wrong lengths). */
  readonly maxReport?: boolean;
  /** ups.conf gives `productid`: a subdriver may take an unlisted product of its vendor. */
  readonly productIdGiven?: boolean;
  /** Reset the device (a USB port reset) once it is open, before reading it: its transfers kept failing. */
  readonly reset?: boolean;
}

/** The length asked for every report with `maxreport` (NUT asks for its whole report buffer). */
export const MAX_REPORT_LENGTH = 64;

/**
 * The identity a subdriver is chosen by.
 * @param info the device
 * @returns its identity
 */
export function identityOf(info: UsbDeviceInfo): HidIdentity {
  // As the device says them (NUT's format functions keep their blanks: APC's " c1 "); matching trims.
  const t = (s: string | undefined) => s || undefined;
  return {
    vendorId: info.vendorId,
    productId: info.productId,
    bcdDevice: info.bcdDevice,
    manufacturer: t(info.manufacturer),
    product: t(info.product),
    serial: t(info.serial),
  };
}

/**
 * The subdriver for a device: the one named by `subdriver` (exact, else a regular expression), else the
 * first that claims it.
 * @param subdrivers in order
 * @param identity the device
 * @param name ups.conf `subdriver`
 * @returns the subdriver, or undefined when none claims the device
 * @throws {Error} when `subdriver` names none of them
 */
export function chooseSubdriver(
  subdrivers: readonly HidSubdriver[],
  identity: HidIdentity,
  name?: string,
  productIdGiven = false,
): HidSubdriver | undefined {
  if (name !== undefined) {
    const exact = subdrivers.find((s) => `${s.name} ${s.version}` === name || s.name === name);
    if (exact) return exact;
    let re: RegExp;
    try {
      re = new RegExp(name, "i");
    } catch {
      throw new Error(`subdriver: not a name nor a regular expression: "${name}"`);
    }
    const found = subdrivers.find((s) => re.test(s.name));
    if (!found) {
      throw new Error(
        `subdriver "${name}" matches none of this driver's (${subdrivers.map((s) => s.name).join(", ")})`,
      );
    }
    return found;
  }
  return subdrivers.find((s) => s.match(identity)) ??
    (productIdGiven ? subdrivers.find((s) => s.claimsWithProductId?.(identity) === true) : undefined);
}

function sameDevice(a: UsbDeviceInfo, b: UsbDeviceInfo): number {
  if (a.vendorId !== b.vendorId || a.productId !== b.productId) return 0;
  if (a.serial && b.serial) return a.serial === b.serial ? 3 : 0;
  if (a.portPath && b.portPath && a.portPath.join(".") === b.portPath.join(".") && a.bus === b.bus) return 2;
  return 1;
}

/** An opened HID UPS. */
export class HidUps {
  /** The device, as listed. */
  readonly info: UsbDeviceInfo;
  /** Its identity. */
  readonly identity: HidIdentity;
  /** The subdriver driving it. */
  readonly subdriver: HidSubdriver;
  /** Its report descriptor, as parsed and fixed up. */
  readonly descriptor: HidDescriptor;
  #dev: UsbHidDevice;
  #values = new Map<string, number>();
  #strings = new Map<number, string | undefined>();
  #maxReport: boolean;
  #skip: ReadonlySet<number>;

  private constructor(
    dev: UsbHidDevice,
    subdriver: HidSubdriver,
    descriptor: HidDescriptor,
    quirks: { maxReport: boolean; skipReportIds: readonly number[] },
  ) {
    this.#dev = dev;
    this.#maxReport = quirks.maxReport;
    this.#skip = new Set(quirks.skipReportIds);
    this.info = dev.info;
    this.identity = identityOf(dev.info);
    this.subdriver = subdriver;
    this.descriptor = descriptor;
  }

  /**
   * Finds, opens and reads the device the options describe.
   * @param o how to find it
   * @returns the opened device
   * @throws {TransportError} NOT_FOUND when no device is matched and claimed, BUSY when the one found is
   *   held, or the failure of opening it
   */
  static async find(o: FindOptions): Promise<HidUps> {
    const listed = await o.bus.list();
    const candidates: { info: UsbDeviceInfo; sub: HidSubdriver }[] = [];
    for (const info of listed) {
      const miss = o.matcher.mismatch(info);
      if (miss) {
        o.log.debug(
          2,
          `USB device ${hex(info.vendorId)}:${
            hex(info.productId)
          }: ${miss.option} "${miss.value}" does not match`,
        );
        continue;
      }
      const id = identityOf(info);
      const sub = o.explore
        ? o.subdrivers.find((s) => s.usages === "explore") ?? chooseSubdriver(o.subdrivers, id, o.subdriver)
        : chooseSubdriver(o.subdrivers, id, o.subdriver, o.productIdGiven === true);
      if (!sub) {
        o.log.debug(2, `USB device ${hex(info.vendorId)}:${hex(info.productId)}: no subdriver claims it`);
        continue;
      }
      candidates.push({ info, sub });
    }
    if (o.previous) {
      const prev = o.previous;
      candidates.sort((a, b) => sameDevice(b.info, prev) - sameDevice(a.info, prev));
    }
    let last: unknown;
    for (const { info, sub } of candidates) {
      let dev: UsbHidDevice;
      const tweaks = sub.tweaks?.(identityOf(info)) ?? {};
      try {
        dev = await o.bus.open(
          info,
          tweaks.hidReportIndex === undefined ? {} : { interfaceNumber: tweaks.hidReportIndex },
        );
      } catch (e) {
        last = e;
        if (isTransportError(e, "BUSY") && o.matcher.allowDuplicates) continue;
        throw e;
      }
      if (o.reset) await resetOpened(dev, o.log);
      try {
        return new HidUps(dev, sub, await readDescriptor(dev, sub, o), {
          maxReport: o.maxReport === true || tweaks.maxReport === true,
          skipReportIds: tweaks.skipReportIds ?? [],
        });
      } catch (e) {
        await dev.close().catch(() => {});
        if (e instanceof HidDescriptorError) {
          o.log.debug(1, `USB device ${hex(info.vendorId)}:${hex(info.productId)}: ${e.message}`);
          last = e;
          continue;
        }
        throw e;
      }
    }
    if (isTransportError(last)) throw last;
    throw new TransportError(
      "NOT_FOUND",
      `No matching HID UPS found${
        o.matcher.constrained ? " (check vendorid, productid, serial... in ups.conf)" : ""
      }`,
      last === undefined ? undefined : { cause: last },
    );
  }

  /**
   * The value of a source as last read (undefined: the device has no such path, or it was not read).
   * @param source the source
   * @returns the value
   */
  read(source: HidSource): RawValue | undefined {
    return this.#values.get(source.path);
  }

  /**
   * Whether the device has a source's path (in its report type).
   * @param source the source
   * @returns true when its descriptor has it
   */
  has(source: HidSource): boolean {
    return this.#field(source) !== undefined;
  }

  #field(source: HidSource): HidField | undefined {
    return this.descriptor.findByPath(source.path, (source.type ?? "Feature") as ReportType);
  }

  /**
   * Reads the reports that hold the sources (each once), and keeps the values of all their fields.
   * A report the device refuses (a stall) is skipped; a device that is gone fails the whole pass.
   * @param sources the sources wanted
   * @returns how many reports were read
   * @throws {TransportError} DISCONNECTED, TIMEOUT...: the pass failed
   */
  async fetch(sources: Iterable<HidSource>): Promise<number> {
    const reports = new Map<string, { type: ReportType; id: number }>();
    for (const s of sources) {
      const f = this.#field(s);
      if (f && !this.#skip.has(f.reportId)) {
        reports.set(`${f.type}:${f.reportId}`, { type: f.type, id: f.reportId });
      }
    }
    let read = 0;
    for (const { type, id } of reports.values()) {
      let bytes: Uint8Array;
      try {
        bytes = await this.#dev.getReport(
          type.toLowerCase() as HidReportType,
          id,
          this.#maxReport ? MAX_REPORT_LENGTH : this.descriptor.reportLength(type, id),
          TRANSFER_TIMEOUT_MS,
        );
      } catch (e) {
        if (isTransportError(e, "IO", "PROTOCOL")) continue;
        throw e;
      }
      this.#keep(type, id, bytes);
      read++;
    }
    return read;
  }

  /** Keeps the values of every field of a report. */
  #keep(type: ReportType, id: number, bytes: Uint8Array): string[] {
    const paths: string[] = [];
    for (const f of this.descriptor.reportFields(type, id)) {
      try {
        this.#values.set(f.path, decodeField(f, bytes));
        paths.push(f.path);
      } catch {
        // A short report: the fields it lacks keep their last value.
      }
    }
    return paths;
  }

  /**
   * Waits for an interrupt report and keeps its values.
   * @param timeoutMs how long to wait
   * @param size most bytes (`interruptsize`)
   * @returns the paths it updated (empty: nothing came)
   */
  async interrupt(timeoutMs: number, size?: number): Promise<string[]> {
    const length = size ?? this.#dev.interruptPacketSize ?? 64;
    const data = await this.#dev.readInterrupt(length, timeoutMs);
    if (!data || data.length === 0) return [];
    const id = this.descriptor.usesReportIds ? data[0] : 0;
    return this.#keep("Input", id, data);
  }

  /** Whether the device has an interrupt pipe. */
  get hasInterrupt(): boolean {
    return this.#dev.interruptPacketSize !== undefined;
  }

  /**
   * The string descriptor at an index (read once).
   * @param index the index
   * @returns the string, trimmed, or undefined
   */
  async string(index: number): Promise<string | undefined> {
    if (!Number.isInteger(index) || index <= 0 || index > 255) return undefined;
    if (!this.#strings.has(index)) {
      let s: string | undefined;
      try {
        s = (await this.#dev.getString(index, TRANSFER_TIMEOUT_MS))?.replace(/^[ \t\n]+|[ \t\n]+$/g, "");
      } catch (e) {
        if (!isTransportError(e, "IO", "PROTOCOL")) throw e;
      }
      this.#strings.set(index, s);
    }
    return this.#strings.get(index);
  }

  /**
   * Writes a value: its report is read again, the field set in it, and the report sent.
   * @param source where
   * @param raw the value (a number)
   * @throws {TransportError} when the device has no such path or the transfer fails
   */
  async write(source: HidSource, raw: RawValue): Promise<void> {
    const f = this.#field(source);
    if (!f) throw new TransportError("PROTOCOL", `the device has no ${source.path}`);
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new TransportError("PROTOCOL", `${source.path}: not a number: ${raw}`);
    const type = f.type.toLowerCase() as HidReportType;
    const length = this.descriptor.reportLength(f.type, f.reportId);
    let current: Uint8Array;
    try {
      current = await this.#dev.getReport(type, f.reportId, length, TRANSFER_TIMEOUT_MS);
    } catch (e) {
      // A report that cannot be read (write-only on some firmware) is written from zeroes.
      if (!isTransportError(e, "IO", "PROTOCOL")) throw e;
      current = new Uint8Array(length);
      if (this.descriptor.usesReportIds) current[0] = f.reportId;
    }
    const report = encodeField(f, value, current);
    await this.#dev.setReport(type, f.reportId, report, TRANSFER_TIMEOUT_MS);
    this.#keep(f.type, f.reportId, report);
  }

  /** Resets the device (its handle is then to be reopened). */
  async reset(): Promise<void> {
    await this.#dev.reset();
  }

  /** Closes it. */
  async close(): Promise<void> {
    await this.#dev.close();
  }
}

/**
 * Resets an opened device. A device that comes back from the reset as another device (re-enumerated) has
 * to be found again: the handle is closed and DISCONNECTED thrown; any other failure of the reset is
 * logged and the handle used as it is.
 */
async function resetOpened(dev: UsbHidDevice, log: Logger): Promise<void> {
  try {
    await dev.reset();
  } catch (e) {
    if (!isTransportError(e, "NOT_FOUND", "DISCONNECTED")) {
      log.debug(1, `USB reset failed: ${(e as Error).message}`);
      return;
    }
    await dev.close().catch(() => {});
    throw new TransportError("DISCONNECTED", "the device re-enumerated after its USB reset", { cause: e });
  }
}

async function readDescriptor(dev: UsbHidDevice, sub: HidSubdriver, o: FindOptions): Promise<HidDescriptor> {
  const bytes = await dev.reportDescriptor(TRANSFER_TIMEOUT_MS);
  const parsed = parseReportDescriptor(bytes, { names: usageNamesFor(sub.usages) });
  const fixed = fixReportDescriptor(parsed, sub.usages, dev.info, { disabled: o.noFixups === true });
  for (const c of fixed.changes) {
    o.log.debug(1, `Fixing report descriptor: ${c.path} (${JSON.stringify(c.after)})`);
  }
  return fixed.descriptor;
}

function hex(n: number): string {
  return n.toString(16).padStart(4, "0");
}
