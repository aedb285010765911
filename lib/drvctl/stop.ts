/**
 * Stopping one driver: ask it over its socket (`INSTCMD driver.exit`, which stops only that instance even
 * in a shared process, and which recent NUT drivers understand too), else SIGTERM the PID in its PID
 * file as NUT 2.8.0's upsdrvctl does, escalating to SIGKILL when it will not go.
 * @module
 */
import { basename, join } from "node:path";
import process from "node:process";
import { processExists, readPidFile } from "../daemon/pidfile.ts";
import { requestExit } from "../driver/takeover.ts";
import { socketPath } from "../sock/path.ts";
import type { NutPaths } from "../../config/paths.ts";
import type { PlannedDriver } from "./plan.ts";

/** Outcome of a stop. */
export interface StopOutcome {
  /** True when the driver is (now) not running. */
  ok: boolean;
  /** Messages for stderr (NUT's wording where NUT has one). */
  messages: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The PID files NUT looks at for a driver: `<driver>-<ups>.pid`, then `<driver>-<port basename>.pid`.
 * @param d the driver
 * @param paths NUT paths
 * @returns the two candidate paths
 */
export function pidFileCandidates(d: PlannedDriver, paths: NutPaths): [string, string] {
  return [
    join(paths.altPidPath, `${d.driver}-${d.ups}.pid`),
    join(paths.altPidPath, `${d.driver}-${basename(d.section.port)}.pid`),
  ];
}

/**
 * Stops one driver.
 * @param d the driver
 * @param paths NUT paths
 * @param graceMs how long a signalled driver may take to exit before SIGKILL
 * @returns whether it is stopped, and what to print
 */
export async function stopDriver(d: PlannedDriver, paths: NutPaths, graceMs = 5000): Promise<StopOutcome> {
  const sock = socketPath(paths.statePath, d.driver, d.ups);
  const messages: string[] = [];
  if (await requestExit(sock)) {
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && await exists(sock)) await sleep(50);
    return { ok: true, messages };
  }
  const [primary, alt] = pidFileCandidates(d, paths);
  let pid = await readPidFile(primary);
  if (pid === undefined) {
    messages.push(`Can't open ${primary}: No such file or directory`);
    pid = await readPidFile(alt);
    if (pid === undefined) {
      messages.push(`Can't open ${alt} either: No such file or directory`);
      return { ok: false, messages };
    }
  }
  if (!processExists(pid)) {
    messages.push(`Driver ${d.driver}-${d.ups} (PID ${pid}) is not running; stale PID file`);
    return { ok: true, messages };
  }
  try {
    process.kill(pid, "SIGTERM");
  } catch (e) {
    messages.push(`Stopping ${primary} failed: ${(e as Error).message}`);
    return { ok: false, messages };
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && processExists(pid)) await sleep(50);
  if (processExists(pid)) {
    messages.push(`Stopping ${primary} failed, retrying harder`);
    try {
      process.kill(pid, "SIGKILL");
    } catch { /* gone meanwhile */ }
  }
  return { ok: true, messages };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
