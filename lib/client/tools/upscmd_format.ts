/**
 * What `upscmd -l` prints (pure), as NUT 2.8.0 does.
 * @module
 */

/** An instant command and its description, when the server gave one. */
export interface CommandInfo {
  /** Command name. */
  name: string;
  /** Description (undefined when GET CMDDESC failed). */
  description?: string;
}

/**
 * `upscmd -l <ups>`: a header, a blank line, then `name - description` (or just `name`) per command.
 * @param ups device name as given on the command line (without the host)
 * @param commands the commands
 * @returns the text
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals(formatCommandList("ups1", [{ name: "load.off", description: "Turn off the load immediately" }]),
 *   "Instant commands supported on UPS [ups1]:\n\nload.off - Turn off the load immediately\n");
 * ```
 */
export function formatCommandList(ups: string, commands: readonly CommandInfo[]): string {
  const lines = commands.map((c) => c.description === undefined ? c.name : `${c.name} - ${c.description}`);
  return `Instant commands supported on UPS [${ups}]:\n\n${lines.map((l) => l + "\n").join("")}`;
}
