/**
 * The V8 settings of our long-running processes. They allocate little at a time and need no allocation
 * throughput, so the young generation is kept small: `--max-semi-space-size=2` (MB) costs no measurable
 * speed and saves about 8 MB in upsd at 1,000 clients and about 7 MB in the shared process of 50 drivers
 * (bench/README.md). The installed launcher (tools/nut.launcher) sets the same default in `DENO_V8_FLAGS`
 * and `make compile` bakes it in; the processes this program starts itself (the drivers upsdrvctl starts)
 * get it through {@linkcode v8Env}. A `DENO_V8_FLAGS` the user set (not empty: Deno refuses an empty one)
 * is kept as it is.
 * @module
 */

/** The default V8 flags of our processes. */
export const DEFAULT_V8_FLAGS = "--max-semi-space-size=2";

/**
 * The environment that gives a process this program starts its V8 flags.
 * @param current DENO_V8_FLAGS of the caller's environment (undefined when not set)
 * @returns `DENO_V8_FLAGS` for the new process: the user's when set and not empty, else the default
 */
export function v8Env(current: string | undefined): { DENO_V8_FLAGS: string } {
  return { DENO_V8_FLAGS: current || DEFAULT_V8_FLAGS };
}
