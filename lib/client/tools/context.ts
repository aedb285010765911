/**
 * What the NUT client programs (upsc, upscmd, upsrw) need from their surroundings, injectable so that
 * tests run them in-process: output, input, environment, the invoking user, and how to connect.
 * @module
 */
import type { Output } from "../../cli/io.ts";
import { NUT_COMPAT_VERSION, VERSION } from "../../version.ts";
import { type ConnectOptions, NutClient } from "../client.ts";
import { currentUserName, type Input, StdinInput } from "./prompt.ts";
import { stdio } from "../../cli/io.ts";

/** The surroundings of a client program run. */
export interface ToolContext {
  /** stdout / stderr. */
  out: Output;
  /** stdin (answers to prompts). */
  input: Input;
  /** Environment lookup. */
  env: (name: string) => string | undefined;
  /** The invoking user's name (default for the username prompt). */
  userName: () => string | undefined;
  /** Opens a connection (tests may wrap it). */
  connect: (host: string, port: number, options: ConnectOptions) => Promise<NutClient>;
}

/**
 * The real surroundings: the process's stdio, stdin, environment and network.
 * @returns the context
 */
export function processContext(): ToolContext {
  return {
    out: stdio,
    input: new StdinInput(),
    env: (name) => Deno.env.get(name),
    userName: currentUserName,
    connect: (host, port, options) => NutClient.connect(host, port, options),
  };
}

/**
 * The version line of a program (`-V`): NUT's banner naming the NUT release followed, plus ours.
 * @param prog program name
 * @returns e.g. "Network UPS Tools upsc 2.8.0 (nut 0.1.0)"
 */
export function versionLine(prog: string): string {
  return `Network UPS Tools ${prog} ${NUT_COMPAT_VERSION} (nut ${VERSION})`;
}

/**
 * The connect timeout in ms from `-W <secs>` or NUT_DEFAULT_CONNECT_TIMEOUT (NUT 2.8.5).
 * @param value the text, if given
 * @returns milliseconds, undefined when not given, or NaN when invalid
 */
export function connectTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+(\.\d+)?$/.test(value.trim())) return NaN;
  const secs = Number(value.trim());
  return secs > 0 ? Math.round(secs * 1000) : NaN;
}

/** NUT's timeout for replies (DEFAULT_NETWORK_TIMEOUT, 5 s). */
export const REPLY_TIMEOUT_MS = 5000;

/** NUT's default wait for a tracked result (`-t`, DEFAULT_TRACKING_TIMEOUT, 10 s). */
export const DEFAULT_TRACKING_TIMEOUT_S = 10;

/**
 * Parses `-t <seconds>` as NUT's str_to_uint does.
 * @param text the argument
 * @returns seconds, or the strerror text of the failure
 */
export function parseTrackingTimeout(text: string): number | { error: string } {
  const t = text.trim();
  if (!/^\+?\d+$/.test(t)) return { error: "Invalid argument" };
  const n = Number(t);
  if (n > 0xffffffff) return { error: "Numerical result out of range" };
  return n;
}

/**
 * A trace hook printing the protocol exchange on stderr when debugging (level 2 and up).
 * @param level the debug level
 * @param ctx where to print
 * @returns the hook, or undefined
 */
export function protocolTrace(
  level: number,
  ctx: ToolContext,
): ((direction: "send" | "recv", line: string) => void) | undefined {
  if (level < 2) return undefined;
  return (direction, line) => ctx.out.err(`${direction === "send" ? "->" : "<-"} ${line}\n`);
}

/**
 * The debug level from `-D` flags, else NUT_DEBUG_LEVEL.
 * @param flags how many -D were given
 * @param env environment lookup
 * @returns the level
 */
export function debugLevel(flags: number, env: (name: string) => string | undefined): number {
  if (flags > 0) return flags;
  const v = Number(env("NUT_DEBUG_LEVEL"));
  return Number.isInteger(v) && v > 0 ? v : 0;
}
