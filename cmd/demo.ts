/**
 * `nut demo`: the whole stack on an embedded simulated UPS, no root, no hardware.
 * @module
 */
import { parseArgs, UsageError } from "../lib/cli/getopt.ts";
import { type Output, stdio } from "../lib/cli/io.ts";
import { runDemo } from "../lib/demo/run.ts";

const USAGE = `Usage: nut demo [--port N] [--step S] [--duration S] [--plain]

A simulated UPS (a real Eaton 5P 650 device dump) plays a power cut through NUT's dummy-ups driver,
served by the data server on 127.0.0.1 and shown live. Query it meanwhile with upsc, upscmd, upsrw or
nut client from another terminal.

  --port N       TCP port on 127.0.0.1 (default 3493; a free port when 3493 is taken; 0 = any)
  --step S       whole seconds between steps of the power-cut story (default 2)
  --duration S   stop after S seconds (default: run until Ctrl-C)
  --plain        one line per status change instead of a live panel (default when not a terminal)
  -h, --help     this help
`;

/**
 * Runs the demo.
 * @param args arguments after `demo`
 * @param io output
 * @returns the exit code
 */
export async function main(args: string[], io: Output = stdio): Promise<number> {
  let p;
  try {
    p = parseArgs(args, { short: "h", long: ["port=", "step=", "duration=", "plain", "help|h"] }, 2);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`nut demo: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (p.has("h")) {
    io.out(USAGE);
    return 0;
  }
  const num = (name: string, fallback: number, min: number): number | undefined => {
    const v = p.value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    return Number.isFinite(n) && n >= min ? n : undefined;
  };
  const port = num("port", 3493, 0);
  const step = num("step", 2, 1);
  const duration = p.has("duration") ? num("duration", 0, 0) : undefined;
  if (
    port === undefined || port > 65535 || step === undefined || !Number.isInteger(step) ||
    (p.has("duration") && duration === undefined)
  ) {
    io.err(`nut demo: --port and --duration take numbers, --step whole seconds\n${USAGE}`);
    return 2;
  }
  const abort = new AbortController();
  const stop = () => abort.abort();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    await runDemo({
      port,
      step,
      durationSeconds: duration,
      live: !p.has("plain") && Deno.stdout.isTerminal(),
      io,
      signal: abort.signal,
    });
  } catch (e) {
    io.err(`nut demo: ${(e as Error).message}\n`);
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
  return 0;
}
