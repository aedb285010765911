/**
 * The device state as a driver instance keeps it: NUT's driver-side state tree, with `override.*`
 * variables immutable and values bounded as NUT bounds them.
 * @module
 */
import { DeviceState, entryChanges } from "../state/device_state.ts";
import { nameKey } from "../state/names.ts";
import type { StateChange } from "../state/types.ts";

/** Longest value kept, in characters (NUT's ST_MAX_VALUE_LEN 256, including the C string's NUL). */
export const MAX_VALUE_LENGTH = 255;

/**
 * A {@linkcode DeviceState} with NUT's driver-side rules:
 * - a variable set by `override.<name>` in ups.conf is immutable: later SETINFO, DELINFO and SETFLAGS
 *   are ignored (SETAUX still applies, as in NUT), and its dump carries an empty `SETFLAGS <name>` line
 *   (NUT's ST_FLAG_IMMUTABLE is a flag bit it does not print);
 * - values are cut to 255 characters.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const s = new DriverState();
 * s.override("ups.model", "Mine");
 * s.setInfo("ups.model", "Theirs");
 * assertEquals(s.getValue("ups.model"), "Mine");
 * ```
 */
export class DriverState extends DeviceState {
  #immutable = new Set<string>();

  /**
   * Sets a variable and makes it immutable (`override.<name>`). A second override of the same variable
   * is ignored, as in NUT.
   * @param name variable name
   * @param value the value
   */
  override(name: string, value: string): void {
    this.setInfo(name, value);
    const key = nameKey(name);
    if (this.#immutable.has(key)) return;
    const entry = this.get(name);
    if (entry && entry.flags.length) super.setFlags(name, []);
    this.#immutable.add(key);
  }

  /**
   * Whether a variable is fixed by an override.
   * @param name variable name
   * @returns true when immutable
   */
  isImmutable(name: string): boolean {
    return this.#immutable.has(nameKey(name));
  }

  /** @inheritdoc */
  override setInfo(name: string, value: string): boolean {
    if (this.#immutable.has(nameKey(name))) return false;
    return super.setInfo(name, value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value);
  }

  /** @inheritdoc */
  override delInfo(name: string): boolean {
    if (this.#immutable.has(nameKey(name))) return false;
    return super.delInfo(name);
  }

  /** @inheritdoc */
  override setFlags(name: string, flags: readonly string[]): boolean {
    if (this.#immutable.has(nameKey(name))) return false;
    return super.setFlags(name, flags);
  }

  /** Forgets everything, immutability included. */
  override reset(): void {
    super.reset();
    this.#immutable.clear();
  }

  /**
   * The changes that describe the whole state, in NUT's DUMPALL order, with the empty SETFLAGS line NUT
   * sends for immutable variables.
   * @returns the changes (DUMPDONE not included)
   */
  override dump(): StateChange[] {
    const out: StateChange[] = [];
    if (this.stale) out.push({ kind: "DATASTALE" });
    for (const v of this.vars()) out.push(...this.describe(v.name));
    for (const name of this.commands()) out.push({ kind: "ADDCMD", name });
    if (!this.stale) out.push({ kind: "DATAOK" });
    return out;
  }

  /**
   * The changes that describe one variable (DUMPVALUE): SETINFO, ADDENUM*, ADDRANGE*, SETAUX, SETFLAGS.
   * @param name variable name
   * @returns the changes, empty when the variable does not exist
   */
  describe(name: string): StateChange[] {
    const v = this.get(name);
    if (!v) return [];
    const out = entryChanges(v);
    if (!v.flags.length && this.#immutable.has(nameKey(v.name))) {
      out.push({ kind: "SETFLAGS", name: v.name, flags: [] });
    }
    return out;
  }
}
