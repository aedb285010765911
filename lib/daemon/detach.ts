/**
 * Backgrounding like NUT's daemons: without `-F`, the program starts a copy of itself in a new session,
 * waits until that copy says it is ready (or fails), and exits 0; init scripts see a daemon with a PID
 * file, as with NUT. The copy runs in the foreground mode with stdio detached.
 * @module
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { childEnv, DENO_RUN_FLAGS } from "../os/child_env.ts";

/** Environment variable telling the copy it is the background instance (holds the readiness fd protocol). */
export const DETACHED_ENV = "NUT_DETACHED_CHILD";

/**
 * The command line that starts this same program again (source run or compiled binary). Start it with
 * {@linkcode childEnv} in its environment (lib/os/child_env.ts: offline, our V8 flags).
 */
export function selfCommand(): string[] {
  if (Deno.build.standalone) return [Deno.execPath()];
  const main = Deno.mainModule.startsWith("file:") ? new URL(Deno.mainModule).pathname : Deno.mainModule;
  return [Deno.execPath(), "run", ...DENO_RUN_FLAGS, main];
}

/**
 * True when this process is the background copy started by {@linkcode detach}.
 * @returns whether to report readiness on stdout
 */
export function isDetachedChild(): boolean {
  return Deno.env.get(DETACHED_ENV) === "1";
}

/**
 * In the background copy: tells the waiting parent we are ready, then lets go of stdio.
 * Safe to call in the foreground (does nothing).
 * @param code the exit code the parent should report (0: all is well; e.g. 1 when part of the work failed
 *   but the daemon keeps running for the rest)
 */
export function notifyReady(code = 0): void {
  if (!isDetachedChild()) return;
  try {
    Deno.stdout.writeSync(new TextEncoder().encode(`NUT-READY ${code}\n`));
  } catch { /* parent gone */ }
  Deno.env.delete(DETACHED_ENV);
  try {
    Deno.stdout.close();
  } catch { /* already closed */ }
  try {
    Deno.stderr.close();
  } catch { /* already closed */ }
}

/**
 * In the foreground process: starts the background copy with the same arguments and waits for it.
 * Its error output is passed through until it is ready, so start-up errors still reach the terminal.
 * @param args the program's own arguments (as the user gave them)
 * @param argv0 the program name (NUT_ARGV0 for the copy)
 * @param timeoutMs how long to wait for readiness
 * @param env extra environment of the copy (besides {@linkcode childEnv}, which it always gets)
 * @returns the code the copy reported with its readiness; its exit code (or 1) when it failed first
 */
export function detach(
  args: string[],
  argv0: string,
  timeoutMs = 120_000,
  env: Record<string, string> = {},
): Promise<number> {
  const [cmd, ...pre] = selfCommand();
  const child = spawn(cmd, [...pre, ...args], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...childEnv(), ...env, [DETACHED_ENV]: "1", NUT_ARGV0: argv0 },
  });
  return new Promise((resolve) => {
    let settled = false;
    let out = "";
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      resolve(code);
    };
    const timer = setTimeout(() => {
      process.stderr.write(`Background process ${child.pid} did not report readiness in ${timeoutMs} ms\n`);
      finish(1);
    }, timeoutMs);
    child.stdout?.on("data", (d: Uint8Array) => {
      out += new TextDecoder().decode(d);
      const m = /NUT-READY(?: (\d+))?\n/.exec(out);
      if (m) finish(Number(m[1] ?? 0));
    });
    child.stderr?.on("data", (d: Uint8Array) => process.stderr.write(d));
    child.on("exit", (code) => finish(code === 0 || code === null ? 1 : code));
    child.on("error", (e) => {
      process.stderr.write(`Cannot start background process: ${e.message}\n`);
      finish(1);
    });
  });
}
