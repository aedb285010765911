/**
 * One load-generator process (started by bench/load.ts): N persistent client connections over epoll
 * (the same libc facade and loop as the server's epoll frontend, so the loader costs little CPU and
 * costs the same whichever server it drives), each sending one request and waiting for its whole
 * reply before the next. Prints one JSON line: completed requests in the measured window and their
 * latencies as a histogram in 10 us steps.
 *
 *   deno run -A bench/load_worker.ts '{"host":"127.0.0.1","port":3493,"clients":100,...}'
 * @module
 */
import { parseIp } from "../ffi/sockaddr.ts";
import { EPOLL, LinuxSockets } from "../ffi/socket.ts";
import { stdio } from "../lib/cli/io.ts";
import { type EpollHandler, EpollLoop } from "../lib/os/epoll_loop.ts";

/** What the worker is asked to do. */
export interface WorkerJob {
  /** Server address (an IP address). */
  host: string;
  /** Server port. */
  port: number;
  /** Connections. */
  clients: number;
  /** The request line, with its newline. */
  request: string;
  /** How a complete reply ends. */
  end: string;
  /** Time before measuring, in ms. */
  warmupMs: number;
  /** Measured time, in ms. */
  durationMs: number;
}

/** What the worker reports. */
export interface WorkerResult {
  /** Requests completed in the measured time. */
  requests: number;
  /** The measured time, in ms. */
  elapsedMs: number;
  /** Latency histogram: [latency in 10 us units, count]. */
  histogram: [number, number][];
  /** Connections that failed or replies starting with ERR. */
  errors: number;
}

/** Shared state of the clients of one worker. */
interface Run {
  sockets: LinuxSockets;
  loop: EpollLoop;
  request: Uint8Array<ArrayBuffer>;
  end: Uint8Array;
  buffer: Uint8Array<ArrayBuffer>;
  measuring: boolean;
  stopping: boolean;
  histogram: Map<number, number>;
  requests: number;
  errors: number;
  connected(): void;
}

/** One closed-loop client. */
class Client implements EpollHandler {
  #connecting = true;
  #sent = 0;
  #fresh = true;
  /** The last bytes received, to find the end of a reply split over reads. */
  #tail: number[] = [];
  constructor(readonly fd: number, readonly run: Run) {}

  handleEvents(events: number): void {
    const r = this.run;
    if (this.#connecting) {
      if (!(events & (EPOLL.OUT | EPOLL.ERR | EPOLL.HUP))) return;
      this.#connecting = false;
      if (r.sockets.socketError(this.fd) !== 0) {
        r.errors++;
        r.loop.close(this.fd);
        r.connected();
        return;
      }
      r.loop.modify(this.fd, EPOLL.IN);
      r.connected();
      this.#fire();
      return;
    }
    const n = r.sockets.read(this.fd, r.buffer);
    if (n < 0) return;
    if (n === 0) {
      r.errors++;
      r.loop.close(this.fd);
      return;
    }
    const b = r.buffer;
    if (this.#fresh) {
      this.#fresh = false;
      if (n >= 3 && b[0] === 69 && b[1] === 82 && b[2] === 82) r.errors++; // "ERR"
    }
    if (!this.#endsReply(b, n)) return;
    if (r.measuring) {
      const key = Math.round((performance.now() - this.#sent) * 100);
      r.histogram.set(key, (r.histogram.get(key) ?? 0) + 1);
      r.requests++;
    }
    this.#fire();
  }

  #endsReply(b: Uint8Array, n: number): boolean {
    const end = this.run.end;
    const m = end.length;
    for (let i = Math.max(0, n - m); i < n; i++) this.#tail.push(b[i]);
    if (this.#tail.length > m) this.#tail.splice(0, this.#tail.length - m);
    if (this.#tail.length < m) return false;
    for (let i = 0; i < m; i++) if (this.#tail[i] !== end[i]) return false;
    return true;
  }

  #fire(): void {
    const r = this.run;
    if (r.stopping) return;
    this.#fresh = true;
    this.#tail = [];
    this.#sent = performance.now();
    if (r.sockets.send(this.fd, r.request) !== r.request.length) r.errors++;
  }
}

/**
 * Runs a job.
 * @param job what to do
 * @returns the result
 */
export async function runWorker(job: WorkerJob): Promise<WorkerResult> {
  const ip = parseIp(job.host);
  if (!ip) throw new Error(`not an IP address: ${job.host}`);
  const sockets = new LinuxSockets();
  const loop = new EpollLoop({ sockets, onError: (e) => stdio.err(`load worker: ${e}\n`) });
  const enc = new TextEncoder();
  let pending = 0;
  let allConnected: () => void = () => {};
  const run: Run = {
    sockets,
    loop,
    request: enc.encode(job.request),
    end: enc.encode(job.end),
    buffer: new Uint8Array(256 * 1024),
    measuring: false,
    stopping: false,
    histogram: new Map(),
    requests: 0,
    errors: 0,
    connected: () => {
      if (--pending === 0) allConnected();
    },
  };
  loop.start();
  // Connect in batches so the listen backlog is not overrun.
  for (let i = 0; i < job.clients; i += 50) {
    const batch = Math.min(50, job.clients - i);
    pending = batch;
    const done = new Promise<void>((resolve) => allConnected = resolve);
    for (let j = 0; j < batch; j++) {
      try {
        const fd = sockets.connectTcp(ip, job.port);
        sockets.setNoDelay(fd);
        loop.add(fd, EPOLL.OUT, new Client(fd, run));
      } catch {
        run.errors++;
        run.connected();
      }
    }
    await done;
  }
  await new Promise((r) => setTimeout(r, job.warmupMs));
  run.measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, job.durationMs));
  run.measuring = false;
  const elapsedMs = performance.now() - t0;
  run.stopping = true;
  await loop.stop();
  return { requests: run.requests, elapsedMs, histogram: [...run.histogram], errors: run.errors };
}

if (import.meta.main) {
  const result = await runWorker(JSON.parse(Deno.args[0]) as WorkerJob);
  stdio.out(JSON.stringify(result) + "\n");
}
