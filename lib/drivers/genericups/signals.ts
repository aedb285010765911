/**
 * The ups.conf overrides of a genericups cable (`CP`, `SD`: output lines; `OL`, `LB`, `RB`, `BYPASS`:
 * input conditions), read as NUT's genericups reads them: a line is named anywhere in the value (`DTR`,
 * `-CTS`, `DTR+RTS` and `DTR RTS` all work), `-X` is the other state (an output left dropped, an input
 * that counts when clear), `NULL` or `none` disables. What NUT lets through unnoticed is said here: the
 * words of a value that name no line give a warning naming the option, so a typo is not silent.
 * @module
 */
import type { InputLine, InputSignal, OutputLine, ShutdownSignal } from "./cables.ts";

/** What an output override sets: the lines asserted, and whether it names the break (`ST`). */
export interface OutputOverride {
  /** Lines to assert (the others dropped). */
  readonly lines: readonly OutputLine[];
  /** `ST` was named: a break on the transmit line (as a shutdown, only alone). */
  readonly sendBreak: boolean;
  /** Remarks for the log (words that name no line). */
  readonly warnings: readonly string[];
}

/** What an input override gives: the condition, and remarks. */
export interface InputOverride {
  /** The condition (no lines: not wired). */
  readonly signal: InputSignal;
  /** Remarks for the log. */
  readonly warnings: readonly string[];
}

const OUTPUTS: readonly OutputLine[] = ["DTR", "RTS"];
const INPUTS: readonly InputLine[] = ["CTS", "DCD", "RNG", "DSR"];

/** The longest override value read (a line list is a few words). */
const MAX_VALUE = 200;

/** Words of a value that name nothing known (with the separators and `-` taken off). */
function unknownWords(value: string, known: readonly string[]): string[] {
  let rest = value;
  for (const k of [...known, "NULL", "none"]) rest = rest.split(k).join(" ");
  return rest.split(/[\s,+|;:&/-]+/).filter(Boolean);
}

function typoWarning(option: string, value: string, words: string[], names: string): string[] {
  return words.length
    ? [
      `${option}=${value}: ${words.map((w) => `"${w}"`).join(", ")} ${
        words.length > 1 ? "name" : "names"
      } no line (${names}, NULL): ignored`,
    ]
    : [];
}

function checkLength(option: string, value: string): void {
  if (value.length > MAX_VALUE) {
    throw new Error(`Invalid value for ${option}: longer than ${MAX_VALUE} characters`);
  }
}

/**
 * Reads an output override (`CP`, `SD`).
 * @param option the option's name, for messages
 * @param value its value
 * @returns the lines
 * @throws {Error} NUT's words when an input line is named ("Can't override output with CTS (not an output)")
 */
export function parseOutputOverride(option: string, value: string): OutputOverride {
  checkLength(option, value);
  const lines = OUTPUTS.filter((l) => value.includes(l) && !value.includes(`-${l}`));
  let sendBreak = value.includes("ST");
  for (const l of INPUTS) {
    if (value.includes(l)) {
      throw new Error(`Can't override output with ${l} (not an output): ${option} = "${value}"`);
    }
  }
  const disabled = value.includes("NULL") || value.includes("none");
  if (disabled) sendBreak = false;
  return {
    lines: disabled ? [] : lines,
    sendBreak,
    warnings: typoWarning(option, value, unknownWords(value, [...OUTPUTS, "ST"]), "DTR, RTS, ST"),
  };
}

/**
 * Reads an input override (`OL`, `LB`, `RB`, `BYPASS`).
 * @param option the option's name, for messages
 * @param value its value
 * @returns the condition
 * @throws {Error} NUT's words when an output is named ("Can't override input with DTR (not an input)")
 */
export function parseInputOverride(option: string, value: string): InputOverride {
  checkLength(option, value);
  const signal: Partial<Record<InputLine, boolean>> = {};
  for (const l of INPUTS) {
    if (value.includes(l)) signal[l] = !value.includes(`-${l}`);
  }
  for (const l of [...OUTPUTS, "ST"]) {
    if (value.includes(l)) {
      throw new Error(`Can't override input with ${l} (not an input): ${option} = "${value}"`);
    }
  }
  const disabled = value.includes("NULL") || value.includes("none");
  return {
    signal: disabled ? {} : signal,
    warnings: typoWarning(option, value, unknownWords(value, INPUTS), "CTS, DCD, RNG, DSR"),
  };
}

/**
 * The shutdown an `SD` override asks for: a break when it names `ST` alone (as NUT, which sends the break
 * only then), else the lines.
 * @param o the override
 * @returns the shutdown signal
 */
export function shutdownOf(o: OutputOverride): ShutdownSignal {
  return o.sendBreak && o.lines.length === 0 ? { kind: "break" } : { kind: "lines", lines: o.lines };
}

/**
 * Whether two input conditions are the same (for NUT's "no effective difference" notice).
 * @param a one
 * @param b the other
 * @returns true when equal
 */
export function sameSignal(a: InputSignal, b: InputSignal): boolean {
  return INPUTS.every((l) => a[l] === b[l]);
}
