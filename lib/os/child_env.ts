/**
 * How this program starts Deno processes (itself again, its drivers, its background copies): offline, and
 * with our V8 settings. A UPS tool makes no network request it was not asked for, and Deno itself would
 * make two kinds:
 *
 * - `deno run` checks for a newer Deno in the background, 500 ms after start, once a day and on every start
 *   while it fails (a DNS query, then HTTPS to dl.deno.land). `DENO_NO_UPDATE_CHECK` (any value) turns it
 *   off; it has no command-line flag, so it goes in the environment, where the children of the child get it
 *   too.
 * - `deno run` fetches a remote or npm module missing from its cache (deno.json's `nodeModulesDir: "auto"`
 *   would install npm packages on first use). `--cached-only` makes that an error instead: the code we run
 *   is the code that was installed.
 *
 * The installed launcher (tools/nut.launcher) and the Makefile set the same for the programs they start; a
 * compiled binary (`make compile`) runs no update check and embeds its modules. Telemetry (OpenTelemetry)
 * stays off unless the user sets `OTEL_DENO=true`, which is asking for it, so it is left to the user.
 * tests/offline_test.ts runs every program with no network but loopback and fails on any other connect().
 * @module
 */
import { v8Env } from "./v8_flags.ts";

/** The environment that keeps a Deno process from reaching the network on its own. */
export const OFFLINE_ENV: Readonly<Record<string, string>> = Object.freeze({ DENO_NO_UPDATE_CHECK: "1" });

/** The flags of `deno run` for our programs: all permissions, no prompt, no banner, no module fetching. */
export const DENO_RUN_FLAGS: readonly string[] = Object.freeze([
  "-A",
  "--quiet",
  "--no-prompt",
  "--cached-only",
]);

/**
 * The environment of a Deno process this program starts: {@linkcode OFFLINE_ENV} and our V8 flags (the
 * user's `DENO_V8_FLAGS` when set, see lib/os/v8_flags.ts). Merged over the caller's own environment.
 * @param get lookup in the caller's environment
 * @returns the variables to set in the child
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(childEnv(() => undefined).DENO_NO_UPDATE_CHECK, "1");
 * ```
 */
export function childEnv(
  get: (name: string) => string | undefined = (n) => Deno.env.get(n),
): Record<string, string> {
  return { ...OFFLINE_ENV, ...v8Env(get("DENO_V8_FLAGS")) };
}
