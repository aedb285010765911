/**
 * The device state model shared by drivers (which own one) and the server (which mirrors one per UPS).
 * @module
 */
import { SortedNameMap } from "./sorted_map.ts";
import { type StateChange, type StateListener, VAR_FLAGS, type VarEntry, type VarFlag } from "./types.ts";

/**
 * Variables, flags, enums, ranges, instant commands and the data-ok/stale flag of one device.
 * Every mutation that changes something is announced once to the listeners, as a {@linkcode StateChange};
 * a mutation that changes nothing is silent (NUT's "drivers dampen the flow of updates").
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const state = new DeviceState();
 * const seen: string[] = [];
 * state.subscribe((c) => seen.push(c.kind));
 * state.setInfo("ups.status", "OL");
 * state.setInfo("ups.status", "OL");
 * assertEquals(seen, ["SETINFO"]);
 * ```
 */
export class DeviceState {
  #vars = new SortedNameMap<VarEntry>();
  #cmds = new SortedNameMap<string>();
  #stale = true;
  #listeners = new Set<StateListener>();

  /**
   * Registers a listener of changes.
   * @param listener called synchronously after each effective change
   * @returns a function that unregisters it
   */
  subscribe(listener: StateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: StateChange): void {
    for (const l of this.#listeners) l(change);
  }

  /** True when the data must not be trusted (no DATAOK yet, or DATASTALE). */
  get stale(): boolean {
    return this.#stale;
  }

  /** Number of variables. */
  get size(): number {
    return this.#vars.size;
  }

  /**
   * Marks the data usable (DATAOK). Idempotent: only a transition is announced.
   * @returns true when it changed
   */
  dataOk(): boolean {
    if (!this.#stale) return false;
    this.#stale = false;
    this.#emit({ kind: "DATAOK" });
    return true;
  }

  /**
   * Marks the data unusable (DATASTALE). Idempotent: only a transition is announced.
   * @returns true when it changed
   */
  dataStale(): boolean {
    if (this.#stale) return false;
    this.#stale = true;
    this.#emit({ kind: "DATASTALE" });
    return true;
  }

  /**
   * Looks a variable up (case-insensitively).
   * @param name variable name
   * @returns the entry, or undefined
   */
  get(name: string): Readonly<VarEntry> | undefined {
    return this.#vars.get(name);
  }

  /**
   * The value of a variable.
   * @param name variable name
   * @returns the value, or undefined when not set
   */
  getValue(name: string): string | undefined {
    return this.#vars.get(name)?.value;
  }

  /** Variables in NUT's order (case-insensitive sort). */
  vars(): IterableIterator<Readonly<VarEntry>> {
    return this.#vars.values();
  }

  /** Instant command names in NUT's order. */
  commands(): readonly string[] {
    return this.#cmds.keys();
  }

  /**
   * Whether an instant command is supported.
   * @param name command name
   * @returns true when present
   */
  hasCommand(name: string): boolean {
    return this.#cmds.has(name);
  }

  /**
   * Sets a variable, creating it when new.
   * @param name variable name
   * @param value new value
   * @returns true when the value changed
   */
  setInfo(name: string, value: string): boolean {
    const entry = this.#vars.get(name);
    if (entry) {
      if (entry.value === value) return false;
      entry.value = value;
    } else {
      this.#vars.set(name, { name, value, flags: [], aux: 0, enums: [], ranges: [] });
    }
    this.#emit({ kind: "SETINFO", name: entry?.name ?? name, value });
    return true;
  }

  /**
   * Removes a variable with its flags, enums and ranges.
   * @param name variable name
   * @returns true when it existed
   */
  delInfo(name: string): boolean {
    const entry = this.#vars.get(name);
    if (!entry) return false;
    this.#vars.delete(name);
    this.#emit({ kind: "DELINFO", name: entry.name });
    return true;
  }

  /**
   * Replaces the flags of an existing variable; unknown flags are ignored as NUT does.
   * @param name variable name
   * @param flags new flags
   * @returns true when the flags changed
   */
  setFlags(name: string, flags: readonly string[]): boolean {
    const entry = this.#vars.get(name);
    if (!entry) return false;
    const next = VAR_FLAGS.filter((f) => flags.some((g) => g.toUpperCase() === f));
    if (next.length === entry.flags.length && next.every((f, i) => entry.flags[i] === f)) return false;
    entry.flags = next;
    this.#emit({ kind: "SETFLAGS", name: entry.name, flags: [...next] });
    return true;
  }

  /**
   * Adds flags to an existing variable, keeping the ones it has.
   * @param name variable name
   * @param flags flags to add
   * @returns true when the flags changed
   */
  addFlags(name: string, ...flags: VarFlag[]): boolean {
    const entry = this.#vars.get(name);
    if (!entry) return false;
    return this.setFlags(name, [...entry.flags, ...flags]);
  }

  /**
   * Sets the auxiliary number (maximum length of a RW STRING) of an existing variable.
   * @param name variable name
   * @param aux the number
   * @returns true when it changed
   */
  setAux(name: string, aux: number): boolean {
    const entry = this.#vars.get(name);
    if (!entry || entry.aux === aux) return false;
    entry.aux = aux;
    this.#emit({ kind: "SETAUX", name: entry.name, aux });
    return true;
  }

  /**
   * Adds an accepted value to an existing variable; duplicates are ignored.
   * @param name variable name
   * @param value the value
   * @returns true when added
   */
  addEnum(name: string, value: string): boolean {
    const entry = this.#vars.get(name);
    if (!entry || entry.enums.includes(value)) return false;
    entry.enums.push(value);
    this.#emit({ kind: "ADDENUM", name: entry.name, value });
    return true;
  }

  /**
   * Removes an accepted value.
   * @param name variable name
   * @param value the value
   * @returns true when removed
   */
  delEnum(name: string, value: string): boolean {
    const entry = this.#vars.get(name);
    const i = entry ? entry.enums.indexOf(value) : -1;
    if (!entry || i < 0) return false;
    entry.enums.splice(i, 1);
    this.#emit({ kind: "DELENUM", name: entry.name, value });
    return true;
  }

  /**
   * Adds an accepted range to an existing variable; duplicates are ignored.
   * @param name variable name
   * @param min lowest value
   * @param max highest value
   * @returns true when added
   */
  addRange(name: string, min: number, max: number): boolean {
    const entry = this.#vars.get(name);
    if (!entry || entry.ranges.some((r) => r.min === min && r.max === max)) return false;
    entry.ranges.push({ min, max });
    this.#emit({ kind: "ADDRANGE", name: entry.name, min, max });
    return true;
  }

  /**
   * Removes an accepted range.
   * @param name variable name
   * @param min lowest value
   * @param max highest value
   * @returns true when removed
   */
  delRange(name: string, min: number, max: number): boolean {
    const entry = this.#vars.get(name);
    const i = entry ? entry.ranges.findIndex((r) => r.min === min && r.max === max) : -1;
    if (!entry || i < 0) return false;
    entry.ranges.splice(i, 1);
    this.#emit({ kind: "DELRANGE", name: entry.name, min, max });
    return true;
  }

  /**
   * Declares an instant command.
   * @param name command name
   * @returns true when new
   */
  addCmd(name: string): boolean {
    if (this.#cmds.has(name)) return false;
    this.#cmds.set(name, name);
    this.#emit({ kind: "ADDCMD", name });
    return true;
  }

  /**
   * Withdraws an instant command.
   * @param name command name
   * @returns true when it existed
   */
  delCmd(name: string): boolean {
    const stored = this.#cmds.get(name);
    if (stored === undefined) return false;
    this.#cmds.delete(name);
    this.#emit({ kind: "DELCMD", name: stored });
    return true;
  }

  /**
   * Applies a change received from elsewhere (a driver socket, a relay).
   * @param change the change
   * @returns true when it changed something
   */
  apply(change: StateChange): boolean {
    switch (change.kind) {
      case "SETINFO":
        return this.setInfo(change.name, change.value);
      case "DELINFO":
        return this.delInfo(change.name);
      case "SETFLAGS":
        return this.setFlags(change.name, change.flags);
      case "SETAUX":
        return this.setAux(change.name, change.aux);
      case "ADDENUM":
        return this.addEnum(change.name, change.value);
      case "DELENUM":
        return this.delEnum(change.name, change.value);
      case "ADDRANGE":
        return this.addRange(change.name, change.min, change.max);
      case "DELRANGE":
        return this.delRange(change.name, change.min, change.max);
      case "ADDCMD":
        return this.addCmd(change.name);
      case "DELCMD":
        return this.delCmd(change.name);
      case "DATAOK":
        return this.dataOk();
      case "DATASTALE":
        return this.dataStale();
    }
  }

  /**
   * Forgets everything (variables and commands) and marks the data stale, without announcing each
   * removal: used by a server before a new DUMPALL.
   */
  reset(): void {
    this.#vars.clear();
    this.#cmds.clear();
    this.#stale = true;
  }

  /**
   * The whole state as the sequence of changes that rebuilds it, in NUT's DUMPALL order: DATASTALE first
   * when stale, each variable's SETINFO, ADDENUM, ADDRANGE, SETAUX, SETFLAGS, then ADDCMD, then DATAOK when
   * not stale. (DUMPDONE is the socket protocol's business.)
   * @returns the changes
   */
  dump(): StateChange[] {
    const out: StateChange[] = [];
    if (this.#stale) out.push({ kind: "DATASTALE" });
    for (const v of this.#vars.values()) out.push(...entryChanges(v));
    for (const name of this.#cmds.keys()) out.push({ kind: "ADDCMD", name });
    if (!this.#stale) out.push({ kind: "DATAOK" });
    return out;
  }

  /**
   * Plain-object copy of the variables, in order (for JSON output and tests).
   * @returns name → value
   */
  toRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const v of this.#vars.values()) out[v.name] = v.value;
    return out;
  }
}

/**
 * The changes that describe one variable completely, in NUT's dump order.
 * @param v the variable
 * @returns SETINFO, then ADDENUM*, ADDRANGE*, SETAUX (when non-zero), SETFLAGS (when any)
 */
export function entryChanges(v: Readonly<VarEntry>): StateChange[] {
  const out: StateChange[] = [{ kind: "SETINFO", name: v.name, value: v.value }];
  for (const e of v.enums) out.push({ kind: "ADDENUM", name: v.name, value: e });
  for (const r of v.ranges) out.push({ kind: "ADDRANGE", name: v.name, min: r.min, max: r.max });
  if (v.aux) out.push({ kind: "SETAUX", name: v.name, aux: v.aux });
  if (v.flags.length) out.push({ kind: "SETFLAGS", name: v.name, flags: [...v.flags] });
  return out;
}
