/**
 * Helpers of the cross-process tests: free ports on 127.0.0.1, temporary NUT directories, our binary
 * and NUT's programs as disposable processes, bounded waits.
 * @module
 */
import net from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DENO_RUN_FLAGS, OFFLINE_ENV } from "../lib/os/child_env.ts";

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("..", import.meta.url));

/** Where the reference NUT 2.8.0 programs live when installed (Debian). */
export const NUT_SBIN = "/lib/nut";

/** Real-world data shared by the team (device dumps, HID descriptors, SNMP walks); NUT_SHARED_DATA overrides. */
export const SHARED_DATA: string = Deno.env.get("NUT_SHARED_DATA") ?? join(ROOT, "..", "shared", "data");

/** Device dumps copied into the repository, so tests need nothing outside it. */
export const FIXTURE_DDL: string = join(ROOT, "tests", "fixtures", "ddl");

/**
 * A free TCP port on 127.0.0.1.
 * @returns the port number
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Waits until `check` returns a truthy value, polling, bounded in time.
 * @param check the condition (may be async)
 * @param what description for the timeout error
 * @param timeoutMs limit
 * @returns the truthy value
 */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`,
  );
}

/** A temporary directory removed on dispose. */
export interface TempDir extends AsyncDisposable {
  /** Its path. */
  path: string;
  /**
   * Writes a file inside it.
   * @param name relative name
   * @param text content
   * @param mode file mode
   * @returns the full path
   */
  write(name: string, text: string, mode?: number): Promise<string>;
}

/**
 * Creates a temporary directory (world-accessible, since NUT's programs may drop to user "nut").
 * @param prefix name prefix
 * @returns the directory handle
 */
export async function tempDir(prefix = "nut-test-"): Promise<TempDir> {
  const path = await Deno.makeTempDir({ prefix });
  await Deno.chmod(path, 0o777);
  return {
    path,
    async write(name, text, mode = 0o644) {
      const p = join(path, name);
      await Deno.writeTextFile(p, text);
      await Deno.chmod(p, mode);
      return p;
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    },
  };
}

/** Result of a finished command. */
export interface CommandResult {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Options of a spawned process. */
export interface SpawnOptions {
  /** Extra environment. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** Text written to stdin (then closed). */
  stdin?: string;
  /** Limit for run(): killed after this many ms (default 20 s). */
  timeoutMs?: number;
}

/**
 * Runs a program to completion, bounded in time.
 * @param cmd program path
 * @param args arguments
 * @param options environment, cwd, stdin, timeout
 * @returns exit code and output
 */
export async function run(cmd: string, args: string[], options: SpawnOptions = {}): Promise<CommandResult> {
  const child = new Deno.Command(cmd, {
    args,
    env: options.env,
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(options.stdin));
    await w.close();
  }
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, options.timeoutMs ?? 20_000);
  try {
    const out = await child.output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The arguments that run our binary from source under a NUT program name: offline as our programs start
 * theirs (lib/os/child_env.ts), with the V8 settings of the caller (as `deno run` from the source tree).
 */
export function nutCommand(argv0 = "nut"): { cmd: string; args: string[]; env: Record<string, string> } {
  return {
    cmd: Deno.execPath(),
    args: ["run", ...DENO_RUN_FLAGS, join(ROOT, "main.ts")],
    env: { ...OFFLINE_ENV, NUT_ARGV0: argv0 },
  };
}

/**
 * Runs our binary to completion as `argv0` (e.g. "upsc") with the given arguments.
 * @param argv0 program name
 * @param args arguments
 * @param options environment etc.
 * @returns exit code and output
 */
export function runNut(argv0: string, args: string[], options: SpawnOptions = {}): Promise<CommandResult> {
  const c = nutCommand(argv0);
  return run(c.cmd, [...c.args, ...args], { ...options, env: { ...c.env, ...options.env } });
}

/** A long-running process, killed on dispose; its output is collected. */
export class Proc implements AsyncDisposable {
  #child: Deno.ChildProcess;
  #stdout = "";
  #stderr = "";
  #done: Promise<Deno.CommandStatus>;
  #pumps: Promise<void>[] = [];

  /**
   * Starts a program.
   * @param cmd program path
   * @param args arguments
   * @param options environment, cwd
   */
  constructor(cmd: string, args: string[], options: SpawnOptions = {}) {
    this.#child = new Deno.Command(cmd, {
      args,
      env: options.env,
      cwd: options.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#pumps.push(this.#pump(this.#child.stdout, (t) => this.#stdout += t));
    this.#pumps.push(this.#pump(this.#child.stderr, (t) => this.#stderr += t));
    this.#done = this.#child.status;
  }

  async #pump(stream: ReadableStream<Uint8Array>, add: (t: string) => void): Promise<void> {
    const dec = new TextDecoder();
    for await (const chunk of stream) add(dec.decode(chunk, { stream: true }));
  }

  /** Process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** Output so far. */
  get stdout(): string {
    return this.#stdout;
  }

  /** Error output so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** Resolves with the exit status. */
  get status(): Promise<Deno.CommandStatus> {
    return this.#done;
  }

  /**
   * Waits until the output (stdout + stderr) matches.
   * @param pattern what to wait for
   * @param timeoutMs limit
   */
  async waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    await waitFor(
      () => pattern.test(this.#stdout) || pattern.test(this.#stderr),
      `output ${pattern}`,
      timeoutMs,
    )
      .catch((e) => {
        throw new Error(
          `${(e as Error).message}\n--- stdout:\n${this.#stdout}\n--- stderr:\n${this.#stderr}`,
        );
      });
  }

  /**
   * Sends a signal.
   * @param signal the signal
   */
  kill(signal: Deno.Signal = "SIGTERM"): void {
    try {
      this.#child.kill(signal);
    } catch { /* already gone */ }
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL after a grace period) and waits for it.
   * @returns the exit status
   */
  async stop(graceMs = 3000): Promise<Deno.CommandStatus> {
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    try {
      const s = await this.#done;
      await Promise.allSettled(this.#pumps);
      return s;
    } finally {
      clearTimeout(timer);
    }
  }

  /** @inheritdoc */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * Starts our binary as a long-running process.
 * @param argv0 program name (e.g. "upsd", "dummy-ups", "nut")
 * @param args arguments
 * @param options environment etc.
 * @returns the process handle
 */
export function spawnNut(argv0: string, args: string[], options: SpawnOptions = {}): Proc {
  const c = nutCommand(argv0);
  return new Proc(c.cmd, [...c.args, ...args], { ...options, env: { ...c.env, ...options.env } });
}

/**
 * Why the NUT 2.8.0 reference programs cannot be used, or undefined when they can.
 * @returns a reason to skip, or undefined
 */
export function nutPeerMissing(): string | undefined {
  for (const p of [`${NUT_SBIN}/upsd`, `${NUT_SBIN}/dummy-ups`, "/usr/bin/upsc"]) {
    try {
      Deno.statSync(p);
    } catch {
      return `reference NUT not installed (${p} missing; run tests/setup_peers.sh as root)`;
    }
  }
  return undefined;
}

/**
 * Resident memory of a process in kB (VmRSS), or 0 when it is gone.
 * @param pid the process
 * @returns kB
 */
export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
