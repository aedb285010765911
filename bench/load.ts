/**
 * A closed-loop load generator for NUT servers: N persistent connections, each sending one request and
 * waiting for its complete reply before the next, for a fixed time. Records every latency.
 * @module
 */
import net from "node:net";

/** What each client asks. */
export type LoadMode = "GET" | "LIST";

/** Options of a load run. */
export interface LoadOptions {
  /** Server address. */
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
  /** Connections that failed. */
  errors: number;
}

/**
 * A percentile of sorted numbers.
 * @param sorted ascending values
 * @param p 0..100
 * @returns the value
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/**
 * Runs the load.
 * @param o options
 * @returns throughput and latency
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const request = o.mode === "GET" ? `GET VAR ${o.ups} ${o.varName}\n` : `LIST VAR ${o.ups}\n`;
  const end = o.mode === "GET" ? "\n" : `END LIST VAR ${o.ups}\n`;
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const sockets: net.Socket[] = [];

  const connectOne = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: o.host, port: o.port }, () => resolve(s));
      s.setNoDelay(true);
      s.once("error", reject);
    });
  // Connect in batches so the listen backlog is not overrun.
  for (let i = 0; i < o.clients; i += 50) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(50, o.clients - i) }, () => connectOne()),
    );
    for (const b of batch) b.status === "fulfilled" ? sockets.push(b.value) : errors++;
  }
  const loops = sockets.map((s) =>
    new Promise<void>((resolve) => {
      let buf = "";
      let sent = 0;
      const fire = () => {
        if (stop) {
          s.destroy();
          return resolve();
        }
        buf = "";
        sent = performance.now();
        s.write(request);
      };
      s.on("data", (d: Uint8Array) => {
        buf += new TextDecoder().decode(d);
        if (!buf.endsWith(end)) return;
        if (buf.startsWith("ERR")) errors++;
        if (measuring) latencies.push(performance.now() - sent);
        fire();
      });
      s.on("error", () => {
        errors++;
        resolve();
      });
      s.on("close", () => resolve());
      fire();
    })
  );
  await new Promise((r) => setTimeout(r, Math.min(1000, o.durationMs / 5)));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, o.durationMs));
  measuring = false;
  const elapsed = performance.now() - t0;
  stop = true;
  const count = latencies.length;
  await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 5000))]);
  for (const s of sockets) s.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: count,
    rps: count / (elapsed / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}
