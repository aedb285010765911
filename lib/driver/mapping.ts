/**
 * Mapping tables: what makes a vendor's driver data plus small decoders. A row ties a NUT variable to
 * where its value comes from (the driver's own kind of source: a HID path, an SNMP OID, a field of a
 * serial answer) and how the raw value becomes NUT's text and back; status rows turn raw values into
 * named facts (ONLINE, DISCHRG, LOWBATT...) from which the driver composes `ups.status` with one
 * StatusBuilder; command rows say what to write for an instant command. A `Subdriver` is a vendor's
 * set of rows and a match rule. The engine here publishes, declares and writes rows for any source.
 * @module
 */
import { HANDLER_STATUS, type HandlerStatus } from "../sock/messages.ts";
import type { DeviceWriter } from "./types.ts";
import { cFormat } from "./printf.ts";

/** A raw value as a source gives it. */
export type RawValue = number | string;

/**
 * What a conversion may consult besides its raw value (vendor conversions that depend on the device or
 * on values already published: a scale by product, a voltage against its nominal).
 */
export interface ConversionContext {
  /** The device's ids (USB vendor and product; 0 where there are none). */
  readonly device: { readonly vendorId: number; readonly productId: number };
  /**
   * A variable as published so far.
   * @param name NUT's name
   * @returns its value, or undefined
   */
  get(name: string): string | undefined;
  /** Decisions kept for this device and connection (owned by the driver). */
  readonly memo: Map<string, unknown>;
}

/** How a raw value becomes NUT's text, and back for SET. */
export interface Conversion {
  /**
   * The NUT text of a raw value.
   * @param raw the value read
   * @param context the device and what was published (drivers give it; tables that need none ignore it)
   * @returns the text, or undefined when the value means "no value"
   */
  toNut(raw: RawValue, context?: ConversionContext): string | undefined;
  /**
   * The raw value to write for a NUT text (SET).
   * @param text the value asked for
   * @returns the raw value, or undefined when the text is not accepted
   */
  fromNut?(text: string): RawValue | undefined;
  /** The texts a SET accepts (published as the variable's enumeration). */
  readonly values?: readonly string[];
}

/**
 * A number printed with a C format (NUT's `"%.0f"`, `"%.1f"`), after scaling; written back by reading
 * the number and undoing the scale.
 * @param format the printf format
 * @param scale multiplies the raw value (default 1)
 * @returns the conversion
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const c = formatted("%.1f", 0.1);
 * assertEquals([c.toNut(2295), c.fromNut!("229.5"), c.fromNut!("abc")], ["229.5", 2295, undefined]);
 * ```
 */
export function formatted(format: string, scale = 1): Conversion {
  return {
    toNut: (raw) => {
      const n = typeof raw === "number" ? raw : Number(raw);
      return Number.isFinite(n) ? cFormat(format, n * scale) : undefined;
    },
    fromNut: (text) => {
      const n = Number(text.trim());
      return text.trim() !== "" && Number.isFinite(n) ? Math.round(n / scale) : undefined;
    },
  };
}

/**
 * Raw values and their texts (NUT's info lookup tables); a SET accepts exactly the texts.
 * @param pairs [raw, text] pairs
 * @param otherwise the text of a raw value not in the table (default: no value)
 * @returns the conversion
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const beeper = lookup([[1, "disabled"], [2, "enabled"], [3, "muted"]]);
 * assertEquals([beeper.toNut(2), beeper.toNut(9), beeper.fromNut!("muted"), beeper.values], ["enabled", undefined, 3, ["disabled", "enabled", "muted"]]);
 * ```
 */
export function lookup(pairs: readonly (readonly [RawValue, string])[], otherwise?: string): Conversion {
  const texts = new Map<RawValue, string>(pairs.map(([r, t]) => [r, t]));
  const raws = new Map<string, RawValue>(pairs.map(([r, t]) => [t, r]));
  // NUT compares the value truncated to an integer with the table's.
  const find = (raw: RawValue) =>
    typeof raw === "number"
      ? texts.get(raw) ?? texts.get(Math.trunc(raw)) ?? texts.get(String(raw))
      : texts.get(raw) ?? texts.get(Number(raw));
  return {
    toNut: (raw) => find(raw) ?? otherwise,
    fromNut: (text) => raws.get(text),
    values: [...raws.keys()],
  };
}

/**
 * A conversion by functions (a date, a firmware word, a vendor code).
 * @param toNut raw to text
 * @param fromNut text to raw, when the variable can be written
 * @returns the conversion
 */
export function decoded(
  toNut: (raw: RawValue) => string | undefined,
  fromNut?: (text: string) => RawValue | undefined,
): Conversion {
  return fromNut ? { toNut, fromNut } : { toNut };
}

/**
 * When a variable row is read:
 * - `STATIC`: once, at start-up (names, serial, nominal ratings);
 * - `QUICK`: also in quick updates between polls (status-like values, after an interrupt report);
 * (none: every poll). `RW`: the variable can be set; `STRING`: its value is text (with `maxLength`);
 * `ENUM`: a writable variable publishes the texts its conversion accepts (NUT's HU_FLAG_ENUM).
 */
export type RowFlag = "STATIC" | "QUICK" | "RW" | "STRING" | "ENUM";

/** A NUT variable and where it comes from. */
export interface VarRow<S> {
  /** NUT's name, e.g. `battery.charge`. */
  readonly name: string;
  /** Where the raw value comes from. */
  readonly source: S;
  /** How it becomes text (and back). */
  readonly convert: Conversion;
  /** When it is read, and whether it can be set. */
  readonly flags?: readonly RowFlag[];
  /** Longest text of a writable STRING variable. */
  readonly maxLength?: number;
  /** The accepted range of a writable number (published with ADDRANGE). */
  readonly range?: readonly [number, number];
}

/** A status fact (ONLINE, DISCHRG, LOWBATT, REPLACEBATT...) and where it comes from. */
export interface StatusRow<S> {
  /** Where the raw value comes from. */
  readonly source: S;
  /** The fact's name (the driver's vocabulary; its composer turns facts into status words). */
  readonly fact: string;
  /**
   * Whether the raw value makes the fact true (default: a non-zero number, a non-empty text).
   * @param raw the value read
   * @returns true when the fact holds
   */
  readonly when?: (raw: RawValue) => boolean;
}

/** An instant command and what to write for it. */
export interface CommandRow<S> {
  /** NUT's name, e.g. `test.battery.start.quick`. */
  readonly name: string;
  /** Where to write. */
  readonly source: S;
  /** What to write when the command comes without a parameter (NUT's default value of the row). */
  readonly value?: RawValue;
  /** How the parameter (or the default) becomes the raw value (default: read as a number). */
  readonly convert?: Conversion;
}

/** A vendor's tables and the rule that picks them for a device. */
export interface Subdriver<S, D> {
  /** Its name (ups.conf `subdriver`, `driver.version.data`). */
  readonly name: string;
  /** Its version. */
  readonly version: string;
  /**
   * Whether it is the one for a device.
   * @param device what the device says of itself
   * @returns true when it drives it
   */
  match(device: D): boolean;
  /** The variables. */
  readonly variables: readonly VarRow<S>[];
  /** The status facts. */
  readonly status: readonly StatusRow<S>[];
  /** The instant commands. */
  readonly commands: readonly CommandRow<S>[];
}

/**
 * Reads a source's current raw value (undefined: the device has no such value); the row it is read for
 * is given too (a driver reads some kinds of row differently, e.g. string descriptor indexes).
 */
export type SourceReader<S> = (source: S, row?: VarRow<S>) => RawValue | undefined;

/** Which rows a pass reads. */
export type Pass = "init" | "poll" | "quick";

function inPass(row: VarRow<unknown>, pass: Pass): boolean {
  const flags = row.flags ?? [];
  if (pass === "init") return true;
  if (flags.includes("STATIC")) return false;
  return pass === "poll" || flags.includes("QUICK");
}

/**
 * Publishes the variables of a pass: each row whose source gives a value and whose conversion gives a
 * text is set (the first row of a name that does wins; later rows of the same name are fallbacks).
 * @param rows the rows
 * @param read reads a source
 * @param state where values go
 * @param pass which rows
 * @param context what conversions may consult
 * @returns the names set
 */
export function publishVariables<S>(
  rows: readonly VarRow<S>[],
  read: SourceReader<S>,
  state: DeviceWriter,
  pass: Pass,
  context?: ConversionContext,
): string[] {
  const done = new Set<string>();
  for (const row of rows) {
    if (done.has(row.name) || !inPass(row, pass)) continue;
    const raw = read(row.source, row);
    if (raw === undefined) continue;
    const text = row.convert.toNut(raw, context);
    if (text === undefined) continue;
    state.setInfo(row.name, text);
    done.add(row.name);
  }
  return [...done];
}

/**
 * Declares what can be set and run, once the device's sources are known: RW (and STRING with its
 * length, ranges, enumerations) for writable rows whose variable was published, and the commands whose
 * source the device has.
 * @param sub the tables
 * @param has whether the device has a source
 * @param state where declarations go
 */
export function declareRows<S>(
  sub: Pick<Subdriver<S, unknown>, "variables" | "commands">,
  has: (source: S) => boolean,
  state: DeviceWriter,
): void {
  for (const row of sub.variables) {
    const flags = row.flags ?? [];
    if (!flags.includes("RW") || !has(row.source) || state.get(row.name) === undefined) continue;
    if (state.get(row.name)?.flags.includes("RW")) continue;
    state.addFlags(row.name, "RW", ...(flags.includes("STRING") ? ["STRING" as const] : []));
    if (flags.includes("STRING") && row.maxLength) state.setAux(row.name, row.maxLength);
    if (flags.includes("ENUM")) { for (const v of row.convert.values ?? []) state.addEnum(row.name, v); }
    if (row.range) state.addRange(row.name, row.range[0], row.range[1]);
  }
  for (const cmd of sub.commands) if (has(cmd.source)) state.addCmd(cmd.name);
}

/**
 * The status facts that hold now.
 * @param rows the status rows
 * @param read reads a source
 * @returns the facts (a fact whose sources give nothing is absent)
 */
export function collectFacts<S>(rows: readonly StatusRow<S>[], read: SourceReader<S>): Set<string> {
  const facts = new Set<string>();
  for (const row of rows) {
    const raw = read(row.source);
    if (raw === undefined) continue;
    const holds = row.when ? row.when(raw) : typeof raw === "number" ? raw !== 0 : raw !== "";
    if (holds) facts.add(row.fact);
  }
  return facts;
}

/**
 * Sets a variable through its writable row.
 * @param rows the variable rows
 * @param name the variable
 * @param text the value asked for
 * @param write writes a raw value to a source
 * @returns HANDLED, UNKNOWN (no writable row of that name), or INVALID (a value the row refuses)
 */
export async function setVariable<S>(
  rows: readonly VarRow<S>[],
  name: string,
  text: string,
  write: (source: S, raw: RawValue) => Promise<void>,
): Promise<HandlerStatus> {
  const row = rows.find((r) => r.name === name && r.flags?.includes("RW"));
  if (!row) return HANDLER_STATUS.UNKNOWN;
  if (row.flags?.includes("STRING")) {
    if (row.maxLength !== undefined && text.length > row.maxLength) return HANDLER_STATUS.INVALID;
    await write(row.source, row.convert.fromNut ? row.convert.fromNut(text) ?? text : text);
    return HANDLER_STATUS.HANDLED;
  }
  const raw = row.convert.fromNut?.(text);
  if (raw === undefined) return HANDLER_STATUS.INVALID;
  if (row.range && typeof raw === "number") {
    const value = Number(text);
    if (value < row.range[0] || value > row.range[1]) return HANDLER_STATUS.INVALID;
  }
  await write(row.source, raw);
  return HANDLER_STATUS.HANDLED;
}

/**
 * Runs an instant command through its row: the parameter, else the row's default value, converted as the
 * row says (NUT's instcmd).
 * @param rows the command rows
 * @param name the command
 * @param param its parameter, if any
 * @param write writes a raw value to a source
 * @returns HANDLED, UNKNOWN (no such row), INVALID (no parameter and no default), or CONVERSION_FAILED
 *   (a parameter the row cannot convert)
 */
export async function runCommand<S>(
  rows: readonly CommandRow<S>[],
  name: string,
  param: string | undefined,
  write: (source: S, raw: RawValue) => Promise<void>,
): Promise<HandlerStatus> {
  const row = rows.find((r) => r.name === name);
  if (!row) return HANDLER_STATUS.UNKNOWN;
  const given = param ?? row.value;
  if (given === undefined) return HANDLER_STATUS.INVALID;
  let raw: RawValue | undefined;
  if (row.convert?.fromNut) raw = row.convert.fromNut(String(given));
  else if (typeof given === "number") raw = given;
  else raw = given.trim() === "" ? undefined : Number(given);
  if (raw === undefined || (typeof raw === "number" && !Number.isFinite(raw))) {
    return HANDLER_STATUS.CONVERSION_FAILED;
  }
  await write(row.source, raw);
  return HANDLER_STATUS.HANDLED;
}
