/**
 * A closed-loop load generator for NUT servers: N persistent connections, each sending one request and
 * waiting for its complete reply before the next, for a fixed time. The connections live in separate
 * processes (bench/load_worker.ts, epoll over libc), so that the generator neither shares an event loop
 * with the orchestrator nor costs more CPU than it must; the same generator drives every server.
 * @module
 */
import { fileURLToPath } from "node:url";
import type { WorkerJob, WorkerResult } from "./load_worker.ts";
import { DENO_RUN_FLAGS, OFFLINE_ENV } from "../lib/os/child_env.ts";

/** What each client asks. */
export type LoadMode = "GET" | "LIST";

/** Options of a load run. */
export interface LoadOptions {
  /** Server address (an IP address). */
  host: string;
  /** Server port. */
  port: number;
  /** Persistent connections. */
  clients: number;
  /** GET VAR <ups> <var>, or LIST VAR <ups>. */
  mode: LoadMode;
  /** UPS name. */
  ups: string;
  /** Variable for GET. */
  varName: string;
  /** Measured time in ms (after all connections are up). */
  durationMs: number;
  /** Generator processes the connections are spread over (default 1). */
  loaders?: number;
  /** CPUs the generator runs on (`taskset -c` list), when pinned. */
  cpus?: string;
}

/** Result of a load run. */
export interface LoadResult {
  /** Completed requests in the measured time. */
  requests: number;
  /** Requests per second. */
  rps: number;
  /** Median latency (ms). */
  p50: number;
  /** 99th percentile latency (ms). */
  p99: number;
  /** Connections that failed, or replies that were errors. */
  errors: number;
}

/**
 * A percentile of a latency histogram.
 * @param histogram [latency in 10 us units, count], any order
 * @param p 0..100
 * @returns the latency in ms
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * assertEquals(percentile([[300, 1], [100, 98], [200, 1]], 99), 2);
 * ```
 */
export function percentile(histogram: readonly [number, number][], p: number): number {
  const sorted = [...histogram].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [key, count] of sorted) {
    seen += count;
    if (seen >= rank) return key / 100;
  }
  return sorted[sorted.length - 1][0] / 100;
}

/**
 * Runs the load in generator processes and merges their results.
 * @param o options
 * @returns throughput and latency
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const loaders = Math.max(1, Math.min(o.loaders ?? 1, o.clients));
  const worker = fileURLToPath(new URL("./load_worker.ts", import.meta.url));
  const jobs = Array.from({ length: loaders }, (_, i): WorkerJob => ({
    host: o.host,
    port: o.port,
    clients: Math.floor(o.clients / loaders) + (i < o.clients % loaders ? 1 : 0),
    request: o.mode === "GET" ? `GET VAR ${o.ups} ${o.varName}\n` : `LIST VAR ${o.ups}\n`,
    end: o.mode === "GET" ? "\n" : `END LIST VAR ${o.ups}\n`,
    warmupMs: Math.min(1000, o.durationMs / 5),
    durationMs: o.durationMs,
  }));
  const results = await Promise.all(jobs.map(async (job): Promise<WorkerResult> => {
    const deno = [Deno.execPath(), "run", ...DENO_RUN_FLAGS, worker, JSON.stringify(job)];
    const argv = o.cpus === undefined ? deno : ["taskset", "-c", o.cpus, ...deno];
    const out = await new Deno.Command(argv[0], {
      args: argv.slice(1),
      env: OFFLINE_ENV,
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error(`load worker failed (exit ${out.code})`);
    return JSON.parse(new TextDecoder().decode(out.stdout));
  }));
  const histogram = results.flatMap((r) => r.histogram);
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
  return {
    requests,
    rps: requests / (elapsedMs / 1000),
    p50: percentile(histogram, 50),
    p99: percentile(histogram, 99),
    errors: results.reduce((n, r) => n + r.errors, 0),
  };
}
