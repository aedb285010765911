/**
 * Definition files of dummy-ups (`.dev` device dumps, `.seq` sequences): `<varname>: <value>` lines in
 * upsc format, `TIMER <seconds>` pauses and `ALARM [message]` instructions, read with the project's
 * parseconf tokenizer as NUT reads them (quotes, escapes, `#` comments; value words joined by single
 * spaces). Pure: text in, instructions out.
 * @module
 */
import { splitText } from "../../words/split.ts";

/**
 * NUT's dummy-ups collects a value in a 128-byte buffer: longer values are cut to 127 characters.
 */
export const MAX_DEV_VALUE_LENGTH = 127;

/** One instruction of a definition file. */
export type DevInstruction =
  /** `name: value...`; `empty` is set for a line with a name and no value at all. */
  | { kind: "set"; name: string; value: string; empty: boolean; line: number }
  /** `ups.status: <words>`. */
  | { kind: "status"; words: string[]; line: number }
  /** `TIMER <seconds>`: pause the reading. */
  | { kind: "timer"; seconds: number; line: number }
  /** `ALARM <message>` raises an alarm; `ALARM` alone clears them. */
  | { kind: "alarm"; message: string; line: number };

/** A line dummy-ups ignores, and why (for debug output). */
export interface DevSkipped {
  /** Line number. */
  line: number;
  /** Why. */
  reason: string;
}

/** A parsed definition file. */
export interface DevFile {
  /** Instructions in file order. */
  instructions: DevInstruction[];
  /** Lines ignored. */
  skipped: DevSkipped[];
}

/**
 * C's atoi: leading blanks, optional sign, digits; anything else stops it (0 when none). The result is an
 * int: beyond its range (where C's result is undefined) it saturates, never a float such as 1e+26.
 */
function atoi(text: string | undefined): number {
  const m = /^\s*([-+]?\d+)/.exec(text ?? "");
  return m ? Math.max(-2147483648, Math.min(2147483647, parseInt(m[1], 10))) : 0;
}

/**
 * Parses a definition file.
 * @param text the file's content
 * @returns instructions and skipped lines
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * const f = parseDevFile('ups.mfr: "APC"  Inc # x\nups.status: OB LB\nTIMER 5\ndriver.name: usbhid-ups\n');
 * assertEquals(f.instructions.map((i) => i.kind), ["set", "status", "timer"]);
 * assertEquals(f.instructions[0], { kind: "set", name: "ups.mfr", value: "APC Inc", empty: false, line: 1 });
 * ```
 */
export function parseDevFile(text: string): DevFile {
  const instructions: DevInstruction[] = [];
  const skipped: DevSkipped[] = [];
  for (const pl of splitText(text)) {
    if (pl.error) {
      skipped.push({ line: pl.line, reason: `parse error (${pl.error})` });
      continue;
    }
    const words = pl.words;
    const head = words[0];
    if (head.startsWith("TIMER")) {
      instructions.push({ kind: "timer", seconds: atoi(words[1]), line: pl.line });
      continue;
    }
    if (head.startsWith("ALARM")) {
      instructions.push({ kind: "alarm", message: joinValue(words.slice(1)), line: pl.line });
      continue;
    }
    const colon = head.indexOf(":");
    const name = colon >= 0 ? head.slice(0, colon) : head;
    if (name.startsWith("driver.")) {
      skipped.push({ line: pl.line, reason: `${name}: the driver.* collection is the driver's own` });
      continue;
    }
    if (name.startsWith("ups.status")) {
      instructions.push({ kind: "status", words: words.slice(1), line: pl.line });
      continue;
    }
    instructions.push({
      kind: "set",
      name,
      value: joinValue(words.slice(1)),
      empty: words.length === 1,
      line: pl.line,
    });
  }
  return { instructions, skipped };
}

function joinValue(words: readonly string[]): string {
  const v = words.join(" ");
  return v.length > MAX_DEV_VALUE_LENGTH ? v.slice(0, MAX_DEV_VALUE_LENGTH) : v;
}
