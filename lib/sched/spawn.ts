/**
 * Starting the timer daemon in the background (NUT forks; we start this program again, detached, with
 * the daemon's settings in one environment variable) and recognising that we are that daemon.
 * @module
 */
import { detach } from "../daemon/detach.ts";
import type { SchedSettings } from "./plan.ts";

/** Environment variable holding the settings of the daemon to become (JSON). */
export const TIMER_DAEMON_ENV = "NUT_UPSSCHED_TIMER_DAEMON";

/** What the background copy needs to be the daemon. */
export interface TimerDaemonSpec extends SchedSettings {
  /** Debug level of the call that started it. */
  debug: number;
}

/**
 * Starts the daemon and waits until it listens on PIPEFN (it then removes LOCKFN).
 * @param spec the settings
 * @param timeoutMs how long to wait
 * @returns true when it is ready
 */
export async function spawnTimerDaemon(spec: TimerDaemonSpec, timeoutMs = 15_000): Promise<boolean> {
  Deno.env.set(TIMER_DAEMON_ENV, JSON.stringify(spec));
  try {
    return (await detach([], "upssched", timeoutMs)) === 0;
  } finally {
    Deno.env.delete(TIMER_DAEMON_ENV);
  }
}

/**
 * Reads the daemon settings when this process was started to be the timer daemon.
 * @param value the variable's value
 * @returns the settings, or undefined when absent or malformed
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const spec = { cmdScript: ["/bin/cmd"], pipeFn: "/run/p", lockFn: "/run/l", debug: 0 };
 * assertEquals(parseTimerDaemonSpec(JSON.stringify(spec)), spec);
 * assertEquals(parseTimerDaemonSpec("{}"), undefined);
 * ```
 */
export function parseTimerDaemonSpec(value: string | undefined): TimerDaemonSpec | undefined {
  if (!value) return undefined;
  try {
    const v = JSON.parse(value);
    if (
      typeof v?.pipeFn === "string" && typeof v.lockFn === "string" && Array.isArray(v.cmdScript) &&
      v.cmdScript.every((w: unknown) => typeof w === "string") && Number.isInteger(v.debug)
    ) {
      return { cmdScript: v.cmdScript, pipeFn: v.pipeFn, lockFn: v.lockFn, debug: v.debug };
    }
  } catch { /* not ours */ }
  return undefined;
}
