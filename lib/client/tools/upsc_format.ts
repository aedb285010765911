/**
 * What upsc prints (pure): the text forms of NUT 2.8.0 and the JSON forms of NUT 2.8.5's `-j`, byte for
 * byte, including the JSON shapes of errors.
 * @module
 */
import type { NutDevice, NutVariable } from "../client.ts";
import { jsonString } from "./json.ts";

/**
 * `upsc <ups>`: one `name: value` line per variable.
 * @param vars the variables in server order
 * @returns the text
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals(formatVars([{ name: "ups.status", value: "OL" }]), "ups.status: OL\n");
 * ```
 */
export function formatVars(vars: readonly NutVariable[]): string {
  return vars.map((v) => `${v.name}: ${v.value}\n`).join("");
}

/**
 * `upsc -j <ups>`: a JSON object of variables, two-space indented, one per line.
 * @param vars the variables
 * @returns the text (`{\n\n}\n` when empty, as NUT prints it)
 */
export function formatVarsJson(vars: readonly NutVariable[]): string {
  return `{\n${vars.map((v) => `  ${jsonString(v.name)}: ${jsonString(v.value)}`).join(",\n")}\n}\n`;
}

/**
 * `upsc <ups> <var>`: the value.
 * @param value the value
 * @param json JSON form (a string literal)
 * @returns the text
 */
export function formatValue(value: string, json: boolean): string {
  return json ? `${jsonString(value)}\n` : `${value}\n`;
}

/**
 * `upsc -l` / `upsc -L`: device names, with descriptions for -L.
 * @param devices the devices
 * @param verbose -L
 * @param json JSON form (array of names, or object name → description)
 * @returns the text
 */
export function formatDevices(devices: readonly NutDevice[], verbose: boolean, json: boolean): string {
  if (!json) return devices.map((d) => verbose ? `${d.name}: ${d.description}\n` : `${d.name}\n`).join("");
  if (verbose) {
    return `{\n${
      devices.map((d) => `  ${jsonString(d.name)}: ${jsonString(d.description)}`).join(",\n")
    }\n}\n`;
  }
  return `[\n${devices.map((d) => `  ${jsonString(d.name)}`).join(",\n")}\n]\n`;
}

/**
 * `upsc -c <ups>`: client addresses.
 * @param clients the addresses
 * @param json JSON form (array)
 * @returns the text
 */
export function formatClients(clients: readonly string[], json: boolean): string {
  if (!json) return clients.map((c) => `${c}\n`).join("");
  return `[\n${clients.map((c) => `  ${jsonString(c)}`).join(",\n")}\n]\n`;
}

/**
 * The JSON error object upsc -j prints on stdout beside `Error: <message>` on stderr.
 * @param message the message (without "Error: ")
 * @param inObject the error of `upsc -j <ups>`, whose opening brace NUT has already printed: the error
 *   becomes a member of that object
 * @returns the text
 */
export function formatJsonError(message: string, inObject = false): string {
  return inObject ? `{\n  "error": ${jsonString(message)}\n}\n` : `{"error": ${jsonString(message)}}\n`;
}
