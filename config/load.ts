/**
 * Reading config files from the config directory (the I/O edge of config/): missing files and
 * unreadable files become clear errors naming the path.
 * @module
 */
import { confFile, type NutPaths } from "./paths.ts";
import { readBoundedText } from "../lib/os/read_bounded.ts";
import { FileKindError } from "../lib/os/open_regular.ts";
import { ConfigError } from "./diagnostics.ts";
import { parseUpsConf, type UpsConf } from "./ups_conf.ts";
import { defaultUpsdConf, parseUpsdConf, type UpsdConf } from "./upsd_conf.ts";
import { parseUpsdUsers, type UpsdUsers } from "./upsd_users.ts";
import { type NutConf, parseNutConf } from "./nut_conf.ts";

/** Largest config file read (a guard against reading a device node or a huge file by mistake). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * Reads a text file, bounded in size; only a regular file is opened (a FIFO is refused before the open
 * instead of blocking it).
 * @param path the file
 * @returns its text, or undefined when it does not exist
 * @throws {ConfigError} naming the path when it exists but is not a regular file, cannot be read, or is
 * too large
 */
export async function readConfigText(path: string): Promise<string | undefined> {
  try {
    return await readBoundedText(path, MAX_CONFIG_BYTES);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    if (e instanceof FileKindError) throw new ConfigError(path, 0, e.reason);
    const message = (e as Error).message;
    throw new ConfigError(
      path,
      0,
      message.startsWith(`${path}: `) ? message.slice(path.length + 2) : `cannot open: ${message}`,
    );
  }
}

async function required(path: string): Promise<string> {
  const text = await readConfigText(path);
  if (text === undefined) throw new ConfigError(path, 0, "file not found");
  return text;
}

/**
 * Loads ups.conf (required).
 * @param paths NUT paths
 * @returns the configuration
 */
export async function loadUpsConf(paths: NutPaths): Promise<UpsConf> {
  const path = confFile(paths, "ups.conf");
  return parseUpsConf(await required(path), path);
}

/**
 * Loads upsd.conf (required, as NUT's upsd requires it).
 * @param paths NUT paths
 * @param optional return the defaults when the file is missing
 * @returns the configuration
 */
export async function loadUpsdConf(paths: NutPaths, optional = false): Promise<UpsdConf> {
  const path = confFile(paths, "upsd.conf");
  const text = await readConfigText(path);
  if (text === undefined) {
    if (optional) return defaultUpsdConf(path);
    throw new ConfigError(path, 0, "file not found");
  }
  return parseUpsdConf(text, path);
}

/**
 * Loads upsd.users (missing = no users: nobody can log in).
 * @param paths NUT paths
 * @returns the users
 */
export async function loadUpsdUsers(paths: NutPaths): Promise<UpsdUsers> {
  const path = confFile(paths, "upsd.users");
  const text = await readConfigText(path);
  if (text === undefined) return { file: path, users: new Map(), warnings: [] };
  return parseUpsdUsers(text, path);
}

/**
 * Loads nut.conf (optional).
 * @param paths NUT paths
 * @returns the configuration, or undefined when absent
 */
export async function loadNutConf(paths: NutPaths): Promise<NutConf | undefined> {
  const path = confFile(paths, "nut.conf");
  const text = await readConfigText(path);
  return text === undefined ? undefined : parseNutConf(text, path);
}
