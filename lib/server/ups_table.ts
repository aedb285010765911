/**
 * The UPSes a server serves, in ups.conf order, found by name without regard to case (as NUT does).
 * A reload syncs the table with new definitions: existing UPSes keep their state, sessions, FSD latch
 * and logins; new ones appear; removed ones go.
 * @module
 */
import { Ups, type UpsDefinition } from "./ups.ts";

/** What a sync changed. */
export interface UpsTableChanges {
  /** UPSes that are new. */
  added: Ups[];
  /** UPSes no longer defined (already out of the table). */
  removed: Ups[];
  /** UPSes whose driver socket changed (their driver connection must be redone). */
  moved: Ups[];
}

/**
 * The table of UPSes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const t = new UpsTable();
 * t.sync([{ name: "ups1", driver: "dummy-ups", socketPath: "/run/nut/dummy-ups-ups1" }]);
 * assertEquals(t.find("UPS1")?.name, "ups1");
 * ```
 */
export class UpsTable {
  #list: Ups[] = [];
  #byKey = new Map<string, Ups>();

  /**
   * Finds a UPS by name, ignoring case.
   * @param name the name a client sent
   * @returns the UPS or undefined
   */
  find(name: string): Ups | undefined {
    return this.#byKey.get(name.toLowerCase());
  }

  /** The UPSes in ups.conf order. */
  list(): readonly Ups[] {
    return this.#list;
  }

  /** Number of UPSes. */
  get size(): number {
    return this.#list.length;
  }

  /**
   * Makes the table match a list of definitions (duplicate names: the first wins).
   * @param defs the definitions, in ups.conf order
   * @returns what changed
   */
  sync(defs: readonly UpsDefinition[]): UpsTableChanges {
    const changes: UpsTableChanges = { added: [], removed: [], moved: [] };
    const next: Ups[] = [];
    const nextByKey = new Map<string, Ups>();
    for (const def of defs) {
      const key = def.name.toLowerCase();
      if (nextByKey.has(key)) continue;
      let ups = this.#byKey.get(key);
      if (ups) {
        ups.desc = def.desc;
        if (ups.socketPath !== def.socketPath || ups.driver !== def.driver) {
          ups.socketPath = def.socketPath;
          ups.driver = def.driver;
          changes.moved.push(ups);
        }
      } else {
        ups = new Ups(def);
        changes.added.push(ups);
      }
      next.push(ups);
      nextByKey.set(key, ups);
    }
    for (const ups of this.#list) {
      if (nextByKey.get(ups.name.toLowerCase()) !== ups) changes.removed.push(ups);
    }
    this.#list = next;
    this.#byKey = nextByKey;
    return changes;
  }
}
