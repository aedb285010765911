/**
 * HID paths as NUT writes them: nodes joined with `.`, each node the first name the usage tables give it,
 * else `[n]` for a collection index node (0x00ffnnnn), else 8 lowercase hex digits (`UPS.ff860005.ff86007c`).
 * Reading accepts the same three forms, names in any case.
 * @module
 */
import { INDEX_NODE_BASE } from "./types.ts";
import type { UsageNames } from "./usages/table.ts";

/** Deepest path read: NUT's PATH_SIZE is 10; a path of more nodes matches no field here. */
export const MAX_PATH_NODES = 64;

const HEX = /^[0-9a-f]+$/i;
const INDEX = /^\[(\d+)\]$/;

/**
 * Writes a numeric path.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { usageNamesFor } from "./usages/subdrivers.ts";
 * assertEquals(formatPath([0x00840004, 0xff860005, 0xff86007c], usageNamesFor("explore")), "UPS.ff860005.ff86007c");
 * assertEquals(formatPath([0x00840004, 0xff860005, 0xff86007c], usageNamesFor("apc")), "UPS.APCGeneralCollection.APCDelayBeforeReboot");
 * assertEquals(formatPath([0x00840004, 0x0084001e, 0x00ff0004, 0x00840040], usageNamesFor("mge")), "UPS.Flow.[4].ConfigVoltage");
 * ```
 * @param nodes usage codes
 * @param names the usage names
 * @returns e.g. `UPS.PowerSummary.RemainingCapacity`
 */
export function formatPath(nodes: readonly number[], names: UsageNames): string {
  return nodes.map((node) => formatNode(node, names)).join(".");
}

/**
 * Writes one node of a path.
 * @param node a usage code
 * @param names the usage names
 * @returns its name, `[n]`, or 8 hex digits
 */
export function formatNode(node: number, names: UsageNames): string {
  const name = names.name(node);
  if (name !== undefined) return name;
  if (Math.floor(node / 0x10000) === INDEX_NODE_BASE / 0x10000) return `[${node % 0x10000}]`;
  return (node >>> 0).toString(16).padStart(8, "0");
}

/**
 * Reads a path: each token is a name (any case), 1 to 8 hex digits, or `[n]`.
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { usageNamesFor } from "./usages/subdrivers.ts";
 * const names = usageNamesFor("mge");
 * assertEquals(parsePath("UPS.PowerSummary.ffff00e9", names), [0x00840004, 0x00840024, 0xffff00e9]);
 * assertEquals(parsePath("ups.flow.[4].configvoltage", names), [0x00840004, 0x0084001e, 0x00ff0004, 0x00840040]);
 * assertEquals(parsePath("UPS.NoSuchThing", names), undefined);
 * ```
 * @param text the path
 * @param names the usage names
 * @returns the nodes, or undefined when a token is none of the three forms (NUT drops such a token and
 *   looks up what is left; here the path matches nothing)
 */
export function parsePath(text: string, names: UsageNames): number[] | undefined {
  const tokens = text.split(".");
  if (tokens.length > MAX_PATH_NODES) return undefined;
  const nodes: number[] = [];
  for (const token of tokens) {
    const code = names.code(token);
    if (code !== undefined) {
      nodes.push(code);
      continue;
    }
    if (HEX.test(token) && token.length <= 8) {
      nodes.push(parseInt(token, 16));
      continue;
    }
    const index = INDEX.exec(token);
    if (index !== null && index[1].length <= 5 && Number(index[1]) <= 0xffff) {
      nodes.push(INDEX_NODE_BASE + Number(index[1]));
      continue;
    }
    return undefined;
  }
  return nodes;
}
