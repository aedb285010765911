/**
 * Starting a driver as its own program, as NUT's upsdrvctl does: `<driverpath>/<driver> -a <ups> ...`,
 * waiting for it to go to the background (exit 0) within maxstartdelay. Used for NUT's C drivers that
 * this binary does not implement, and for ours in process-per-driver mode.
 * @module
 */

/** A program to run and how long to wait. */
export interface ExecRequest {
  /** Program path. */
  cmd: string;
  /** Arguments. */
  args: string[];
  /** Extra environment. */
  env?: Record<string, string>;
  /** Deadline in ms. */
  timeoutMs: number;
  /** Keep stdio attached (foreground, -F): the program stays our child and we do not wait for it. */
  foreground?: boolean;
}

/** How a start went. */
export interface ExecResult {
  /** Exit code (undefined when it was still running at the deadline, or runs in the foreground). */
  code?: number;
  /** Why it failed, when it did. */
  error?: string;
  /** The child, in foreground mode. */
  child?: Deno.ChildProcess;
}

/**
 * Runs a driver program and waits for it to background itself.
 * @param req what to run
 * @returns its exit code, or the reason it failed
 */
export async function execDriver(req: ExecRequest): Promise<ExecResult> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(req.cmd, {
      args: req.args,
      env: req.env,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (e) {
    return { error: `Can't start ${req.cmd}: ${(e as Error).message}` };
  }
  if (req.foreground) return { child };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((r) => timer = setTimeout(() => r(undefined), req.timeoutMs));
  const status = await Promise.race([child.status, timeout]);
  clearTimeout(timer);
  if (status === undefined) {
    child.unref();
    return { error: `Startup timer elapsed, continuing...` };
  }
  if (status.code !== 0) {
    return { code: status.code, error: `Driver failed to start (exit status=${status.code})` };
  }
  return { code: 0 };
}
