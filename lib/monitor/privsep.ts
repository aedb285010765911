/**
 * NUT's privilege separation of upsmon: a privileged parent whose only power is to write POWERDOWNFLAG
 * and run SHUTDOWNCMD, and an unprivileged child that does all the monitoring. The child asks over a
 * pipe (its standard output, read by the parent) with one line from a closed vocabulary:
 *
 * - `READY`: the child is up (the parent then reports readiness when backgrounding);
 * - `SHUTDOWN`: write POWERDOWNFLAG and run SHUTDOWNCMD (once; repeats are ignored).
 *
 * Anything else (a line of other text, or a line over {@linkcode MAX_PIPE_LINE} bytes) is logged and
 * ignored. The parent lives as long as the child: when the child exits, so does the parent. The child
 * watches its standard input, a pipe from the parent: end of file means the parent died (NOPARENT).
 * @module
 */
import { LineFramer, TOO_LONG } from "../words/line_framer.ts";
import { runShutdownCmd, type ShutdownSettings } from "./shutdown.ts";

/** The requests of the child. */
export type PipeRequest = "READY" | "SHUTDOWN";

/** Longest accepted line on the pipe, newline excluded. */
export const MAX_PIPE_LINE = 64;

/**
 * Reads a line of the pipe protocol.
 * @param line the line (without newline)
 * @returns the request, or undefined for anything else
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([parsePipeLine("SHUTDOWN"), parsePipeLine("shutdown"), parsePipeLine("SHUTDOWN now")], ["SHUTDOWN", undefined, undefined]);
 * ```
 */
export function parsePipeLine(line: string): PipeRequest | undefined {
  return line === "READY" || line === "SHUTDOWN" ? line : undefined;
}

/** Options of {@linkcode runParent}. */
export interface ParentOptions extends ShutdownSettings {
  /** The child's standard output (the pipe). */
  pipe: ReadableStream<Uint8Array>;
  /** Resolves with the child's exit code. */
  childExit: Promise<number>;
  /** Called on the child's first READY. */
  onReady?: () => void;
}

/**
 * The privileged parent's loop: waits for the child's requests until the child exits.
 * @param options the pipe, the child's exit, SHUTDOWNCMD and POWERDOWNFLAG
 * @returns the exit code for the parent (the child's)
 */
export async function runParent(options: ParentOptions): Promise<number> {
  const { log } = options;
  const framer = new LineFramer(MAX_PIPE_LINE);
  let ready = false;
  let shutdownStarted = false;
  const shutdowns: Promise<unknown>[] = [];
  try {
    for await (const chunk of options.pipe) {
      for (const line of framer.push(chunk)) {
        const request = line === TOO_LONG ? undefined : parsePipeLine(line);
        if (request === "READY") {
          if (!ready) options.onReady?.();
          ready = true;
        } else if (request === "SHUTDOWN") {
          if (shutdownStarted) {
            log.debug(1, "upsmon parent: shutdown already started, request ignored");
            continue;
          }
          shutdownStarted = true;
          shutdowns.push(runShutdownCmd(options, "upsmon parent: "));
        } else {
          log.warn(
            `upsmon parent: ignoring unexpected message from the child (${
              line === TOO_LONG ? `a line over ${MAX_PIPE_LINE} bytes` : JSON.stringify(line.slice(0, 32))
            })`,
          );
        }
      }
    }
  } catch (e) {
    log.error(`upsmon parent: read: ${(e as Error).message}`);
  }
  const code = await options.childExit;
  await Promise.all(shutdowns);
  log.info(`upsmon parent: exiting (child exited${code ? ` with status ${code}` : ""})`);
  return code;
}
