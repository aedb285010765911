/**
 * The texts a driver writes from its whole state: the socket answers to DUMPALL / DUMPVALUE /
 * DUMPSTATUS, and the upsc-like listing of `-d <count>`.
 * @module
 */
import { formatDriverMessage } from "../sock/messages.ts";
import { encodeWord } from "../words/encode.ts";
import type { StateChange } from "../state/types.ts";
import type { DriverState } from "./driver_state.ts";

/**
 * Formats changes as socket lines.
 * @param changes the changes
 * @returns the lines, each ending with a newline
 */
export function formatChanges(changes: readonly StateChange[]): string {
  let out = "";
  for (const c of changes) out += formatDriverMessage(c) + "\n";
  return out;
}

/**
 * The answer to DUMPALL: staleness first when stale, every variable, every command, DATAOK when fresh,
 * then DUMPDONE (NUT's order).
 * @param state the state
 * @returns the lines
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { DriverState } from "./driver_state.ts";
 * const s = new DriverState();
 * s.setInfo("ups.status", "OL");
 * assertEquals(dumpAll(s), 'DATASTALE\nSETINFO ups.status "OL"\nDUMPDONE\n');
 * ```
 */
export function dumpAll(state: DriverState): string {
  return formatChanges(state.dump()) + "DUMPDONE\n";
}

/**
 * The answer to DUMPVALUE <name> (and DUMPSTATUS = DUMPVALUE ups.status): staleness, the variable's
 * lines when it exists, DATAOK when fresh, DUMPDONE.
 * @param state the state
 * @param name the variable
 * @returns the lines
 */
export function dumpValue(state: DriverState, name: string): string {
  const out: StateChange[] = [];
  if (state.stale) out.push({ kind: "DATASTALE" });
  out.push(...state.describe(name));
  if (!state.stale) out.push({ kind: "DATAOK" });
  return formatChanges(out) + "DUMPDONE\n";
}

/**
 * The `-d <count>` listing: `name: value` per variable in state order, values escaped as NUT prints them.
 * @param state the state
 * @returns the text
 */
export function dumpListing(state: DriverState): string {
  let out = "";
  for (const v of state.vars()) out += `${v.name}: ${encodeWord(v.value)}\n`;
  return out;
}
