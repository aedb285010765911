/**
 * Usage tables as data: a list of `[name, code]` pairs, code = usage page << 16 | usage id, as NUT's
 * `usage_lkp_t` arrays are; and {@linkcode UsageNames}, the lookup over several tables in order that paths
 * are written and read with.
 * @module
 */

/** One row of a usage table: a NUT name and its 32-bit usage code (page << 16 | id). */
export type UsageEntry = readonly [name: string, code: number];

/** A usage table: rows in NUT's order (the first row that matches wins). */
export type UsageTable = readonly UsageEntry[];

/**
 * Freezes a table literal (every row and the list), so tables are constant data.
 * @param rows the rows
 * @returns the same rows, frozen
 */
export function usageTable(rows: (readonly [string, number])[]): UsageTable {
  for (const row of rows) Object.freeze(row);
  return Object.freeze(rows);
}

/**
 * Names of usages for paths, over several tables looked up in order (as NUT's `usage_tables_t`: the
 * subdriver's vendor table first, then the HID Power Device / Battery System table). Name lookups ignore
 * case, as NUT's `strcasecmp` does.
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * const names = new UsageNames([[["UPS", 0x00840004]], [["ups", 0x00849999], ["Battery", 0x00840012]]]);
 * assertEquals(names.name(0x00840004), "UPS");
 * assertEquals(names.code("ups"), 0x00840004);
 * assertEquals(names.code("BATTERY"), 0x00840012);
 * assertEquals(names.name(0x00840099), undefined);
 * ```
 */
export class UsageNames {
  readonly #byCode = new Map<number, string>();
  readonly #byName = new Map<string, number>();

  /**
   * @param tables the tables, first one first
   */
  constructor(readonly tables: readonly UsageTable[]) {
    for (const table of tables) {
      for (const [name, code] of table) {
        if (!this.#byCode.has(code)) this.#byCode.set(code, name);
        const key = name.toLowerCase();
        if (!this.#byName.has(key)) this.#byName.set(key, code);
      }
    }
  }

  /**
   * The name of a usage.
   * @param code usage code (page << 16 | id)
   * @returns the first table's name for it, or undefined
   */
  name(code: number): string | undefined {
    return this.#byCode.get(code);
  }

  /**
   * The usage code of a name.
   * @param name a name, any case
   * @returns its code from the first table that has it, or undefined
   */
  code(name: string): number | undefined {
    return this.#byName.get(name.toLowerCase());
  }
}
