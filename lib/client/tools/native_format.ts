/**
 * Output of the native `nut client` commands (pure): readable text, and the stable JSON shapes documented
 * in `nut client --help`.
 * @module
 */
import type { NutDevice, NutVariable } from "../client.ts";
import type { CommandInfo } from "./upscmd_format.ts";
import { planRwType, type RwVariableInfo } from "./upsrw_format.ts";

/** The JSON form of a writable variable (`nut client vars --json`). */
export interface RwVariableJson {
  /** Variable name. */
  name: string;
  /** Current value (null when it could not be read). */
  value: string | null;
  /** Description (null when the server has none). */
  description: string | null;
  /** Type: kind, the raw words, and the maximum length of strings. */
  type: { kind: "string" | "number" | "enum" | "range" | "unknown"; words: string[]; maxLength?: number };
  /** Allowed values of an ENUM. */
  enum?: string[];
  /** Allowed ranges of a RANGE. */
  ranges?: { min: string; max: string }[];
  /** Why a part could not be read. */
  error?: string;
}

/**
 * Converts what upsrw-style queries learned into the JSON shape.
 * @param info the variable
 * @returns the JSON object
 */
export function rwVariableJson(info: RwVariableInfo): RwVariableJson {
  const out: RwVariableJson = {
    name: info.name,
    value: info.value ?? null,
    description: info.description ?? null,
    type: { kind: "unknown", words: info.type ?? [] },
  };
  if (info.type) {
    const p = planRwType(info.type).presentation;
    if (p.kind === "string") out.type = { kind: "string", words: info.type, maxLength: p.maxLength };
    else if (p.kind === "enum") {
      out.type = p.flavor === "STRING"
        ? { kind: "enum", words: info.type, maxLength: p.maxLength }
        : { kind: "enum", words: info.type };
    } else if (p.kind === "range") out.type = { kind: "range", words: info.type };
    else out.type = { kind: "number", words: info.type };
  }
  if (info.enumValues) {
    if (Array.isArray(info.enumValues)) out.enum = info.enumValues;
    else out.error = info.enumValues.error;
  }
  if (info.ranges) {
    if (Array.isArray(info.ranges)) out.ranges = info.ranges;
    else out.error = info.ranges.error;
  }
  return out;
}

/**
 * Text of `nut client vars`: one block per variable.
 * @param info the variable
 * @returns the block
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals(formatRwVariableText({ name: "ups.id", description: "UPS system identifier", type: ["RW", "STRING:8"], value: "x" }),
 *   "ups.id: x\n  UPS system identifier\n  type: string, at most 8 characters\n");
 * ```
 */
export function formatRwVariableText(info: RwVariableInfo): string {
  const j = rwVariableJson(info);
  let text = `${j.name}: ${j.value ?? "(unreadable)"}\n`;
  if (j.description !== null) text += `  ${j.description}\n`;
  switch (j.type.kind) {
    case "string":
      text += `  type: string, at most ${j.type.maxLength} characters\n`;
      break;
    case "number":
      text += "  type: number\n";
      break;
    case "unknown":
      text += "  type: unknown\n";
      break;
    case "enum":
      text += `  type: one of ${
        (j.enum ?? []).map((v) => JSON.stringify(v) + (v === j.value ? " (current)" : "")).join(", ")
      }\n`;
      break;
    case "range":
      text += `  type: number in ${(j.ranges ?? []).map((r) => `${r.min}..${r.max}`).join(" or ")}\n`;
      break;
  }
  if (j.error) text += `  error: ${j.error}\n`;
  return text;
}

/**
 * Text of `nut client list`: names and descriptions in two columns.
 * @param devices the devices
 * @returns the text
 */
export function formatDeviceTable(devices: readonly NutDevice[]): string {
  const width = Math.max(0, ...devices.map((d) => d.name.length));
  return devices.map((d) => `${d.name.padEnd(width)}  ${d.description}\n`).join("");
}

/**
 * Text of `nut client commands`: names and descriptions in two columns.
 * @param commands the commands
 * @returns the text
 */
export function formatCommandTable(commands: readonly CommandInfo[]): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  return commands.map((c) => `${c.name.padEnd(width)}  ${c.description ?? ""}`.trimEnd() + "\n").join("");
}

/**
 * JSON text: two-space indented, with a final newline.
 * @param value any JSON value
 * @returns the text
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/**
 * The JSON object of `nut client get <ups>`: variables by name, in server order.
 * @param ups the device
 * @param vars the variables
 * @returns the object
 */
export function variablesJson(
  ups: string,
  vars: readonly NutVariable[],
): { ups: string; variables: Record<string, string> } {
  const variables: Record<string, string> = {};
  for (const v of vars) variables[v.name] = v.value;
  return { ups, variables };
}
