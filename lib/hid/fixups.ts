/**
 * NUT's corrections of report descriptors that known firmware gets wrong (each subdriver's
 * `fix_report_desc`, drivers/apc-hid.c, cps-hid.c, idowell-hid.c; docs/hid-subdrivers.txt "Fixing report
 * descriptors"), applied after parsing and switched off by ups.conf's `disable_fix_report_desc`:
 * - apc, 051d:0002 (Back-UPS XS 1400U and kin, 220-240 V units): when report 0x33 HighVoltageTransfer's
 *   logical maximum is above report 0x31 Voltage's, Voltage becomes 0..2x that maximum; when it is above
 *   report 0x30 ConfigVoltage's, ConfigVoltage's maximum becomes 255;
 * - cps, 0764:0501 and 0764:0601 (CP900EPFCLCD, CP1500PFCLCD, ...): when report 0x12 (output) Voltage has
 *   the range of report 0x10 HighVoltageTransfer, it becomes 0..511, and so does report 0x0f (input) Voltage
 *   when it has that range too; when either voltage's maximum was mis-encoded (re-read unsigned), both are
 *   raised to at least 511, aligned with each other and cut to what their bit size holds; report 0x18
 *   ConfigActivePower's maximum is raised to 2048 when below (nominal power was clipped);
 * - idowell, 075d:0300 and 06da:ffff (GoldenMate LiFePO4): report 0x02 RunTimeToEmpty and Voltage get the
 *   maxima the device declares in report 0x01 (0x75ffffff, 65535) when theirs is below their minimum.
 * A fix-up changes every field of the report id and usage it names (Input and Feature alike; NUT changes the
 * first one it finds).
 * @module
 */
import type { HidDescriptor } from "./descriptor.ts";
import type { HidField, ReportType } from "./types.ts";
import type { HidSubdriverName } from "./usages/subdrivers.ts";

/** The USB ids a fix-up is chosen by. */
export interface FixupDevice {
  /** idVendor. */
  readonly vendorId: number;
  /** idProduct. */
  readonly productId: number;
}

/** One field range changed by a fix-up. */
export interface FixupChange {
  /** The field's path. */
  readonly path: string;
  /** Its report id. */
  readonly reportId: number;
  /** The report types changed (one per field). */
  readonly types: readonly ReportType[];
  /** Logical range before. */
  readonly before: { readonly logicalMin: number; readonly logicalMax: number };
  /** Logical range after. */
  readonly after: { readonly logicalMin: number; readonly logicalMax: number };
}

/**
 * What {@linkcode fixReportDescriptor} did: the descriptor to use, the changes, and, when nothing changed,
 * why (as NUT logs it: `disabled` for "got disable_fix_report_desc in config", `device` for "vendor/product
 * not matched", `conditions` for "problematic conditions not matched", `none` for a subdriver without
 * fix-ups).
 */
export interface FixupResult {
  /** The fixed descriptor (the same object when nothing changed). */
  readonly descriptor: HidDescriptor;
  /** The ranges changed, in order. */
  readonly changes: readonly FixupChange[];
  /** Why nothing changed, when nothing did. */
  readonly skipped?: "disabled" | "device" | "conditions" | "none";
}

/** Options of {@linkcode fixReportDescriptor}. */
export interface FixupOptions {
  /** ups.conf `disable_fix_report_desc`: apply nothing. */
  readonly disabled?: boolean;
}

const USAGE_VOLTAGE = 0x00840030;
const USAGE_CONFIG_VOLTAGE = 0x00840040;
const USAGE_CONFIG_ACTIVE_POWER = 0x00840044;
const USAGE_HIGH_VOLTAGE_TRANSFER = 0x00840054;
const USAGE_RUN_TIME_TO_EMPTY = 0x00850068;

const CPS_VOLTAGE_LOGMAX = 511;
const CPS_NOMINAL_POWER_LOGMAX = 2048;
const IDOWELL_RUNTIME_LOGMAX = 0x75ffffff;
const IDOWELL_VOLTAGE_LOGMAX = 65535;

type Fixup = (fields: FieldEditor) => void;

interface FixupRule {
  readonly devices: readonly (readonly [vendorId: number, productId: number])[];
  readonly apply: Fixup;
}

const RULES: Readonly<Partial<Record<HidSubdriverName, FixupRule>>> = Object.freeze({
  apc: Object.freeze({ devices: Object.freeze([Object.freeze([0x051d, 0x0002] as const)]), apply: fixApc }),
  cps: Object.freeze({
    devices: Object.freeze([
      Object.freeze([0x0764, 0x0501] as const),
      Object.freeze([0x0764, 0x0601] as const),
    ]),
    apply: fixCps,
  }),
  idowell: Object.freeze({
    devices: Object.freeze([
      Object.freeze([0x075d, 0x0300] as const),
      Object.freeze([0x06da, 0xffff] as const),
    ]),
    apply: fixIdowell,
  }),
});

/**
 * Applies the fix-ups of a subdriver to a descriptor of a device.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseReportDescriptor } from "./descriptor.ts";
 * import { usageNamesFor } from "./usages/subdrivers.ts";
 * // CyberPower: output Voltage (report 0x12) declared with HighVoltageTransfer's range 260..270.
 * const d = parseReportDescriptor(new Uint8Array([
 *   0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x09, 0x1a, 0xa1, 0x00, 0x85, 0x10, 0x09, 0x54, 0x75, 0x10, 0x95, 0x01,
 *   0x16, 0x04, 0x01, 0x26, 0x0e, 0x01, 0xb1, 0x02, 0xc0, 0x09, 0x1c, 0xa1, 0x00, 0x85, 0x12, 0x09, 0x30,
 *   0xb1, 0x02, 0xc0, 0xc0,
 * ]), { names: usageNamesFor("cps") });
 * const fixed = fixReportDescriptor(d, "cps", { vendorId: 0x0764, productId: 0x0501 });
 * assertEquals(fixed.changes.map((c) => [c.path, c.after.logicalMin, c.after.logicalMax]), [["UPS.Output.Voltage", 0, 511]]);
 * assertEquals(fixReportDescriptor(d, "cps", { vendorId: 0x0764, productId: 0x0501 }, { disabled: true }).skipped, "disabled");
 * ```
 * @param descriptor the parsed descriptor
 * @param subdriver the subdriver chosen for the device
 * @param device its USB ids
 * @param options `disabled` for ups.conf `disable_fix_report_desc`
 * @returns the descriptor to use and what changed
 */
export function fixReportDescriptor(
  descriptor: HidDescriptor,
  subdriver: HidSubdriverName,
  device: FixupDevice,
  options: FixupOptions = {},
): FixupResult {
  const rule = RULES[subdriver];
  if (rule === undefined) return { descriptor, changes: [], skipped: "none" };
  if (!rule.devices.some(([v, p]) => v === device.vendorId && p === device.productId)) {
    return { descriptor, changes: [], skipped: "device" };
  }
  if (options.disabled === true) return { descriptor, changes: [], skipped: "disabled" };
  const editor = new FieldEditor(descriptor.fields);
  rule.apply(editor);
  if (editor.changes.length === 0) return { descriptor, changes: [], skipped: "conditions" };
  return { descriptor: descriptor.withFields(editor.fields), changes: editor.changes };
}

/**
 * Whether a subdriver has fix-ups for a device.
 * @param subdriver a subdriver
 * @param device USB ids
 * @returns true when {@linkcode fixReportDescriptor} may change something
 */
export function hasFixups(subdriver: HidSubdriverName, device: FixupDevice): boolean {
  return RULES[subdriver]?.devices.some(([v, p]) => v === device.vendorId && p === device.productId) ?? false;
}

/** A working copy of the fields, edited by (report id, usage) as NUT's FindObject_with_ID_Node finds them. */
class FieldEditor {
  fields: HidField[];
  readonly changes: FixupChange[] = [];

  constructor(fields: readonly HidField[]) {
    this.fields = [...fields];
  }

  /** The first field of a report id whose last node is the usage (any type). */
  find(reportId: number, usage: number): HidField | undefined {
    return this.fields.find((f) => f.reportId === reportId && f.usage === usage);
  }

  /** Sets the logical range of every field of a report id and usage. */
  set(
    reportId: number,
    usage: number,
    range: { logicalMin?: number; logicalMax?: number; assumed?: boolean },
  ): void {
    const first = this.find(reportId, usage);
    if (first === undefined) return;
    const after = {
      logicalMin: range.logicalMin ?? first.logicalMin,
      logicalMax: range.logicalMax ?? first.logicalMax,
    };
    const types: ReportType[] = [];
    this.fields = this.fields.map((f) => {
      if (f.reportId !== reportId || f.usage !== usage) return f;
      types.push(f.type);
      return Object.freeze({
        ...f,
        ...after,
        logicalMaxAssumed: range.assumed ?? f.logicalMaxAssumed,
        ...(f.physicalDefined ? {} : { physicalMin: after.logicalMin, physicalMax: after.logicalMax }),
      });
    });
    this.changes.push(Object.freeze({
      path: first.path,
      reportId,
      types: Object.freeze(types),
      before: Object.freeze({ logicalMin: first.logicalMin, logicalMax: first.logicalMax }),
      after: Object.freeze(after),
    }));
  }
}

function fixApc(e: FieldEditor): void {
  const hvt = e.find(0x33, USAGE_HIGH_VOLTAGE_TRANSFER);
  if (hvt === undefined) return;
  const voltage = e.find(0x31, USAGE_VOLTAGE);
  if (voltage !== undefined && hvt.logicalMax > voltage.logicalMax) {
    e.set(0x31, USAGE_VOLTAGE, { logicalMin: 0, logicalMax: hvt.logicalMax * 2 });
  }
  const config = e.find(0x30, USAGE_CONFIG_VOLTAGE);
  if (config !== undefined && hvt.logicalMax > config.logicalMax) {
    e.set(0x30, USAGE_CONFIG_VOLTAGE, { logicalMax: 255 });
  }
}

function fixCps(e: FieldEditor): void {
  const hvt = e.find(0x10, USAGE_HIGH_VOLTAGE_TRANSFER);
  const output = e.find(0x12, USAGE_VOLTAGE);
  if (hvt !== undefined && output !== undefined && sameRange(hvt, output)) {
    e.set(0x12, USAGE_VOLTAGE, { logicalMin: 0, logicalMax: CPS_VOLTAGE_LOGMAX });
    const input = e.find(0x0f, USAGE_VOLTAGE);
    if (input !== undefined && sameRange(hvt, input)) {
      e.set(0x0f, USAGE_VOLTAGE, { logicalMin: 0, logicalMax: CPS_VOLTAGE_LOGMAX });
    }
  }

  const out = e.find(0x12, USAGE_VOLTAGE);
  const inp = e.find(0x0f, USAGE_VOLTAGE);
  if (out !== undefined && inp !== undefined && (out.logicalMaxAssumed || inp.logicalMaxAssumed)) {
    let outMax = out.logicalMax;
    let inMax = inp.logicalMax;
    if (out.logicalMaxAssumed && outMax < CPS_VOLTAGE_LOGMAX) outMax = CPS_VOLTAGE_LOGMAX;
    if (inp.logicalMaxAssumed && inMax < CPS_VOLTAGE_LOGMAX) inMax = CPS_VOLTAGE_LOGMAX;
    if (out.logicalMaxAssumed && outMax < inMax) outMax = inMax;
    else if (inp.logicalMaxAssumed && inMax < outMax) inMax = outMax;
    if (inp.logicalMaxAssumed) inMax = cutToSize(inMax, inp.size);
    if (out.logicalMaxAssumed) outMax = cutToSize(outMax, out.size);
    if (inMax !== inp.logicalMax) e.set(0x0f, USAGE_VOLTAGE, { logicalMax: inMax });
    if (outMax !== out.logicalMax) e.set(0x12, USAGE_VOLTAGE, { logicalMax: outMax });
  }

  const power = e.find(0x18, USAGE_CONFIG_ACTIVE_POWER);
  if (power !== undefined && power.logicalMax < CPS_NOMINAL_POWER_LOGMAX) {
    e.set(0x18, USAGE_CONFIG_ACTIVE_POWER, { logicalMax: CPS_NOMINAL_POWER_LOGMAX });
  }
}

function fixIdowell(e: FieldEditor): void {
  const runtime = e.find(0x02, USAGE_RUN_TIME_TO_EMPTY);
  if (runtime !== undefined && runtime.logicalMax < runtime.logicalMin) {
    e.set(0x02, USAGE_RUN_TIME_TO_EMPTY, { logicalMax: IDOWELL_RUNTIME_LOGMAX, assumed: true });
  }
  const voltage = e.find(0x02, USAGE_VOLTAGE);
  if (voltage !== undefined && voltage.logicalMax < voltage.logicalMin) {
    e.set(0x02, USAGE_VOLTAGE, { logicalMax: IDOWELL_VOLTAGE_LOGMAX, assumed: true });
  }
}

function sameRange(a: HidField, b: HidField): boolean {
  return a.logicalMin === b.logicalMin && a.logicalMax === b.logicalMax;
}

/** NUT: a re-read maximum is cut to 2^size - 1 for sizes of 2 to 64 bits. */
function cutToSize(max: number, size: number): number {
  if (size <= 1 || size > 64) return max;
  return Math.min(max, 2 ** size - 1);
}
