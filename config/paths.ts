/**
 * Where NUT's files live, from NUT's environment variables or the defaults of a Debian-style install
 * (the same places NUT's own packages use, so existing init scripts and tooling keep working).
 * @module
 */
import { join } from "node:path";

/** Default locations when the environment says nothing. */
export const DEFAULT_PATHS = {
  confPath: "/etc/nut",
  statePath: "/run/nut",
  pidPath: "/run/nut",
  driverPath: "/lib/nut",
} as const;

/** The locations a NUT program uses. */
export interface NutPaths {
  /** Directory of ups.conf, upsd.conf, upsd.users, nut.conf (NUT_CONFPATH). */
  confPath: string;
  /** Directory of driver sockets (NUT_STATEPATH). */
  statePath: string;
  /** Directory of PID files of programs started as root (NUT_PIDPATH). */
  pidPath: string;
  /** Directory of PID files of drivers and programs running unprivileged (NUT_ALTPIDPATH, else statePath). */
  altPidPath: string;
  /** Debug level from NUT_DEBUG_LEVEL, 0 when unset or invalid. */
  debugLevel: number;
}

/** A read-only view of environment variables, so tests need no real environment. */
export type Env = (name: string) => string | undefined;

/** Reads the process environment (needs --allow-env). */
export const processEnv: Env = (name) => Deno.env.get(name);

/**
 * Resolves NUT's paths from the environment.
 * @param env environment lookup
 * @returns the paths
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const p = nutPaths((n) => ({ NUT_STATEPATH: "/tmp/st" } as Record<string, string>)[n]);
 * assertEquals([p.confPath, p.statePath, p.altPidPath], ["/etc/nut", "/tmp/st", "/tmp/st"]);
 * ```
 */
export function nutPaths(env: Env = processEnv): NutPaths {
  const get = (n: string) => {
    const v = env(n);
    return v === undefined || v === "" ? undefined : v;
  };
  const statePath = get("NUT_STATEPATH") ?? DEFAULT_PATHS.statePath;
  const level = Number(get("NUT_DEBUG_LEVEL") ?? "0");
  return {
    confPath: get("NUT_CONFPATH") ?? DEFAULT_PATHS.confPath,
    statePath,
    pidPath: get("NUT_PIDPATH") ?? DEFAULT_PATHS.pidPath,
    altPidPath: get("NUT_ALTPIDPATH") ?? statePath,
    debugLevel: Number.isInteger(level) && level > 0 ? level : 0,
  };
}

/**
 * Path of a config file in the config directory.
 * @param paths resolved paths
 * @param file e.g. "ups.conf"
 * @returns the full path
 */
export function confFile(paths: NutPaths, file: string): string {
  return join(paths.confPath, file);
}
