/**
 * PID files as NUT keeps them (`upsd.pid`, `<driver>-<ups>.pid`): the decimal PID and a newline. Used to
 * refuse a second instance and to signal the running one (`-c reload`, `-c stop`).
 * @module
 */
import process from "node:process";
import { readBoundedText } from "../os/read_bounded.ts";

/** Largest PID file read (a PID and a newline need a few bytes). */
const MAX_PID_FILE_BYTES = 4096;

/**
 * Reads a PID file (only a regular file: a FIFO in its place is not opened).
 * @param path the file
 * @returns the PID, or undefined when missing, not a regular file or not a number
 */
export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    const text = (await readBoundedText(path, MAX_PID_FILE_BYTES)).trim();
    const pid = Number(text);
    return /^\d+$/.test(text) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a process exists (signal 0).
 * @param pid the process
 * @returns true when it exists (even if owned by someone else)
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

/**
 * Writes our PID (atomically: temp file then rename).
 * @param path the file
 * @param pid the PID to write (default: ours)
 */
export async function writePidFile(path: string, pid: number = Deno.pid): Promise<void> {
  const tmp = `${path}.${pid}.tmp`;
  await Deno.writeTextFile(tmp, `${pid}\n`, { mode: 0o644 });
  await Deno.rename(tmp, path);
}

/**
 * Removes a PID file if it still names `pid`.
 * @param path the file
 * @param pid the PID it must hold (default: ours)
 */
export async function removePidFile(path: string, pid: number = Deno.pid): Promise<void> {
  if ((await readPidFile(path)) !== pid) return;
  await Deno.remove(path).catch(() => {});
}

/**
 * The PID of a live instance recorded in a PID file, or undefined (a stale file is not an instance).
 * @param path the file
 * @returns the running PID or undefined
 */
export async function runningInstance(path: string): Promise<number | undefined> {
  const pid = await readPidFile(path);
  if (pid === undefined || pid === Deno.pid) return undefined;
  return processExists(pid) ? pid : undefined;
}

/**
 * Sends a signal to the instance recorded in a PID file (`-c reload` → SIGHUP, `-c stop` → SIGTERM).
 * @param path the file
 * @param signal the signal
 * @returns the PID signalled
 * @throws {Error} naming the file when there is no running instance
 */
export async function signalPidFile(path: string, signal: Deno.Signal): Promise<number> {
  const pid = await readPidFile(path);
  if (pid === undefined) throw new Error(`Can't open or read PID file ${path}: no running instance`);
  try {
    process.kill(pid, signal);
  } catch (e) {
    throw new Error(`Can't send ${signal} to PID ${pid} (from ${path}): ${(e as Error).message}`);
  }
  return pid;
}

/**
 * Sends a signal as NUT's `-c` commands do, and words a failure as they do (`kill: No such process`).
 * @param pid the process
 * @param signal the signal
 * @param err where the error line goes
 * @returns 0 when sent, 1 when not
 */
export function killAsNut(pid: number, signal: Deno.Signal, err: (text: string) => void): number {
  try {
    process.kill(pid, signal);
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason = code === "ESRCH"
      ? "No such process"
      : code === "EPERM"
      ? "Operation not permitted"
      : (e as Error).message;
    err(`kill: ${reason}\n`);
    return 1;
  }
}
