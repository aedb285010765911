/**
 * What `nut demo` shows: a compact live panel of a UPS's main values, and one-line event messages for
 * status changes in NUT's notification words (ONLINE, ONBATT, LOWBATT, ...). Pure: values in, text out.
 * @module
 */
import { STATUS_TEXT } from "../state/status_text.ts";

/** The variables the panel shows, with their labels and units. */
const ROWS: ReadonlyArray<[label: string, name: string, unit: string]> = [
  ["Status", "ups.status", ""],
  ["Battery charge", "battery.charge", "%"],
  ["Runtime", "battery.runtime", "s"],
  ["Input voltage", "input.voltage", "V"],
  ["Output voltage", "output.voltage", "V"],
  ["Load", "ups.load", "%"],
];

/**
 * Renders the panel.
 * @param ups UPS name
 * @param values variable name → value
 * @param width bar width for the charge gauge
 * @returns the lines
 * @example
 * ```ts
 * import { assertStringIncludes } from "../testing/asserts.ts";
 * const lines = renderPanel("demo", { "ups.status": "OB DISCHRG", "battery.charge": "50" });
 * assertStringIncludes(lines.join("\n"), "on battery, discharging");
 * ```
 */
export function renderPanel(ups: string, values: Readonly<Record<string, string>>, width = 20): string[] {
  const model = [values["device.mfr"] ?? values["ups.mfr"], values["device.model"] ?? values["ups.model"]]
    .filter(Boolean).join(" ");
  const lines = [`UPS ${ups}${model ? ` - ${model}` : ""}`];
  for (const [label, name, unit] of ROWS) {
    const v = values[name];
    if (v === undefined) continue;
    let text = `${v}${unit ? " " + unit : ""}`;
    if (name === "ups.status") {
      const words = v.split(" ").map((w) => STATUS_TEXT[w] ?? w);
      text = `${v} (${words.join(", ")})`;
    }
    if (name === "battery.charge") {
      const pct = Math.max(0, Math.min(100, Number(v) || 0));
      const full = Math.round((pct / 100) * width);
      text = `[${"#".repeat(full)}${".".repeat(width - full)}] ${text}`;
    }
    lines.push(`  ${label.padEnd(16)} ${text}`);
  }
  return lines;
}

/**
 * The notification words of a status change, as upsmon names them.
 * @param before previous ups.status (undefined at first sight)
 * @param after new ups.status
 * @returns e.g. ["ONBATT"], ["LOWBATT"], ["ONLINE"]
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(statusEvents("OL", "OB DISCHRG"), ["ONBATT"]);
 * assertEquals(statusEvents("OB DISCHRG", "OB DISCHRG LB"), ["LOWBATT"]);
 * ```
 */
export function statusEvents(before: string | undefined, after: string): string[] {
  const a = new Set((before ?? "").split(" ").filter(Boolean));
  const b = new Set(after.split(" ").filter(Boolean));
  const events: string[] = [];
  const rose = (w: string) => b.has(w) && !a.has(w);
  if (rose("OL")) events.push("ONLINE");
  if (rose("OB")) events.push("ONBATT");
  if (rose("LB")) events.push("LOWBATT");
  if (rose("FSD")) events.push("FSD");
  if (rose("RB")) events.push("REPLBATT");
  if (rose("OVER")) events.push("OVER");
  if (rose("BYPASS")) events.push("BYPASS");
  return events;
}
