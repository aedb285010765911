/**
 * The variables dummy-ups knows, with the type and length it gives each one (the data of NUT 2.8.0's
 * dummy-ups; checked against its DUMPALL output by tests/ddl_conformance_test.ts). Any other variable
 * gets `RW STRING` with length 32. Numbers are `RW` only: NUT's dummy-ups sets no NUMBER flag and no
 * length for them.
 * @module
 */
import type { VarFlag } from "../../state/types.ts";

/** How dummy-ups types one variable. */
export interface KnownVar {
  /** Flags it sets. */
  flags: readonly VarFlag[];
  /** Maximum length, for STRING variables. */
  length?: number;
  /** Value set before the definition file is read (the three essential variables). */
  initial?: string;
}

const S = (length: number, initial?: string): KnownVar => ({ flags: ["RW", "STRING"], length, initial });
const N: KnownVar = { flags: ["RW"] };

/** Flags and length of a variable dummy-ups does not know. */
export const UNKNOWN_VAR: KnownVar = S(32);

/** Known variables, by lower-case name (NUT looks them up ignoring case). */
export const KNOWN_VARS: ReadonlyMap<string, KnownVar> = new Map<string, KnownVar>([
  // Essential variables, set before the file is read.
  ["ups.mfr", S(32, "Dummy Manufacturer")],
  ["ups.model", S(32, "Dummy UPS")],
  ["ups.status", S(32, "OL")],
  // Other known variables.
  ["ups.serial", S(32)],
  ["ups.load", N],
  ["ups.alarm", S(32)],
  ["ups.time", S(16)],
  ["ups.date", S(16)],
  ["ups.mfr.date", S(16)],
  ["ups.firmware", S(16)],
  ["ups.firmware.aux", S(16)],
  ["ups.temperature", N],
  ["ups.id", S(16)],
  ["ups.delay.start", N],
  ["ups.delay.reboot", N],
  ["ups.delay.shutdown", N],
  ["ups.test.interval", N],
  ["ups.test.result", S(16)],
  ["input.voltage", N],
  ["input.voltage.maximum", N],
  ["input.voltage.minimum", N],
  ["input.voltage.nominal", N],
  ["input.transfer.reason", S(1)],
  ["input.transfer.low", N],
  ["input.transfer.high", N],
  ["input.sensitivity", S(1)],
  ["input.quality", S(6)],
  ["input.frequency", N],
  ["input.transfer.boost.low", N],
  ["input.transfer.boost.high", N],
  ["input.transfer.trim.low", N],
  ["input.transfer.trim.high", N],
  ["output.voltage", N],
  ["output.frequency", N],
  ["output.current", N],
  ["battery.charge", N],
  ["battery.charge.low", N],
  ["battery.voltage", N],
  ["battery.current", N],
  ["battery.runtime", N],
  ["battery.runtime.low", N],
  ["battery.charge.restart", N],
  ["battery.temperature", N],
  ["battery.voltage.nominal", N],
  ["ambient.temperature", N],
  ["ambient.temperature.alarm", N],
  ["ambient.temperature.high", N],
  ["ambient.temperature.low", N],
  ["ambient.humidity", N],
  ["ambient.humidity.alarm", N],
  ["ambient.humidity.high", N],
  ["ambient.humidity.low", N],
]);

/** The essential variables, in the order dummy-ups sets them. */
export const ESSENTIAL_VARS: readonly string[] = ["ups.mfr", "ups.model", "ups.status"];

/**
 * How dummy-ups types a variable.
 * @param name variable name (any case)
 * @returns its entry, or {@linkcode UNKNOWN_VAR}
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals(knownVar("ups.firmware").length, 16);
 * assertEquals(knownVar("battery.charge").flags, ["RW"]);
 * assertEquals(knownVar("outlet.1.desc"), UNKNOWN_VAR);
 * ```
 */
export function knownVar(name: string): KnownVar {
  return KNOWN_VARS.get(name.toLowerCase()) ?? UNKNOWN_VAR;
}
