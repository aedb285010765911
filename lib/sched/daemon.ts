/**
 * The upssched timer daemon: one per PIPEFN, started by the first upssched call that needs it, serving
 * later calls on the Unix socket until no timer has run for a while (NUT waits 15 idle passes of its
 * one-second loop; we wait 15 s), then removing the socket and ending.
 *
 * Unlike NUT's daemon, running CMDSCRIPT does not stop the daemon from accepting calls: scripts still run
 * one after the other, in the order they became due, but requests are answered meanwhile (a CANCEL that
 * runs its command is answered once the command has finished, as in NUT, so the calling upssched keeps
 * the order of its AT lines).
 * @module
 */
import net from "node:net";
import type { Buffer } from "node:buffer";
import type { Logger } from "../log.ts";
import { WordParser } from "../words/parser.ts";
import { readPacedLines } from "../os/paced_lines.ts";
import { parseSchedRequest, REPLY_OK, REPLY_UNKNOWN, type SchedRequest } from "./protocol.ts";
import { formatTimerRows, type SchedTimer, timerEnvironment, TimerQueue } from "./timers.ts";

/** NUT's delay before an idle daemon ends (EMPTY_WAIT passes of about one second). */
export const IDLE_EXIT_MS = 15_000;

/** Longest request line accepted. */
const MAX_LINE = 4096;

/** Largest setTimeout delay. */
const MAX_DELAY = 2 ** 31 - 1;

/** How the daemon runs CMDSCRIPT: argument and environment changes; resolves when it has finished. */
export type ScriptRunner = (argument: string, env: Record<string, string | undefined>) => Promise<unknown>;

/** Options of a {@linkcode TimerDaemon}. */
export interface TimerDaemonOptions {
  /** The socket path (PIPEFN). */
  pipeFn: string;
  /** Runs CMDSCRIPT. */
  run: ScriptRunner;
  /** Where events are logged. */
  log: Logger;
  /** Idle time before the daemon ends, ms (default 15 s). */
  idleMs?: number;
  /** Clock, ms since the epoch (injectable). */
  now?: () => number;
  /** Most simultaneous connections (default 64). */
  maxConnections?: number;
  /** A connection silent this long is closed, ms (default 30 s). */
  connectionTimeoutMs?: number;
}

/** The timer daemon. */
export class TimerDaemon {
  #opts: Required<Omit<TimerDaemonOptions, "log" | "run" | "pipeFn">>;
  #pipeFn: string;
  #run: ScriptRunner;
  #log: Logger;
  #queue = new TimerQueue();
  #server?: net.Server;
  #sockets = new Set<net.Socket>();
  #wake?: ReturnType<typeof setTimeout>;
  #idle?: ReturnType<typeof setTimeout>;
  #scripts: Promise<unknown> = Promise.resolve();
  #pendingScripts = 0;
  #stopped = false;
  #done: Promise<void>;
  #resolveDone!: () => void;

  /**
   * Creates the daemon (call listen() to start it).
   * @param options socket, script runner, logger, limits
   */
  constructor(options: TimerDaemonOptions) {
    this.#pipeFn = options.pipeFn;
    this.#run = options.run;
    this.#log = options.log;
    this.#opts = {
      idleMs: options.idleMs ?? IDLE_EXIT_MS,
      now: options.now ?? Date.now,
      maxConnections: options.maxConnections ?? 64,
      connectionTimeoutMs: options.connectionTimeoutMs ?? 30_000,
    };
    this.#done = new Promise((r) => this.#resolveDone = r);
  }

  /** Resolves once the daemon has ended (idle, or stop()). */
  get done(): Promise<void> {
    return this.#done;
  }

  /** The running timers. */
  get timers(): readonly SchedTimer[] {
    return this.#queue.timers;
  }

  /**
   * Binds PIPEFN (removing a leftover file first, as NUT does, unless a daemon still answers there: NUT
   * would orphan it and its timers), mode 0660.
   * @throws {Error} naming the path when it cannot listen or another daemon listens
   */
  async listen(): Promise<void> {
    if (await answers(this.#pipeFn)) throw new Error(`another timer daemon listens on ${this.#pipeFn}`);
    await Deno.remove(this.#pipeFn).catch(() => {});
    const server = net.createServer((s) => this.#accept(s));
    server.maxConnections = this.#opts.maxConnections;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (e) => reject(new Error(`bind ${this.#pipeFn} failed: ${e.message}`)));
      server.listen(this.#pipeFn, () => resolve());
    });
    server.on("error", (e) => this.#log.error(`Timer daemon socket ${this.#pipeFn}: ${e.message}`));
    this.#server = server;
    try {
      await Deno.chmod(this.#pipeFn, 0o660);
    } catch (e) {
      await this.stop();
      throw new Error(`chmod(${this.#pipeFn}, 0660) failed: ${(e as Error).message}`);
    }
    this.#log.info("Timer daemon started");
    this.#checkIdle();
  }

  /** Ends the daemon now: the socket is removed, timers are dropped. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#wake);
    clearTimeout(this.#idle);
    // Unlink first: a caller arriving now fails to connect and starts a new daemon, whose socket an
    // unlink of ours could otherwise remove.
    await Deno.remove(this.#pipeFn).catch(() => {});
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((r) => this.#server ? this.#server.close(() => r()) : r());
    this.#resolveDone();
  }

  /**
   * Carries out one request (the socket handler and tests call it).
   * @param request the request
   * @returns the reply lines
   */
  async handle(request: SchedRequest): Promise<string[]> {
    const now = this.#opts.now();
    switch (request.kind) {
      case "START": {
        const r = this.#queue.start(request, now);
        if (r.kind === "bogus") this.#log.info("bogus offset for timer, ignoring");
        else if (r.kind === "joined") {
          this.#log.info(
            `Append data to shared timer: ${request.name}\t[${request.notifyType}]\t[${request.upsName}]\t` +
              `[${request.message}]\t(will elapse in ${Math.round((r.timer.due - now) / 1000)} seconds)`,
          );
        } else {
          this.#log.info(
            `New timer: ${request.name}\t[${request.notifyType}]\t[${request.upsName}]\t[${request.message}]\t` +
              `(will elapse in ${Math.round((r.timer.due - now) / 1000)} seconds)`,
          );
        }
        this.#schedule();
        return [REPLY_OK];
      }
      case "CANCEL": {
        const removed = this.#queue.cancel(request);
        for (const _ of removed) {
          this.#log.info(`Cancelling timer: ${request.name}${request.message ? `: ${request.message}` : ""}`);
        }
        this.#schedule();
        if (removed.length === 0 && request.command) {
          this.#log.info(`Cancel ${request.name}, event: ${request.command}`);
          // NUT passes no event with this command; the calling event is what a script wants here.
          await this.#enqueueScript(request.command, {
            UPSNAME: request.upsName || undefined,
            NOTIFYTYPE: request.notifyType || undefined,
            NOTIFYMSG: request.message || undefined,
          });
        }
        return [REPLY_OK];
      }
      case "LIST-TIMERS":
        return [
          "BEGIN LIST TIMERS",
          ...formatTimerRows(this.#queue.timers, now),
          "END LIST TIMERS",
          REPLY_OK,
        ];
    }
  }

  #accept(s: net.Socket): void {
    if (this.#stopped) {
      s.destroy();
      return;
    }
    this.#sockets.add(s);
    clearTimeout(this.#idle);
    this.#idle = undefined;
    s.setEncoding("latin1");
    s.setTimeout(this.#opts.connectionTimeoutMs, () => s.destroy());
    s.on("error", () => s.destroy());
    s.on("close", () => {
      this.#sockets.delete(s);
      this.#checkIdle();
    });
    const parser = new WordParser({ maxLineLength: MAX_LINE });
    // One request at a time, in order, and none while the replies wait unread beyond a bound.
    readPacedLines(s, {
      split: (text: Buffer | string) => parser.push(text.toString()),
      handle: async (line) => {
        if (line.error) {
          this.#log.notice(`Parse error on sock: ${line.error}`);
          if (line.error === "TOO-LONG") s.destroy();
          return;
        }
        const request = parseSchedRequest(line.words);
        let reply: string[];
        if (!request) {
          this.#log.info(
            `Unknown command on socket: ${line.words.map((w, i) => `arg ${i}: ${w}`).join(", ")}`,
          );
          reply = [REPLY_UNKNOWN];
        } else {
          try {
            reply = await this.handle(request);
          } catch (e) {
            this.#log.error(`Timer daemon: ${(e as Error).message}`);
            reply = [REPLY_UNKNOWN];
          }
        }
        if (!s.destroyed) s.write(reply.map((l) => l + "\n").join(""), "latin1");
      },
      onError: (e) => this.#log.error(`Timer daemon: ${(e as Error).message}`),
    });
  }

  #enqueueScript(argument: string, env: Record<string, string | undefined>): Promise<unknown> {
    this.#pendingScripts++;
    clearTimeout(this.#idle);
    this.#idle = undefined;
    const run = this.#scripts.then(() => this.#run(argument, env)).catch((e) => {
      this.#log.error(`Execute command failure: ${argument}: ${(e as Error).message}`);
    }).finally(() => {
      this.#pendingScripts--;
      this.#checkIdle();
    });
    this.#scripts = run;
    return run;
  }

  #schedule(): void {
    clearTimeout(this.#wake);
    this.#wake = undefined;
    const next = this.#queue.nextDue;
    if (next === undefined || this.#stopped) {
      this.#checkIdle();
      return;
    }
    clearTimeout(this.#idle);
    this.#idle = undefined;
    const delay = Math.min(Math.max(0, next - this.#opts.now()), MAX_DELAY);
    this.#wake = setTimeout(() => this.#fire(), delay);
  }

  #fire(): void {
    this.#wake = undefined;
    for (const timer of this.#queue.takeDue(this.#opts.now())) {
      this.#log.info(`Event: ${timer.name}`);
      void this.#enqueueScript(timer.name, timerEnvironment(timer));
    }
    this.#schedule();
  }

  /** Starts the idle countdown when nothing is left to do; the countdown ends the daemon. */
  #checkIdle(): void {
    if (this.#stopped) return;
    const busy = this.#queue.size > 0 || this.#pendingScripts > 0 || this.#sockets.size > 0;
    if (busy) {
      clearTimeout(this.#idle);
      this.#idle = undefined;
      return;
    }
    if (this.#idle !== undefined) return;
    this.#idle = setTimeout(() => {
      this.#idle = undefined;
      if (this.#queue.size > 0 || this.#pendingScripts > 0 || this.#sockets.size > 0) return;
      this.#log.info("Timer queue empty, exiting");
      void this.stop();
    }, this.#opts.idleMs);
  }
}

/** Whether something accepts connections on a Unix socket path. */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createConnection({ path });
    const done = (v: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), 1000);
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}
