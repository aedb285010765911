/**
 * A map kept in {@linkcode compareNames} order with case-insensitive keys, as NUT's state tree.
 * @module
 */
import { compareNames, nameKey } from "./names.ts";

/**
 * Sorted, case-insensitive map from NUT names to entries. Iteration is in strcasecmp order.
 * Insertions are O(n) (binary search + splice), lookups O(1): names are few and rarely added.
 */
export class SortedNameMap<V> {
  #byKey = new Map<string, V>();
  #order: string[] = [];
  #names = new Map<string, string>();

  /** Number of entries. */
  get size(): number {
    return this.#byKey.size;
  }

  /**
   * Looks a name up, ignoring case.
   * @param name the name
   * @returns the entry or undefined
   */
  get(name: string): V | undefined {
    return this.#byKey.get(nameKey(name));
  }

  /**
   * Whether the name is present, ignoring case.
   * @param name the name
   * @returns true when present
   */
  has(name: string): boolean {
    return this.#byKey.has(nameKey(name));
  }

  /**
   * Inserts or replaces an entry; a new name keeps the spelling it was first given.
   * @param name the name
   * @param value the entry
   */
  set(name: string, value: V): void {
    const key = nameKey(name);
    if (!this.#byKey.has(key)) {
      let lo = 0;
      let hi = this.#order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareNames(this.#order[mid], name) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.#order.splice(lo, 0, name);
      this.#names.set(key, name);
    }
    this.#byKey.set(key, value);
  }

  /**
   * Removes a name.
   * @param name the name
   * @returns true when something was removed
   */
  delete(name: string): boolean {
    const key = nameKey(name);
    if (!this.#byKey.delete(key)) return false;
    const stored = this.#names.get(key)!;
    this.#names.delete(key);
    const i = this.#order.indexOf(stored);
    if (i >= 0) this.#order.splice(i, 1);
    return true;
  }

  /** Removes everything. */
  clear(): void {
    this.#byKey.clear();
    this.#order = [];
    this.#names.clear();
  }

  /** The names in order, as first spelled. */
  keys(): readonly string[] {
    return this.#order;
  }

  /** Entries in order. */
  *values(): IterableIterator<V> {
    for (const name of this.#order) yield this.#byKey.get(nameKey(name))!;
  }

  /** `[name, entry]` pairs in order. */
  *entries(): IterableIterator<[string, V]> {
    for (const name of this.#order) yield [name, this.#byKey.get(nameKey(name))!];
  }
}
