/**
 * Shutdown latency benchmark, run on demand (`make bench-shutdown`), never in CI: how long after a power
 * cut does SHUTDOWNCMD run? NUT 2.8.0's stack (its dummy-ups, upsd and upsmon) and ours (dummy-ups, upsd,
 * upsmon with status push, and again with push off) play the same .seq power cut (tests/fixtures/monitor/
 * power_cut.seq: on battery, then low battery 2 s later) on a fresh bed each time, as a primary with
 * FINALDELAY 0, at POLLFREQ = POLLFREQALERT = 1 and 5 (NUT's default).
 *
 * Three moments are taken on the same clock (CLOCK_REALTIME):
 * - the driver's flip: a client of the driver's socket (as upsd is) sees `SETINFO ups.status` with OB and LB;
 * - the server showing OB+LB: a separate client asks `GET VAR <ups> ups.status` every 2 ms;
 * - SHUTDOWNCMD: the first thing the recording script does is `date +%s%N`.
 *
 * The flip falls anywhere in the monitor's poll cycle, as a real power cut does: each run starts the
 * monitor a random 0-POLLFREQ s after the driver (which flips on its own 1 s ticks) and cuts the power a
 * random 1 to 1+POLLFREQ s after the monitor is watching.
 *
 *   deno run -A bench/shutdown_bench.ts [--runs 10] [--pollfreq 1,5] [--stacks nut,ours,ours-poll]
 * @module
 */
import { parseArgs } from "../lib/cli/getopt.ts";
import { stdio } from "../lib/cli/io.ts";
import { join } from "node:path";
import { type Impl, type MonitorBed, startBed, waitExit } from "../tests/monitor_helpers.ts";

/** A stack under test. */
interface StackSpec {
  /** Name in the table. */
  name: "nut" | "ours" | "ours-poll";
  /** Whose driver, server and monitor. */
  impl: Impl;
  /** Whether our monitor takes status push. */
  push: boolean;
}

const STACKS: readonly StackSpec[] = [
  { name: "nut", impl: "nut", push: false },
  { name: "ours", impl: "ours", push: true },
  { name: "ours-poll", impl: "ours", push: false },
];

/** One power cut's figures (ms). */
interface Run {
  /** From the driver's flip to OB LB to SHUTDOWNCMD. */
  fromDriver: number;
  /** From the server's first OB LB answer to SHUTDOWNCMD. */
  fromServer: number;
}

/** Now on the real-time clock, in ms with a fraction. */
const now = () => performance.timeOrigin + performance.now();

/** Closes a connection that may be closed already. */
function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch { /* closed already */ }
}

const isObLb = (status: string) => /\bOB\b/.test(status) && /\bLB\b/.test(status);

/**
 * Watches the driver's socket for the status flip to OB LB.
 * @param path the driver's socket
 * @param signal ends the watch
 * @returns when the flip was seen (NaN when aborted first)
 */
async function watchDriver(path: string, signal: AbortSignal): Promise<number> {
  const conn = await Deno.connect({ transport: "unix", path });
  signal.addEventListener("abort", () => closeQuietly(conn), { once: true });
  const decoder = new TextDecoder();
  const buf = new Uint8Array(65536);
  let pending = "";
  try {
    while (!signal.aborted) {
      const n = await conn.read(buf);
      if (n === null) return NaN;
      const at = now();
      pending += decoder.decode(buf.subarray(0, n));
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^SETINFO ups\.status "(.*)"$/.exec(line);
        if (m && isObLb(m[1])) return at;
      }
      if (pending.length > 1 << 20) pending = "";
    }
  } catch {
    // closed by the abort
  } finally {
    closeQuietly(conn);
  }
  return NaN;
}

/**
 * Asks the server for the status every 2 ms until it says OB LB.
 * @param port the server's port
 * @param ups the UPS
 * @param signal ends the watch
 * @returns when the server first answered OB LB (NaN when aborted first)
 */
async function watchServer(port: number, ups: string, signal: AbortSignal): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  signal.addEventListener("abort", () => closeQuietly(conn), { once: true });
  const request = new TextEncoder().encode(`GET VAR ${ups} ups.status\n`);
  const decoder = new TextDecoder();
  const buf = new Uint8Array(4096);
  try {
    while (!signal.aborted) {
      await conn.write(request);
      let line = "";
      while (!line.includes("\n")) {
        const n = await conn.read(buf);
        if (n === null) return NaN;
        line += decoder.decode(buf.subarray(0, n));
      }
      const at = now();
      const m = /^VAR \S+ ups\.status "(.*)"/.exec(line);
      if (m && isObLb(m[1])) return at;
      await new Promise((r) => setTimeout(r, 2));
    }
  } catch {
    // closed by the abort
  } finally {
    closeQuietly(conn);
  }
  return NaN;
}

/**
 * One power cut on a fresh bed.
 * @param stack the stack
 * @param pollFreq POLLFREQ and POLLFREQALERT
 * @returns the figures
 */
async function oneRun(stack: StackSpec, pollFreq: number): Promise<Run> {
  await using bed: MonitorBed = await startBed(stack.impl, stack.impl);
  // The driver flips on its own poll ticks: start the monitor anywhere in a poll cycle after them, or
  // every run would find the same phase between the two.
  await new Promise((r) => setTimeout(r, Math.random() * pollFreq * 1000));
  const m = await bed.startMonitor("primary", `MONITOR ${bed.ups()} 1 mon pw primary`, {
    impl: stack.impl,
    extra: `POLLFREQ ${pollFreq}\nPOLLFREQALERT ${pollFreq}\nDEADTIME ${Math.max(15, 3 * pollFreq)}\n`,
    ready: stack.impl === "ours" && stack.push ? /Status push on for UPS/ : /Logged into UPS/,
    env: stack.push ? {} : { NUT_MONITOR_PUSH: "0" },
  });
  const driverSocket = join(
    bed.setup.statePath,
    `${bed.driverImpl === "ours" ? "dummy-ups" : "refdummy"}-ups1`,
  );
  const stop = new AbortController();
  try {
    const driverFlip = watchDriver(driverSocket, stop.signal);
    const serverShows = watchServer(bed.port, "ups1", stop.signal);
    // Let a poll round pass, then cut the power anywhere in the monitor's poll cycle.
    await new Promise((r) => setTimeout(r, 1000 + Math.random() * pollFreq * 1000));
    await bed.power("power_cut.seq");
    const code = await waitExit(m, 60_000);
    if (code !== 0) throw new Error(`${stack.name}: the monitor exited with ${code}\n${m.proc.stderr}`);
    // The recording script may still be writing when the monitor is gone.
    let shutdownAt = NaN;
    for (let i = 0; i < 200 && Number.isNaN(shutdownAt); i++) {
      shutdownAt = (await m.shutdownTimes())[0] ?? NaN;
      if (Number.isNaN(shutdownAt)) await new Promise((r) => setTimeout(r, 25));
    }
    stop.abort();
    const [flip, shows] = await Promise.all([driverFlip, serverShows]);
    if ([shutdownAt, flip, shows].some(Number.isNaN)) {
      throw new Error(
        `${stack.name}: a moment is missing (flip ${flip}, server ${shows}, SHUTDOWNCMD ${shutdownAt})`,
      );
    }
    return { fromDriver: shutdownAt - flip, fromServer: shutdownAt - shows };
  } finally {
    stop.abort();
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** "median | min | max" of a column group. */
function summary(xs: readonly number[]): string {
  return `${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)}`;
}

async function main(): Promise<number> {
  const p = parseArgs(Deno.args, { long: ["runs=", "pollfreq=", "stacks="] });
  const runs = Number(p.value("runs") ?? 10);
  const pollFreqs = (p.value("pollfreq") ?? "1,5").split(",").map(Number);
  const names = (p.value("stacks") ?? "nut,ours,ours-poll").split(",");
  const stacks = STACKS.filter((s) => names.includes(s.name));
  if (!Number.isInteger(runs) || runs < 1 || pollFreqs.some((f) => !Number.isInteger(f) || f < 1)) {
    stdio.err("usage: shutdown_bench.ts [--runs N] [--pollfreq 1,5] [--stacks nut,ours,ours-poll]\n");
    return 2;
  }
  const out = (s: string) => stdio.out(s + "\n");
  out(`# nut shutdown latency, ${new Date().toISOString()}, ${navigator.hardwareConcurrency} cores`);
  out(`# ${runs} power cuts per cell, a fresh bed each; times in ms (median | min | max)`);
  out("");
  out("From the driver's flip to OB LB, and from the server's first OB LB answer, to SHUTDOWNCMD:");
  out("");
  out("| stack | POLLFREQ | runs | flip: median | min | max | server: median | min | max |");
  out("|---|---|---|---|---|---|---|---|---|");
  for (const pollFreq of pollFreqs) {
    for (const stack of stacks) {
      const results: Run[] = [];
      for (let i = 0; i < runs; i++) {
        results.push(await oneRun(stack, pollFreq));
        stdio.err(
          `${stack.name} POLLFREQ ${pollFreq} run ${i + 1}: ${
            results[i].fromDriver.toFixed(1)
          } ms from the flip, ${results[i].fromServer.toFixed(1)} ms from the server\n`,
        );
      }
      out(
        `| ${stack.name} | ${pollFreq} | ${runs} | ${summary(results.map((r) => r.fromDriver))} | ${
          summary(results.map((r) => r.fromServer))
        } |`,
      );
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main());
