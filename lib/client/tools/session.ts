/**
 * The raw exchanges upscmd and upsrw make, with NUT's messages for each failure: they read the server's
 * lines themselves (NUT's programs ignore the answers to USERNAME and PASSWORD and print unexpected
 * answers verbatim), so they use {@linkcode NutClient.raw}.
 * @module
 */
import { ClientError } from "../errors.ts";
import type { NutClient } from "../client.ts";
import { formatRequest } from "../reply.ts";

/** A failure that ends the program with this stderr line and exit code 1. */
export class ToolFailure extends Error {
  /**
   * @param message the whole stderr line
   */
  constructor(message: string) {
    super(message);
    this.name = "ToolFailure";
  }
}

/**
 * Sends a request and returns the line read, turning transport failures into NUT's two messages.
 * @param client the connection
 * @param words the request
 * @param sendFailed prefix when sending fails (e.g. "Can't set username")
 * @param readFailed prefix when reading fails (e.g. "Set username failed")
 * @param timeoutMs read limit
 * @returns the reply line
 */
export async function exchange(
  client: NutClient,
  words: readonly string[],
  sendFailed: string,
  readFailed: string,
  timeoutMs?: number,
): Promise<string> {
  try {
    formatRequest(words);
  } catch (e) {
    throw new ToolFailure(`${sendFailed}: ${(e as Error).message}`);
  }
  try {
    return await client.raw(words, { timeoutMs });
  } catch (e) {
    if (!(e instanceof ClientError)) throw e;
    const prefix = e.kind === "WRITE" || e.kind === "CLOSED" ? sendFailed : readFailed;
    throw new ToolFailure(`${prefix}: ${e.message}`);
  }
}

/** The length of "OK TRACKING <uuid>" NUT requires before it tracks (12 + 36 characters). */
const TRACKING_REPLY_LENGTH = "OK TRACKING ".length + 36;

/**
 * Checks the answer to SET VAR / INSTCMD and, with -w, waits for the result as NUT does.
 * @param client the connection
 * @param reply the answer line
 * @param track whether -w was given
 * @param timeoutS -t seconds
 * @returns the line NUT prints on stderr ("OK", "SUCCESS", "ERR FAILED", ...)
 * @throws {ToolFailure} "Unexpected response from upsd: <line>" and the tracking failures
 */
export async function finishCommand(
  client: NutClient,
  reply: string,
  track: boolean,
  timeoutS: number,
): Promise<string> {
  if (!reply.startsWith("OK")) throw new ToolFailure(`Unexpected response from upsd: ${reply}`);
  if (!track || reply.length !== TRACKING_REPLY_LENGTH || !reply.startsWith("OK TRACKING ")) return reply;
  const id = reply.slice("OK TRACKING ".length);
  const start = Date.now();
  let pause = 100;
  for (;;) {
    if (Date.now() - start >= timeoutS * 1000) {
      throw new ToolFailure("Can't receive status tracking information: timeout");
    }
    const line = await exchange(
      client,
      ["GET", "TRACKING", id],
      "Can't send status tracking request",
      "Can't receive status tracking information",
      Math.max(1000, timeoutS * 1000),
    );
    if (!line.startsWith("PENDING")) return line;
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(1000, pause * 2);
  }
}
