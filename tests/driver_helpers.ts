/**
 * Helpers of the driver tests: talking to a driver socket, running NUT's dummy-ups, and comparing
 * DUMPALL transcripts with the documented exceptions.
 * @module
 */
import { join } from "node:path";
import { parseDevFile } from "../lib/drivers/dummy_ups/dev_file.ts";
import { NUT_SBIN, Proc, waitFor } from "./helpers.ts";

/** A line-oriented client of a driver socket. */
export class SockPeer implements Disposable {
  #conn: Deno.UnixConn;
  #buf = "";
  #lines: string[] = [];
  #waiters: (() => void)[] = [];
  #closed = false;
  #reader: Promise<void>;

  private constructor(conn: Deno.UnixConn) {
    this.#conn = conn;
    this.#reader = this.#read();
  }

  /**
   * Connects to a socket.
   * @param path the socket
   * @returns the peer
   */
  static async connect(path: string): Promise<SockPeer> {
    return new SockPeer(await Deno.connect({ transport: "unix", path }));
  }

  async #read(): Promise<void> {
    const dec = new TextDecoder();
    const buf = new Uint8Array(65536);
    try {
      for (;;) {
        const n = await this.#conn.read(buf);
        if (n === null) break;
        this.#buf += dec.decode(buf.subarray(0, n), { stream: true });
        let i;
        while ((i = this.#buf.indexOf("\n")) >= 0) {
          this.#lines.push(this.#buf.slice(0, i));
          this.#buf = this.#buf.slice(i + 1);
        }
        this.#wake();
      }
    } catch { /* closed */ }
    this.#closed = true;
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** True once the driver closed the connection. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Sends one line.
   * @param line without newline
   */
  async send(line: string): Promise<void> {
    const data = new TextEncoder().encode(line + "\n");
    let off = 0;
    while (off < data.length) off += await this.#conn.write(data.subarray(off));
  }

  /**
   * Waits for a line matching `match` and returns every line received up to it (inclusive), consuming
   * them.
   * @param match the awaited line
   * @param timeoutMs limit
   * @returns the lines
   */
  async until(match: (line: string) => boolean, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.#lines.findIndex(match);
      if (i >= 0) return this.#lines.splice(0, i + 1);
      if (this.#closed) throw new Error(`connection closed; got ${JSON.stringify(this.#lines)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.#lines)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Lines received and not consumed yet, after waiting a little for more.
   * @param settleMs how long to wait
   * @returns the lines (consumed)
   */
  async drain(settleMs = 200): Promise<string[]> {
    await new Promise((r) => setTimeout(r, settleMs));
    return this.#lines.splice(0);
  }

  /**
   * Sends DUMPALL and returns the transcript up to DUMPDONE.
   * @returns the lines
   */
  async dumpAll(): Promise<string[]> {
    await this.send("DUMPALL");
    return await this.until((l) => l === "DUMPDONE");
  }

  /** @inheritdoc */
  [Symbol.dispose](): void {
    try {
      this.#conn.close();
    } catch { /* closed */ }
  }
}

/**
 * Connects to a driver socket (waiting for it to appear) and returns its DUMPALL transcript.
 * @param path the socket
 * @param timeoutMs limit
 * @returns the lines, DUMPDONE included
 */
export async function dumpAllOf(path: string, timeoutMs = 15_000): Promise<string[]> {
  const peer = await waitFor(() => SockPeer.connect(path), `socket ${path}`, timeoutMs);
  using p = peer;
  return await p.dumpAll();
}

/**
 * Starts NUT's dummy-ups in the foreground as root.
 * @param ups section name
 * @param confPath NUT_CONFPATH
 * @param statePath NUT_STATEPATH
 * @param extra more arguments
 * @returns the process
 */
export function spawnNutDummy(ups: string, confPath: string, statePath: string, extra: string[] = []): Proc {
  return new Proc(join(NUT_SBIN, "dummy-ups"), ["-a", ups, "-u", "root", "-F", ...extra], {
    env: { NUT_CONFPATH: confPath, NUT_STATEPATH: statePath, NUT_QUIET_INIT_BANNER: "true" },
  });
}

/** SETINFO lines that necessarily differ between NUT 2.8.0 and us: the driver's own version strings. */
export const VERSION_VARS: ReadonlySet<string> = new Set(["driver.version", "driver.version.internal"]);

/**
 * Variables whose value NUT 2.8.0's dummy-ups gets wrong for a definition file: a line with a name and
 * no value (e.g. `device.mfr:`) repeats the value of the previous line (its value buffer is not
 * cleared). We serve the empty value. NUT also copies ups.mfr/model/serial to device.* at start-up, so
 * a defect there propagates, and a defective device.* line is overwritten by that copy.
 * @param text the definition file
 * @returns lower-case variable names whose NUT value is not to be trusted
 */
export function emptyValueNames(text: string): Set<string> {
  const out = new Set<string>();
  const present = new Set<string>(["ups.mfr", "ups.model"]); // dummy-ups' essential variables
  for (const ins of parseDevFile(text).instructions) {
    if (ins.kind !== "set") continue;
    present.add(ins.name.toLowerCase());
    if (ins.empty) out.add(ins.name.toLowerCase());
  }
  // At start-up NUT copies ups.mfr/model/serial (when they exist) over device.*: the copy decides.
  for (const k of ["mfr", "model", "serial"]) {
    if (out.has(`ups.${k}`)) out.add(`device.${k}`);
    else if (present.has(`ups.${k}`)) out.delete(`device.${k}`);
  }
  return out;
}

const SETINFO = /^SETINFO (\S+) "(.*)"$/;

/**
 * Compares two DUMPALL transcripts, ignoring the version variables, and for the NUT-defect names
 * requiring our value to be empty (and ignoring NUT's).
 * @param nut NUT's lines
 * @param ours our lines
 * @param defects lower-case names of {@linkcode emptyValueNames}
 * @returns a description of the first difference, or undefined when they match
 */
export function compareDumps(
  nut: string[],
  ours: string[],
  defects: ReadonlySet<string> = new Set(),
): string | undefined {
  const norm = (lines: string[], side: "nut" | "ours"): string[] | string => {
    const out: string[] = [];
    for (const l of lines) {
      const m = SETINFO.exec(l);
      if (m && VERSION_VARS.has(m[1])) continue;
      if (m && defects.has(m[1].toLowerCase())) {
        if (side === "ours" && m[2] !== "") return `${m[1]}: expected the empty value, got "${m[2]}"`;
        out.push(`SETINFO ${m[1]} ""`);
        continue;
      }
      out.push(l);
    }
    return out;
  };
  const a = norm(nut, "nut");
  const b = norm(ours, "ours");
  if (typeof b === "string") return b;
  if (typeof a === "string") return a;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}: NUT ${JSON.stringify(a[i] ?? "(end)")} vs ours ${
        JSON.stringify(b[i] ?? "(end)")
      }`;
    }
  }
  return undefined;
}

/**
 * Every `*.dev` file under a directory, sorted.
 * @param dir the directory
 * @returns absolute paths
 */
export async function devFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.name.endsWith(".dev")) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * Runs tasks with bounded concurrency.
 * @param items the inputs
 * @param limit tasks at once
 * @param fn the task
 * @returns the results in input order
 */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
