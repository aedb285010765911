/**
 * The attack mix of issue 7 against one server, shared by tests/server_attack_test.ts and
 * bench/attack_bench.ts: tests/attack_worker.ts (a process of its own) runs 50 connections asking
 * `LIST VAR` without end and never reading, 500 idle connections, 50 endless lines, 50 garbage senders,
 * a connect/disconnect loop and wrong passwords, while a legitimate client here asks
 * `GET VAR <ups> ups.status` in a closed loop and times every answer. The server's RSS is sampled
 * before and during the attack.
 * @module
 */
import net from "node:net";
import { join } from "node:path";
import type { Buffer } from "node:buffer";
import { DENO_RUN_FLAGS, OFFLINE_ENV } from "../lib/os/child_env.ts";
import { Proc, ROOT, rssKb } from "./helpers.ts";

/** What the legitimate client saw, and the server's memory. */
export interface AttackResult {
  /** Answers the legitimate client got (each a `VAR` line). */
  answers: number;
  /** Answers that were `ERR DATA-STALE`. */
  stale: number;
  /** Other `ERR` answers. */
  errors: number;
  /** Requests that got no answer within the per-request limit (the client reconnects). */
  timeouts: number;
  /** Latency percentiles of the answers, in ms (a timeout counts as the limit). */
  p50: number;
  /** 99th percentile, ms. */
  p99: number;
  /** Slowest, ms. */
  max: number;
  /** The server's RSS before the attack, kB. */
  rssIdleKb: number;
  /** The server's largest RSS during the attack, kB. */
  rssMaxKb: number;
  /** What the attackers did (connections, refusals, churn, logins tried), as the worker reports it. */
  attackers: Record<string, number>;
}

/** Options of {@linkcode runAttack}. */
export interface AttackOptions {
  /** The server's port on 127.0.0.1. */
  port: number;
  /** A UPS it serves. */
  ups: string;
  /** The server's PID (for its RSS). */
  serverPid: number;
  /** Seconds of attack measured. */
  seconds: number;
  /** A request without an answer for this long counts as a timeout (default 5 s). */
  requestTimeoutMs?: number;
  /** Non-readers, idle, endless lines, garbage senders, churn loops, wrong-password loops (default 50, 500, 50, 50, 2, 2). */
  counts?: readonly number[];
}

/** A closed-loop client: one request, its whole answer line, the next. */
class TimedClient {
  #socket: net.Socket | undefined;
  #buf = "";
  #waiting: ((line: string | undefined) => void) | undefined;

  constructor(readonly port: number) {}

  async #connect(timeoutMs: number): Promise<net.Socket | undefined> {
    const s = net.createConnection({ port: this.port, host: "127.0.0.1" });
    s.setNoDelay(true);
    const up = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      s.once("connect", () => (clearTimeout(timer), resolve(true)));
      s.once("error", () => (clearTimeout(timer), resolve(false)));
    });
    if (!up) {
      s.destroy();
      return undefined;
    }
    s.on("error", () => {});
    s.on("close", () => this.#deliver(undefined));
    s.on("data", (d: Buffer) => {
      this.#buf += d.toString("latin1");
      const nl = this.#buf.indexOf("\n");
      if (nl < 0) return;
      const line = this.#buf.slice(0, nl);
      this.#buf = this.#buf.slice(nl + 1);
      this.#deliver(line);
    });
    return s;
  }

  #deliver(line: string | undefined): void {
    const w = this.#waiting;
    this.#waiting = undefined;
    w?.(line);
  }

  /** Asks; undefined on timeout or a lost connection (then reconnects on the next ask). */
  async ask(request: string, timeoutMs: number): Promise<string | undefined> {
    this.#socket ??= await this.#connect(timeoutMs);
    const s = this.#socket;
    if (!s) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const line = await new Promise<string | undefined>((resolve) => {
      this.#waiting = resolve;
      timer = setTimeout(() => this.#deliver(undefined), timeoutMs);
      s.write(request);
    });
    clearTimeout(timer);
    if (line === undefined) this.close();
    return line;
  }

  close(): void {
    this.#socket?.destroy();
    this.#socket = undefined;
    this.#buf = "";
  }
}

/** One of each request of the attack (a LIST VAR, a wrong password, noise, a line over the limit), read. */
async function warmUp(port: number, ups: string): Promise<void> {
  const s = net.createConnection({ port, host: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    s.once("connect", () => resolve());
    s.once("error", reject);
  });
  const closed = new Promise<void>((resolve) => {
    s.on("data", () => {});
    s.on("error", () => {});
    s.on("close", () => resolve());
  });
  const noise = crypto.getRandomValues(new Uint8Array(256)).map((b) => b === 10 ? 32 : b);
  s.write(`LIST VAR ${ups}\nUSERNAME admin\nPASSWORD wrong\nLOGIN ${ups}\n`);
  s.write(noise);
  s.write(`\n${"A".repeat(20_000)}\nLOGOUT\n`);
  await closed;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/**
 * Runs the attack mix for `seconds` and measures the legitimate client through it.
 * @param options the server and the duration
 * @returns what the legitimate client saw
 */
export async function runAttack(options: AttackOptions): Promise<AttackResult> {
  const timeoutMs = options.requestTimeoutMs ?? 5000;
  const request = `GET VAR ${options.ups} ups.status\n`;
  const client = new TimedClient(options.port);
  // The idle figure is that of a server in service: it has answered each kind of request the attack
  // sends and served the client at full speed for 2 s (its code, the collector's included, is loaded),
  // and the client is connected.
  await warmUp(options.port, options.ups);
  for (const end = performance.now() + 2000; performance.now() < end;) await client.ask(request, timeoutMs);
  await new Promise((r) => setTimeout(r, 500));
  const rssIdleKb = rssKb(options.serverPid);
  const worker = new Proc(Deno.execPath(), [
    "run",
    ...DENO_RUN_FLAGS,
    join(ROOT, "tests", "attack_worker.ts"),
    String(options.port),
    options.ups,
    // The attack goes on while the client measures, and a little longer.
    String(options.seconds + 5),
    ...(options.counts ?? []).map(String),
  ], { env: { ...OFFLINE_ENV } });
  let rssMaxKb = rssIdleKb;
  const sampler = setInterval(() => rssMaxKb = Math.max(rssMaxKb, rssKb(options.serverPid)), 100);
  const times: number[] = [];
  let answers = 0, stale = 0, errors = 0, timeouts = 0;
  try {
    await worker.waitForOutput(/READY/, 60_000);
    const end = performance.now() + options.seconds * 1000;
    while (performance.now() < end) {
      const t0 = performance.now();
      const line = await client.ask(request, timeoutMs);
      times.push(performance.now() - t0);
      if (line === undefined) timeouts++;
      else if (line.startsWith("VAR ")) answers++;
      else if (line === "ERR DATA-STALE") stale++;
      else errors++;
    }
  } finally {
    clearInterval(sampler);
    client.close();
  }
  await worker.stop(2000);
  const tally = /\{.*\}/.exec(worker.stdout)?.[0];
  times.sort((a, b) => a - b);
  return {
    answers,
    stale,
    errors,
    timeouts,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    max: times.at(-1) ?? 0,
    rssIdleKb,
    rssMaxKb,
    attackers: tally ? JSON.parse(tally) : {},
  };
}
