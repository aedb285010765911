/**
 * UUCP lock files for serial ports (`/var/lock/LCK..ttyS0`, the process id in HDB format: ten
 * characters and a newline), as minicom, NUT's drivers of old and most serial programs honour them. A
 * lock left by a process that is gone is removed; one held by a live process is BUSY, naming it. When
 * the folder does not exist or is not writable for this user (the `nut` user often cannot write
 * /var/lock), no lock file is made: flock on the port (ffi/termios.ts) still keeps two drivers apart.
 * @module
 */
import { TransportError } from "./error.ts";

/** A held lock. */
export interface SerialLock {
  /** The lock file (undefined: none could be made here). */
  readonly file?: string;
  /** Removes the lock file if it is still ours (idempotent). */
  release(): Promise<void>;
}

/** Where lock files are and how a process is known to be alive. */
export interface SerialLockOptions {
  /** The folder (default /var/lock). */
  readonly dir?: string;
  /** This process (default Deno.pid). */
  readonly pid?: number;
  /** Whether a process is alive (default: /proc/PID exists). */
  readonly alive?: (pid: number) => Promise<boolean>;
}

/**
 * The lock file name of a port.
 * @param path the device, e.g. /dev/ttyUSB0 (a /dev/serial/by-id link names the link, as other
 *   programs do when given the same path)
 * @returns e.g. LCK..ttyUSB0
 */
export function lockName(path: string): string {
  return `LCK..${path.split("/").filter(Boolean).at(-1) ?? path}`;
}

async function procAlive(pid: number): Promise<boolean> {
  try {
    await Deno.stat(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

async function holder(file: string): Promise<number | undefined> {
  try {
    const text = (await Deno.readTextFile(file)).slice(0, 64).trim();
    const pid = Number(text);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock file of a port.
 * @param path the device
 * @param options folder and process checks
 * @returns the lock (release it when the port is closed)
 * @throws {TransportError} BUSY naming the live process that holds it
 */
export async function acquireSerialLock(path: string, options: SerialLockOptions = {}): Promise<SerialLock> {
  const dir = options.dir ?? "/var/lock";
  const pid = options.pid ?? Deno.pid;
  const alive = options.alive ?? procAlive;
  const file = `${dir}/${lockName(path)}`;
  const tmp = `${dir}/LTMP.${pid}.${lockName(path).slice(5)}`;
  try {
    await Deno.writeTextFile(tmp, `${String(pid).padStart(10)}\n`, { mode: 0o644 });
  } catch {
    return { release: () => Promise.resolve() };
  }
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await Deno.link(tmp, file);
        return ownLock(file, pid);
      } catch (e) {
        if (!(e instanceof Deno.errors.AlreadyExists)) return { release: () => Promise.resolve() };
      }
      const other = await holder(file);
      if (other === pid) return ownLock(file, pid);
      if (other !== undefined && await alive(other)) {
        throw new TransportError("BUSY", `${path} is locked by process ${other} (${file})`);
      }
      // Stale (dead process or no number): remove it and try once more.
      await Deno.remove(file).catch(() => {});
    }
    throw new TransportError("BUSY", `${path}: cannot take ${file}`);
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

function ownLock(file: string, pid: number): SerialLock {
  let held = true;
  return {
    file,
    async release() {
      if (!held) return;
      held = false;
      if (await holder(file) === pid) await Deno.remove(file).catch(() => {});
    },
  };
}
