/**
 * What upscmd and upsrw share around their own work: NUT's messages for a failure, the common options
 * (-t -W -D -V -h), connecting to `<ups>[@host[:port]]`, and turning tracking on for -w.
 * @module
 */
import { NutError } from "../../protocol/errors.ts";
import { ClientError } from "../errors.ts";
import { AddressError, type DeviceAddress, splitName } from "../address.ts";
import type { NutClient } from "../client.ts";
import type { GetoptOption, GetoptResult } from "./posix_getopt.ts";
import {
  connectTimeout,
  debugLevel,
  DEFAULT_TRACKING_TIMEOUT_S,
  parseTrackingTimeout,
  protocolTrace,
  REPLY_TIMEOUT_MS,
  type ToolContext,
} from "./context.ts";
import { exchange, ToolFailure } from "./session.ts";

/**
 * The text NUT's clients print for a server error or a connection failure.
 * @param e the error
 * @returns its message
 * @throws the error itself when it is neither (a bug, not a NUT failure)
 */
export function reason(e: unknown): string {
  if (e instanceof NutError || e instanceof ClientError) return e.message;
  throw e;
}

/** Settings of the options upscmd and upsrw share. */
export interface CommonSettings {
  /** -u */
  username?: string;
  /** -p */
  password?: string;
  /** -w */
  track: boolean;
  /** -t seconds */
  timeoutS: number;
  /** -W, else NUT_DEFAULT_CONNECT_TIMEOUT */
  timeoutText?: string;
  /** number of -D */
  debug: number;
}

/**
 * The initial settings.
 * @param ctx surroundings (for NUT_DEFAULT_CONNECT_TIMEOUT)
 * @returns defaults
 */
export function commonDefaults(ctx: ToolContext): CommonSettings {
  return {
    track: false,
    timeoutS: DEFAULT_TRACKING_TIMEOUT_S,
    timeoutText: ctx.env("NUT_DEFAULT_CONNECT_TIMEOUT"),
    debug: 0,
  };
}

/**
 * Applies one of the shared options.
 * @param o the option
 * @param s settings to update
 * @returns "handled", "unknown" (not a shared option), or an exit code to return now (bad -t)
 */
export function applyCommonOption(
  o: GetoptOption,
  s: CommonSettings,
  ctx: ToolContext,
): "handled" | "unknown" | number {
  switch (o.letter) {
    case "u":
      s.username = o.value;
      return "handled";
    case "p":
      s.password = o.value;
      return "handled";
    case "w":
      s.track = true;
      return "handled";
    case "W":
      s.timeoutText = o.value;
      return "handled";
    case "D":
      s.debug++;
      return "handled";
    case "t": {
      const t = parseTrackingTimeout(o.value ?? "");
      if (typeof t !== "number") {
        ctx.out.err(
          `Could not convert the provided value for timeout ('-t' option) to unsigned int: ${t.error}\n`,
        );
        return 1;
      }
      s.timeoutS = t;
      return "handled";
    }
    default:
      return "unknown";
  }
}

/**
 * Connects to the server of `<ups>[@host[:port]]`, printing NUT's messages on failure.
 * @param operand the device argument
 * @param s settings (-W, -D)
 * @param ctx surroundings
 * @returns the address and connection, or the exit code when it failed
 */
export async function connectDevice(
  operand: string,
  s: CommonSettings,
  ctx: ToolContext,
): Promise<{ address: DeviceAddress; client: NutClient } | number> {
  const { out } = ctx;
  const connectMs = connectTimeout(s.timeoutText);
  if (connectMs !== undefined && Number.isNaN(connectMs)) {
    out.err(`Error: invalid network timeout: ${s.timeoutText}\n`);
    return 1;
  }
  let address: DeviceAddress;
  try {
    address = splitName(operand);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    if (e.message) out.err(e.message + "\n");
    out.err("Error: invalid UPS definition.  Required format: upsname[@hostname[:port]]\n");
    return 1;
  }
  try {
    const client = await ctx.connect(address.host, address.port, {
      timeoutMs: REPLY_TIMEOUT_MS,
      connectTimeoutMs: connectMs,
      trace: protocolTrace(debugLevel(s.debug, ctx.env), ctx),
    });
    return { address, client };
  } catch (e) {
    out.err(`Error: ${reason(e)}\n`);
    return 1;
  }
}

/**
 * Sends USERNAME and PASSWORD (NUT's programs ignore the answers; the server refuses later requests).
 * @param client the connection
 * @param username the user
 * @param password the password
 */
export async function sendCredentials(client: NutClient, username: string, password: string): Promise<void> {
  await exchange(client, ["USERNAME", username], "Can't set username", "Set username failed");
  await exchange(client, ["PASSWORD", password], "Can't set password", "Set password failed");
}

/**
 * Turns TRACKING on (-w), with NUT's messages naming what is tracked.
 * @param client the connection
 * @param what "command" (upscmd) or "set variable" (upsrw)
 * @throws {ToolFailure} when the server does not accept it
 */
export async function enableTracking(client: NutClient, what: string): Promise<void> {
  const reply = await exchange(
    client,
    ["SET", "TRACKING", "ON"],
    `Can't enable ${what} status tracking`,
    `Enabling ${what} status tracking failed`,
  );
  if (!reply.startsWith("OK")) {
    throw new ToolFailure(`Enabling ${what} status tracking failed. upsd answered: ${reply}`);
  }
}

/**
 * After the options: the usage on a bad option or a missing `<ups>` (exit 0, as NUT's upscmd and upsrw),
 * else the connection to the device's server.
 * @param parsed the parsed command line
 * @param usage the program's usage text
 * @param s settings (-W, -D)
 * @param ctx surroundings
 * @returns the address, connection and operands, or the exit code
 */
export async function connectOperand(
  parsed: GetoptResult,
  usage: string,
  s: CommonSettings,
  ctx: ToolContext,
): Promise<{ address: DeviceAddress; client: NutClient; operands: string[] } | number> {
  const { out } = ctx;
  if (parsed.error) {
    out.err(parsed.error + "\n");
    out.out(usage);
    return 0;
  }
  if (parsed.operands.length < 1) {
    out.out(usage);
    return 0;
  }
  const connected = await connectDevice(parsed.operands[0], s, ctx);
  if (typeof connected === "number") return connected;
  return { ...connected, operands: parsed.operands };
}
