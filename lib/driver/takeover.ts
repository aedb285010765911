/**
 * Two drivers must never serve one device. Before a driver instance binds its socket it makes sure no
 * other instance does: an instance of ours is asked over its socket to exit (`INSTCMD driver.exit`,
 * which stops only that instance even when many share a process); otherwise the process named by the
 * PID file gets SIGTERM, as NUT 2.8.0 does ("Duplicate driver instance detected"). When a live socket
 * remains that nobody could stop, the new instance refuses to start (NUT would fight over it).
 * @module
 */
import net from "node:net";
import process from "node:process";
import { processExists, readPidFile } from "../daemon/pidfile.ts";
import type { Logger } from "../log.ts";
import { LineFramer, TOO_LONG } from "../words/line_framer.ts";

/** Longest line of a driver's answer (as the server's MAX_DRIVER_LINE). */
const MAX_ANSWER_LINE = 64 * 1024;
/** Most bytes of a driver's answer (a DUMPALL is tens of kB): beyond it the answer is not trusted. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Deadlines of a takeover. */
export interface TakeoverOptions {
  /** Socket of the other instance. */
  socketPath: string;
  /** Its PID file, when PID files are used. */
  pidFile?: string;
  /** The UPS name: a process named by the PID file is signalled only if its command line names it. */
  upsName?: string;
  /** Logger. */
  log: Logger;
  /** How long to wait for the other instance to go, in total (default 15 s). */
  timeoutMs?: number;
  /** Wait between SIGTERM attempts (default 5 s, as NUT; three attempts). */
  signalWaitMs?: number;
}

/** Another instance is alive and could not be stopped. */
export class InstanceConflictError extends Error {
  /** @param message what is in the way */
  constructor(message: string) {
    super(message);
    this.name = "InstanceConflictError";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connects to a driver socket.
 * @param path the socket
 * @param timeoutMs connect deadline
 * @returns the connected socket, or undefined when nothing listens there
 */
export function connectSocket(path: string, timeoutMs = 1000): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const s = net.createConnection({ path });
    const timer = setTimeout(() => {
      s.destroy();
      resolve(undefined);
    }, timeoutMs);
    s.once("connect", () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once("error", () => {
      clearTimeout(timer);
      s.destroy();
      resolve(undefined);
    });
  });
}

/**
 * Sends one request line to a driver socket and collects reply lines until `done` says so.
 * @param path the socket
 * @param line the request (without newline)
 * @param done decides, from the lines so far, when the answer is complete
 * @param timeoutMs overall deadline
 * @returns the reply lines, or undefined when nothing listens or no complete answer came in time
 */
export async function askDriver(
  path: string,
  line: string,
  done: (lines: string[]) => boolean,
  timeoutMs = 2000,
): Promise<string[] | undefined> {
  const s = await connectSocket(path, timeoutMs);
  if (!s) return undefined;
  return await new Promise((resolve) => {
    const lines: string[] = [];
    let bytes = 0;
    const framer = new LineFramer(MAX_ANSWER_LINE);
    const finish = (v: string[] | undefined) => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    s.on("data", (d: Uint8Array) => {
      for (const line of framer.push(d)) {
        if (line === TOO_LONG || (bytes += line.length + 1) > MAX_ANSWER_BYTES) return finish(undefined);
        lines.push(line);
        if (done(lines)) return finish(lines);
      }
    });
    s.on("error", () => finish(undefined));
    s.on("close", () => finish(done(lines) ? lines : undefined));
    s.write(line + "\n");
  });
}

/**
 * Whether a process looks like a driver of this UPS (its command line has the UPS name as an argument,
 * e.g. `-a ups1`), so that a PID file left by a crash and since reused by another program does not get
 * that program killed. Where /proc is not available, the answer is yes (NUT's behaviour).
 * @param pid the process
 * @param ups the UPS name
 * @returns true when it may be signalled
 */
export async function looksLikeDriver(pid: number, ups: string): Promise<boolean> {
  let cmdline: string;
  try {
    cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`);
  } catch {
    return true;
  }
  return cmdline.split("\0").some((a) => a === ups || a === `-a${ups}` || a === `-s${ups}`);
}

async function socketAlive(path: string): Promise<boolean> {
  const s = await connectSocket(path, 500);
  s?.destroy();
  return s !== undefined;
}

/**
 * Asks the instance on a socket to exit through the socket protocol.
 * @param path its socket
 * @param timeoutMs deadline for the answer
 * @returns true when it accepted (it is one of ours and is stopping)
 */
export async function requestExit(path: string, timeoutMs = 2000): Promise<boolean> {
  const id = crypto.randomUUID();
  const lines = await askDriver(
    path,
    `INSTCMD driver.exit TRACKING ${id}`,
    (ls) => ls.some((l) => l.startsWith(`TRACKING ${id} `)),
    timeoutMs,
  );
  return lines?.some((l) => l === `TRACKING ${id} 0`) ?? false;
}

/**
 * Asks the instance on a socket to re-read its configuration (`INSTCMD driver.reload`).
 * @param path its socket
 * @param timeoutMs deadline for the answer
 * @returns the handler status (0: applied; non-zero: some settings need a restart), or undefined when
 *   nothing answered
 */
export async function requestReload(path: string, timeoutMs = 5000): Promise<number | undefined> {
  const id = crypto.randomUUID();
  const lines = await askDriver(
    path,
    `INSTCMD driver.reload TRACKING ${id}`,
    (ls) => ls.some((l) => l.startsWith(`TRACKING ${id} `)),
    timeoutMs,
  );
  const answer = lines?.find((l) => l.startsWith(`TRACKING ${id} `));
  return answer === undefined ? undefined : Number(answer.split(" ")[2]);
}

/**
 * Makes sure no other instance serves this device, stopping it if needed.
 * @param options socket, PID file, deadlines
 * @throws {InstanceConflictError} when another instance remains alive
 */
export async function takeOver(options: TakeoverOptions): Promise<void> {
  const { socketPath, pidFile, log } = options;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const ensureFree = async () => {
    if (await socketAlive(socketPath)) {
      throw new InstanceConflictError(
        `Another driver instance is serving ${socketPath} and could not be stopped (no PID file names it)`,
      );
    }
  };
  const waitGone = async (check: () => boolean | Promise<boolean>) => {
    while (Date.now() < deadline) {
      if (!(await check())) return true;
      await sleep(50);
    }
    return false;
  };

  if (await socketAlive(socketPath)) {
    log.debug(1, `an instance is serving ${socketPath}: asking it to exit`);
    if (await requestExit(socketPath) && await waitGone(() => socketAlive(socketPath))) return;
  }

  if (pidFile) {
    const pid = await readPidFile(pidFile);
    if (pid !== undefined && processExists(pid)) {
      if (pid === Deno.pid) {
        if (await socketAlive(socketPath)) {
          throw new InstanceConflictError(`${socketPath} is already served by this process`);
        }
        return;
      }
      if (options.upsName !== undefined && !(await looksLikeDriver(pid, options.upsName))) {
        log.warn(
          `PID file ${pidFile} names process ${pid}, which is not a driver of ${options.upsName}: ignored`,
        );
        return await ensureFree();
      }
      const waitMs = options.signalWaitMs ?? 5000;
      for (let attempt = 0; attempt < 3 && processExists(pid); attempt++) {
        log.warn(
          `Duplicate driver instance detected (PID file ${pidFile} exists)! Terminating other driver!`,
        );
        try {
          process.kill(pid, "SIGTERM");
        } catch {
          break;
        }
        const until = Math.min(deadline, Date.now() + waitMs);
        while (Date.now() < until && processExists(pid)) await sleep(50);
      }
      if (processExists(pid)) {
        throw new InstanceConflictError(`Driver instance with PID ${pid} (from ${pidFile}) did not exit`);
      }
    }
  }

  await ensureFree();
}
