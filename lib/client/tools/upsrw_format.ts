/**
 * What upsrw prints for each writable variable (pure), as NUT 2.8.0 does: the `[name]` header, the
 * description, then the type block chosen by the words of `GET TYPE` (STRING, NUMBER, ENUM with its
 * options, RANGE with its ranges), and the error NUT stops with when a value cannot be read.
 * @module
 */
import type { NutRange } from "../client.ts";

/** How upsrw presents a variable, decided from its type words alone. */
export type RwPresentation =
  | { kind: "string"; maxLength: number }
  | { kind: "number" }
  | { kind: "enum"; flavor: "STRING" | "NUMBER" | "NONE"; maxLength: number }
  | { kind: "range" }
  | { kind: "none" };

/** The classification of a type: words upsrw reports as unrecognized, then the presentation. */
export interface RwTypePlan {
  /** Type words NUT prints as `Type: <word> (unrecognized)`, in order. */
  unrecognized: string[];
  /** The block that follows. */
  presentation: RwPresentation;
}

/**
 * Walks the type words as upsrw does: ENUM is remembered; RANGE, STRING:n and NUMBER decide; RW is
 * skipped; any other word is unrecognized.
 * @param words the words after `TYPE <ups> <var>`
 * @returns the plan
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals(planRwType(["RW", "ENUM", "STRING:8"]).presentation, { kind: "enum", flavor: "STRING", maxLength: 8 });
 * ```
 */
export function planRwType(words: readonly string[]): RwTypePlan {
  const unrecognized: string[] = [];
  let isEnum = false;
  for (const w of words) {
    const u = w.toUpperCase();
    if (u === "ENUM") {
      isEnum = true;
      continue;
    }
    if (u === "RANGE") return { unrecognized, presentation: { kind: "range" } };
    if (u.startsWith("STRING:")) {
      const maxLength = strtol(w.slice(7));
      return {
        unrecognized,
        presentation: isEnum ? { kind: "enum", flavor: "STRING", maxLength } : { kind: "string", maxLength },
      };
    }
    if (u === "NUMBER") {
      return {
        unrecognized,
        presentation: isEnum ? { kind: "enum", flavor: "NUMBER", maxLength: 0 } : { kind: "number" },
      };
    }
    if (u === "RW") continue;
    unrecognized.push(w);
  }
  return {
    unrecognized,
    presentation: isEnum ? { kind: "enum", flavor: "NONE", maxLength: 0 } : { kind: "none" },
  };
}

/** Everything upsrw learned about one variable (undefined where the server refused or failed). */
export interface RwVariableInfo {
  /** Variable name. */
  name: string;
  /** GET DESC answer. */
  description?: string;
  /** GET TYPE words after the name. */
  type?: string[];
  /** GET VAR answer. */
  value?: string;
  /** LIST ENUM values, or the error text of the failed list. */
  enumValues?: string[] | { error: string };
  /** LIST RANGE ranges, or the error text of the failed list. */
  ranges?: NutRange[] | { error: string };
}

/** Text for stdout and, when upsrw stops there, the error for stderr (exit code 1). */
export interface RwText {
  /** What goes to stdout. */
  text: string;
  /** The fatal error line (without newline), if NUT stops at this variable. */
  error?: string;
}

/**
 * Formats one variable like upsrw's list mode.
 * @param info what was learned
 * @returns stdout text and a possible fatal error
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * const r = formatRwVariable({ name: "ups.id", description: "UPS system identifier", type: ["RW", "STRING:8"], value: "x" });
 * assertEquals(r.text, "[ups.id]\nUPS system identifier\nType: STRING\nMaximum length: 8\nValue: x\n\n");
 * ```
 */
export function formatRwVariable(info: RwVariableInfo): RwText {
  let text = `[${info.name}]\n${info.description ?? "Description unavailable"}\n`;
  if (info.type === undefined) return { text: text + "Unknown type\n\n" };
  const plan = planRwType(info.type);
  for (const w of plan.unrecognized) text += `Type: ${w} (unrecognized)\n`;
  const p = plan.presentation;
  const noValue = (what: string): RwText => ({
    text,
    error: `${what}: can't get current value of ${info.name}`,
  });
  switch (p.kind) {
    case "none":
      break;
    case "string":
      if (info.value === undefined) return noValue("do_string");
      text += `Type: STRING\nMaximum length: ${p.maxLength}\nValue: ${info.value}\n`;
      break;
    case "number":
      if (info.value === undefined) return noValue("do_number");
      text += `Type: NUMBER\nValue: ${info.value}\n`;
      break;
    case "enum": {
      if (info.value === undefined) return noValue("do_enum");
      const values = info.enumValues ?? [];
      if (!Array.isArray(values)) return { text, error: `Error: ${values.error}` };
      text += p.flavor === "NONE" ? "Type: ENUM\n" : `Type: ENUM ${p.flavor}\n`;
      if (p.flavor === "STRING") text += `Maximum length: ${p.maxLength}\n`;
      for (const v of values) text += `Option: "${v}"${v === info.value ? " SELECTED" : ""}\n`;
      break;
    }
    case "range": {
      if (info.value === undefined) return noValue("do_range");
      const ranges = info.ranges ?? [];
      if (!Array.isArray(ranges)) return { text, error: `Error: ${ranges.error}` };
      const current = atoi(info.value);
      text += "Type: RANGE NUMBER\n";
      for (const r of ranges) {
        const min = atoi(r.min);
        const max = atoi(r.max);
        text += `Option: "${min}-${max}"${current >= min && current <= max ? " SELECTED" : ""}\n`;
      }
      break;
    }
  }
  return { text: text + "\n" };
}

/** C's strtol(s, NULL, 10): leading blanks, sign, digits; 0 when none. */
function strtol(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return 0;
  const n = Number(m[2]);
  return m[1] === "-" ? -n : n;
}

/** C's atoi(): strtol cut to a 32-bit int. */
function atoi(s: string): number {
  return strtol(s) | 0;
}
