/**
 * The server's configuration: ups.conf (UPS sections), upsd.conf (directives) and upsd.users, resolved
 * into what the server runs with: the state path (NUT_STATEPATH, else ups.conf's global `statepath`,
 * else upsd.conf's STATEPATH, else the default — the order of current NUT, which lets drivers and server
 * agree), the served UPSes in ups.conf order with their socket paths, listen addresses, and the
 * ALLOW_NO_DEVICE / ALLOW_NOT_ALL_LISTENERS switches (environment variables of those names win, as in NUT).
 * @module
 */
import { ConfigError, formatWarning, parseBoolean } from "../../config/diagnostics.ts";
import { loadUpsConf, loadUpsdConf, loadUpsdUsers, readConfigText } from "../../config/load.ts";
import { confFile, DEFAULT_PATHS, type Env, type NutPaths } from "../../config/paths.ts";
import { incompleteSection, type UpsConf } from "../../config/ups_conf.ts";
import { NUT_PORT, type UpsdConf } from "../../config/upsd_conf.ts";
import type { UpsdUsers } from "../../config/upsd_users.ts";
import { socketPath } from "../sock/path.ts";
import type { ListenAddress } from "./frontend.ts";
import type { UpsDefinition } from "./ups.ts";

/** Everything the server runs with. */
export interface ServerSettings {
  /** Resolved state path (driver sockets). */
  statePath: string;
  /** upsd.conf. */
  upsdConf: UpsdConf;
  /** ups.conf. */
  upsConf: UpsConf;
  /** upsd.users. */
  users: UpsdUsers;
  /** Served UPSes, in ups.conf order. */
  ups: UpsDefinition[];
  /** Non-fatal remarks, as `file:line: message`. */
  warnings: string[];
  /** Start (and keep running) with no UPS defined. */
  allowNoDevice: boolean;
  /** Start when only some LISTEN addresses can be bound. */
  allowNotAllListeners: boolean;
}

/** The parsed files a server configuration is made of. */
export interface ServerFiles {
  /** ups.conf. */
  upsConf: UpsConf;
  /** upsd.conf. */
  upsdConf: UpsdConf;
  /** upsd.users. */
  users: UpsdUsers;
}

/**
 * Resolves parsed files into settings (pure).
 * @param files the parsed files
 * @param env the environment (NUT_STATEPATH, ALLOW_NO_DEVICE, ALLOW_NOT_ALL_LISTENERS)
 * @returns the settings
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseUpsConf, parseUpsdConf, parseUpsdUsers } from "../../config/mod.ts";
 * const s = resolveServerSettings({
 *   upsConf: parseUpsConf("statepath = /st\n[ups1]\n driver = dummy-ups\n port = x.dev\n", "ups.conf"),
 *   upsdConf: parseUpsdConf("STATEPATH /other\n", "upsd.conf"),
 *   users: parseUpsdUsers("", "upsd.users"),
 * }, () => undefined);
 * assertEquals([s.statePath, s.ups[0].socketPath], ["/st", "/st/dummy-ups-ups1"]);
 * ```
 */
export function resolveServerSettings(files: ServerFiles, env: Env): ServerSettings {
  const { upsConf, upsdConf, users } = files;
  const envState = env("NUT_STATEPATH");
  const statePath = envState || upsConf.global.statepath || upsdConf.statePath || DEFAULT_PATHS.statePath;
  const warnings = [...upsConf.warnings, ...upsdConf.warnings, ...users.warnings].map(formatWarning);
  const ups: UpsDefinition[] = [];
  for (const section of upsConf.sections) {
    const missing = incompleteSection(upsConf, section);
    if (missing) {
      warnings.push(`${missing.message}: ignoring incomplete configuration for UPS [${section.name}]`);
      continue;
    }
    ups.push({
      name: section.name,
      driver: section.driver,
      desc: section.desc,
      socketPath: socketPath(statePath, section.driver, section.name),
    });
  }
  const flag = (name: string, fallback: boolean) => {
    const v = env(name);
    return v === undefined ? fallback : parseBoolean(v) ?? fallback;
  };
  return {
    statePath,
    upsdConf,
    upsConf,
    users,
    ups,
    warnings,
    allowNoDevice: flag("ALLOW_NO_DEVICE", upsdConf.allowNoDevice),
    allowNotAllListeners: flag("ALLOW_NOT_ALL_LISTENERS", upsdConf.allowNotAllListeners),
  };
}

/**
 * Reads and resolves the configuration from the config directory. upsd.conf, ups.conf and upsd.users
 * are all required, as NUT's upsd requires them.
 * @param paths NUT paths
 * @param env the environment
 * @returns the settings
 * @throws {ConfigError} naming the file (and line) that is missing or wrong
 */
export async function loadServerSettings(paths: NutPaths, env: Env): Promise<ServerSettings> {
  const upsdConf = await loadUpsdConf(paths);
  const upsConf = await loadUpsConf(paths);
  const usersPath = confFile(paths, "upsd.users");
  if ((await readConfigText(usersPath)) === undefined) throw new ConfigError(usersPath, 0, "file not found");
  const users = await loadUpsdUsers(paths);
  return resolveServerSettings({ upsConf, upsdConf, users }, env);
}

/**
 * The addresses to listen on: upsd.conf's LISTEN directives, or 127.0.0.1 and ::1 on port 3493 when
 * there are none; `LISTEN *` means every interface (both families). `family` keeps one family only
 * (upsd -4 / -6).
 * @param conf upsd.conf
 * @param family 4 or 6 to restrict, undefined for both
 * @returns the addresses
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * import { parseUpsdConf } from "../../config/upsd_conf.ts";
 * assertEquals(listenAddresses(parseUpsdConf("", "upsd.conf")), [{ host: "127.0.0.1", port: 3493 }, { host: "::1", port: 3493 }]);
 * assertEquals(listenAddresses(parseUpsdConf("LISTEN * 4000\n", "upsd.conf"), 4), [{ host: "0.0.0.0", port: 4000 }]);
 * ```
 */
export function listenAddresses(conf: UpsdConf, family?: 4 | 6): ListenAddress[] {
  const out: ListenAddress[] = [];
  const add = (host: string, port: number) => {
    if (!out.some((a) => a.host === host && a.port === port)) out.push({ host, port });
  };
  if (conf.listen.length === 0) {
    if (family !== 6) add("127.0.0.1", NUT_PORT);
    if (family !== 4) add("::1", NUT_PORT);
    return out;
  }
  for (const l of conf.listen) {
    if (l.host === "*") {
      if (family !== 4) add("::", l.port);
      if (family !== 6) add("0.0.0.0", l.port);
    } else add(l.host, l.port);
  }
  return out;
}

/**
 * Whether a listen address is a loopback one (failing to bind it is not fatal: a host may lack IPv6).
 * @param host the address
 * @returns true for 127.0.0.0/8, ::1 and localhost
 */
export function isLoopback(host: string): boolean {
  return host === "::1" || host === "localhost" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
