/**
 * V8 settings of the driver processes upsdrvctl starts from this binary. A driver allocates little and
 * needs no throughput, so its young generation is kept small: `--max-semi-space-size=1` (MB) lets the
 * shared process of 50 dummy-ups instances use about 11 MB less memory (bench/README.md). The settings
 * reach the new process through `DENO_V8_FLAGS`, before any the user set there (V8 takes the last value of
 * a flag, so the user's win).
 * @module
 */

/** The V8 flags of a driver process started by upsdrvctl. */
export const DRIVER_V8_FLAGS = "--max-semi-space-size=1";

/**
 * The environment that gives a driver process its V8 flags.
 * @param current DENO_V8_FLAGS of the caller's environment, if any
 * @returns `DENO_V8_FLAGS` for the driver process
 */
export function driverV8Env(current: string | undefined): { DENO_V8_FLAGS: string } {
  const user = current?.trim();
  return { DENO_V8_FLAGS: user ? `${DRIVER_V8_FLAGS} ${user}` : DRIVER_V8_FLAGS };
}
