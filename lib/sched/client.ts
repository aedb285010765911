/**
 * The calling side of upssched: deliver one request to the timer daemon on PIPEFN, starting the daemon
 * when none answers. As NUT does: a CANCEL without a command needs no daemon (no daemon = no timers);
 * otherwise the caller that creates LOCKFN (O_EXCL) starts the daemon, the others remove a lock left by a
 * crash, wait 250 ms and try again, 30 times at most.
 * @module
 */
import net from "node:net";
import type { Logger } from "../log.ts";
import { LineFramer, TOO_LONG } from "../words/line_framer.ts";
import { formatSchedRequest, REPLY_OK, type SchedRequest } from "./protocol.ts";
import type { SchedSettings } from "./plan.ts";
import { readBoundedFile } from "../os/read_bounded.ts";
import { FileKindError } from "../os/open_regular.ts";

/** NUT's number of attempts (MAX_TRIES). */
export const MAX_TRIES = 30;

/** NUT's pause between attempts, ms. */
export const RETRY_MS = 250;

/** Longest reply line read from the daemon. */
const MAX_REPLY = 64 * 1024;

/** Most lines of one reply (a LIST of every timer): beyond it the daemon is not trusted. */
const MAX_REPLY_LINES = 100_000;

/** One connection to the daemon. */
export interface DaemonConnection {
  /**
   * Sends a line and reads the reply: lines up to `OK` or `ERR ...`.
   * @param line the request, without newline
   * @param timeoutMs limit
   * @returns the reply lines (the last one is OK or ERR ...), or undefined when the connection failed
   */
  exchange(line: string, timeoutMs: number): Promise<string[] | undefined>;
  /** Closes it. */
  close(): void;
}

/** What the client needs from the system (injectable for tests). */
export interface DaemonLink {
  /** Connects to PIPEFN; undefined when no daemon listens. */
  connect(pipeFn: string): Promise<DaemonConnection | undefined>;
  /** Creates LOCKFN exclusively; false when it exists. */
  createLock(lockFn: string): Promise<boolean>;
  /** Removes our LOCKFN (ignoring a missing file). */
  removeLock(lockFn: string): Promise<void>;
  /**
   * Removes LOCKFN when whoever created it is gone (a crash); a live starter's lock stays.
   * @throws {FileKindError} when LOCKFN is not a regular file (then left alone: no lock of ours)
   */
  clearStaleLock(lockFn: string): Promise<void>;
  /** Starts the daemon for these settings and waits until it listens; false when it failed. */
  startDaemon(settings: SchedSettings): Promise<boolean>;
  /** Waits. */
  sleep(ms: number): Promise<void>;
}

/** The outcome of {@linkcode sendRequest}. */
export type SendResult =
  | { kind: "done"; lines: string[] }
  | { kind: "unnecessary" }
  | { kind: "failed"; message: string };

/**
 * How long to wait for the answer: a CANCEL with a command is answered after the command ran.
 * @param request the request
 * @returns ms
 */
export function replyTimeout(request: SchedRequest): number {
  return request.kind === "CANCEL" && request.command ? 600_000 : 10_000;
}

/**
 * Delivers a request, starting the daemon when needed.
 * @param request the request
 * @param settings PIPEFN, LOCKFN, CMDSCRIPT in force
 * @param link system access
 * @param log where retries are reported
 * @returns the reply lines, "unnecessary" (CANCEL without daemon), or NUT's failure message
 */
export async function sendRequest(
  request: SchedRequest,
  settings: SchedSettings,
  link: DaemonLink,
  log: Logger,
): Promise<SendResult> {
  const line = formatSchedRequest(request);
  const cancelOnly = request.kind === "CANCEL" && !request.command;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const conn = await findDaemon(settings, link, cancelOnly, log);
    if (conn === "unnecessary") return { kind: "unnecessary" };
    if (conn === "started") {
      await link.sleep(RETRY_MS);
      continue;
    }
    if (conn === undefined) {
      return { kind: "failed", message: "Failed to connect to parent and failed to create parent" };
    }
    if ("refused" in conn) return { kind: "failed", message: conn.refused };
    let reply: string[] | undefined;
    try {
      reply = await conn.exchange(line, replyTimeout(request));
    } finally {
      conn.close();
    }
    if (reply === undefined) {
      log.error("read confirmation failed, trying again");
      continue;
    }
    if (reply.at(-1) === REPLY_OK) return { kind: "done", lines: reply };
    log.error(`read confirmation got [${reply.join("\n")}]`);
    // NUT tries again; an answer other than OK will not change, so one more attempt is enough to be sure.
    if (attempt >= 1) break;
  }
  return { kind: "failed", message: "Unable to connect to daemon and unable to start daemon" };
}

async function findDaemon(
  settings: SchedSettings,
  link: DaemonLink,
  cancelOnly: boolean,
  log: Logger,
): Promise<DaemonConnection | "started" | "unnecessary" | { refused: string } | undefined> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const conn = await link.connect(settings.pipeFn);
    if (conn) return conn;
    if (cancelOnly) return "unnecessary";
    if (await link.createLock(settings.lockFn)) {
      const ok = await link.startDaemon(settings);
      // The daemon removes the lock once it listens; after a failure it is ours to remove.
      if (!ok) {
        await link.removeLock(settings.lockFn);
        // Another daemon may have come up meanwhile (ours refuses to replace a live one).
        const conn = await link.connect(settings.pipeFn);
        if (conn) return conn;
        log.error(`Unable to start the timer daemon on ${settings.pipeFn}`);
        return undefined;
      }
      return "started";
    }
    // Someone else is starting it (NUT removes the lock here "in case we crashed before"; starting our
    // daemon takes longer than NUT's fork, so only a lock whose creator is gone is removed), then look again.
    try {
      await link.clearStaleLock(settings.lockFn);
    } catch (e) {
      // Not a lock anyone created (a FIFO, a directory): waiting would not change it.
      if (e instanceof FileKindError) return { refused: `LOCKFN ${e.message}` };
      throw e;
    }
    await link.sleep(RETRY_MS);
  }
  return undefined;
}

/**
 * Connects to a daemon's Unix socket.
 * @param path PIPEFN
 * @param timeoutMs connect limit
 * @returns the connection, or undefined when nobody listens
 */
export function connectDaemon(path: string, timeoutMs = 5000): Promise<DaemonConnection | undefined> {
  return new Promise((resolve) => {
    const sock = net.createConnection({ path });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(undefined);
    }, timeoutMs);
    sock.once("error", () => {
      clearTimeout(timer);
      sock.destroy();
      resolve(undefined);
    });
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.removeAllListeners("error");
      resolve(new SocketConnection(sock));
    });
  });
}

class SocketConnection implements DaemonConnection {
  #sock: net.Socket;
  constructor(sock: net.Socket) {
    this.#sock = sock;
    sock.setEncoding("latin1");
    sock.on("error", () => {});
  }

  exchange(line: string, timeoutMs: number): Promise<string[] | undefined> {
    return new Promise((resolve) => {
      const lines: string[] = [];
      const framer = new LineFramer(MAX_REPLY);
      const finish = (result: string[] | undefined) => {
        clearTimeout(timer);
        this.#sock.removeAllListeners("data");
        this.#sock.removeAllListeners("close");
        resolve(result);
      };
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      this.#sock.on("data", (text: string) => {
        for (const line of framer.push(text)) {
          if (line === TOO_LONG || lines.length >= MAX_REPLY_LINES) return finish(undefined);
          const l = line.replace(/\0/g, "");
          lines.push(l);
          if (l === REPLY_OK || l.startsWith("ERR")) return finish(lines);
        }
      });
      this.#sock.on("close", () => finish(undefined));
      this.#sock.write(line + "\n", "latin1");
    });
  }

  close(): void {
    this.#sock.destroy();
  }
}

/**
 * Creates a lock file exclusively (O_CREAT|O_EXCL), as NUT's get_lock(), holding our PID.
 * @param path LOCKFN
 * @param pid the PID written into it
 * @returns true when we created it
 */
export async function createLockFile(path: string, pid: number = Deno.pid): Promise<boolean> {
  let f: Deno.FsFile;
  try {
    f = await Deno.open(path, { createNew: true, write: true, mode: 0o600 });
  } catch {
    return false;
  }
  try {
    await f.write(new TextEncoder().encode(`${pid}\n`));
  } catch {
    /* an empty lock still locks */
  } finally {
    f.close();
  }
  return true;
}

/** How old an unreadable lock (NUT's are empty) must be before it counts as left over from a crash. */
export const STALE_LOCK_MS = 5000;

/** Largest lock file read (ours hold a PID and a newline, NUT's nothing). */
const MAX_LOCK_FILE_BYTES = 4096;

/**
 * Removes a lock file left by a process that is gone: its PID is not running, or it holds no PID and is
 * older than {@linkcode STALE_LOCK_MS}. Only a regular file is opened: anything else at LOCKFN is no
 * lock, and is neither read (a FIFO would block) nor removed.
 * @param path LOCKFN
 * @param alive whether a PID runs (injectable)
 * @param now the time, ms
 * @throws {FileKindError} when LOCKFN is not a regular file
 */
export async function clearStaleLockFile(
  path: string,
  alive: (pid: number) => boolean,
  now: number = Date.now(),
): Promise<void> {
  let text: string;
  let mtime: number;
  try {
    const file = await readBoundedFile(path, MAX_LOCK_FILE_BYTES);
    text = new TextDecoder().decode(file.bytes);
    mtime = file.mtime;
  } catch (e) {
    if (e instanceof FileKindError) throw e;
    return;
  }
  const pid = Number(text.trim());
  const stale = /^\d+$/.test(text.trim()) && pid > 0 ? !alive(pid) : now - mtime > STALE_LOCK_MS;
  if (stale) await Deno.remove(path).catch(() => {});
}
