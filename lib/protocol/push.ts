/**
 * `X-PUSH`: status push, an extension of this server beyond NUT's protocol. A client subscribes to a UPS
 * and the server tells it, at once and at every change, what `GET VAR <ups> ups.status` would answer; the
 * monitor uses it to learn of a power event without waiting for its next poll. NUT's servers do not know
 * the verb and answer `ERR UNKNOWN-COMMAND` (checked against NUT 2.8.0's upsd), which is the client's cue
 * to keep polling; NUT's clients never send it, so nothing changes for them.
 *
 * ```
 * C: X-PUSH STATUS <ups>
 * S: OK X-PUSH STATUS <ups>                                 subscribed; the current state follows at once
 * S: X-PUSH STATUS <ups> "<ups.status>" ["<ups.alarm>"]     the UPS's status (and alarm, when it has one)
 * S: X-PUSH ERR <ups> <word>                                what GET VAR <ups> ups.status answers instead:
 *                                                           DATA-STALE, DRIVER-NOT-CONNECTED, UNKNOWN-UPS,
 *                                                           VAR-NOT-SUPPORTED
 * ```
 *
 * - A subscription needs no USERNAME, PASSWORD or LOGIN: the status is public (GET VAR needs none), and a
 *   subscriber that logged in would count as one more host drawing power in NUMLOGINS.
 * - Refusals: `ERR UNKNOWN-UPS` (no such UPS), `ERR INVALID-ARGUMENT` (a sub-command other than STATUS, or
 *   not exactly one UPS name: options a later version may add are refused, never silently ignored).
 * - The verb and sub-command match without regard to case; the UPS name is echoed as the client spelled it.
 *   Subscribing again to the same UPS (in any spelling) replaces the subscription and sends the current
 *   line again.
 * - A pushed line is sent whenever the answer of `GET VAR <ups> ups.status` (or of `ups.alarm`) changes:
 *   a driver's SETINFO, DATASTALE/DATAOK, the FSD latch set by a primary, the driver's connection lost or
 *   (re)made, MAXAGE passing without news from the driver (noticed within the server's one-second tick),
 *   the UPS removed from or added back to ups.conf by a reload. Equal consecutive lines are not repeated.
 * - Pushed lines always begin with `X-PUSH`; every other line the server sends answers the client's
 *   requests, in order. A subscriber may send any other request on the same connection.
 * - As every client, a subscriber that sends no request for 60 s is disconnected: it sends one (the
 *   client library sends `NETVER`) every 20 s, whose answer also tells it the server is alive.
 * - A subscriber that does not read is disconnected once its unsent output passes the server's per-client
 *   bound, as for any reply.
 * - STARTTLS comes first: after a subscription it is refused with `ERR INVALID-ARGUMENT` (lines pushed
 *   during the handshake would break it). Over TLS, pushed lines are encrypted as every reply.
 * - A subscription ends with the connection.
 * @module
 */
import { formatWord, quoteWord } from "../words/encode.ts";
import type { Request } from "./request.ts";

/** The extension's command word (also the first word of every pushed line). */
export const PUSH_VERB = "X-PUSH";

/** The one sub-command: status of a UPS. */
export const PUSH_STATUS = "STATUS";

/** `X-PUSH STATUS <ups>`: subscribe to a UPS's status. */
export interface PushRequest {
  /** Discriminant. */
  kind: "PUSH_STATUS";
  /** The command word. */
  verb: "X-PUSH";
  /** The UPS as the client spelled it. */
  ups: string;
}

/** A line the server pushes. */
export type PushMessage =
  /** The UPS's `ups.status`, and `ups.alarm` when the UPS has that variable. */
  | { kind: "STATUS"; ups: string; status: string; alarm?: string }
  /** `GET VAR <ups> ups.status` answers this error now (DATA-STALE, DRIVER-NOT-CONNECTED...). */
  | { kind: "ERR"; ups: string; code: string };

/**
 * Parses the words after `X-PUSH`.
 * @param args the words after the command word
 * @returns the request, or INVALID for anything but exactly `STATUS <ups>`
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parsePush(["status", "ups1"]), { kind: "PUSH_STATUS", verb: "X-PUSH", ups: "ups1" });
 * assertEquals(parsePush(["STATUS", "ups1", "extra"]), { kind: "INVALID", verb: "X-PUSH" });
 * ```
 */
export function parsePush(args: readonly string[]): Request {
  if (args.length === 2 && args[0].toUpperCase() === PUSH_STATUS && args[1] !== "") {
    return { kind: "PUSH_STATUS", verb: "X-PUSH", ups: args[1] };
  }
  return { kind: "INVALID", verb: "X-PUSH" };
}

/**
 * The request line (no newline).
 * @param ups the UPS
 * @returns `X-PUSH STATUS <ups>`
 */
export function formatPushRequest(ups: string): string {
  return `${PUSH_VERB} ${PUSH_STATUS} ${formatWord(ups)}`;
}

/**
 * The answer that accepts a subscription (no newline).
 * @param ups the UPS as the client spelled it
 * @returns `OK X-PUSH STATUS <ups>`
 */
export function formatPushAccepted(ups: string): string {
  return `OK ${PUSH_VERB} ${PUSH_STATUS} ${formatWord(ups)}`;
}

/**
 * Whether the words of a reply line accept the subscription to `ups`.
 * @param words the line's words
 * @param ups the UPS as sent
 * @returns true for `OK X-PUSH STATUS <ups>` (names compared without regard to case)
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(isPushAccepted(["OK", "X-PUSH", "STATUS", "UPS1"], "ups1"), true);
 * assertEquals(isPushAccepted(["OK"], "ups1"), false);
 * ```
 */
export function isPushAccepted(words: readonly string[], ups: string): boolean {
  return words.length === 4 && words[0] === "OK" && words[1].toUpperCase() === PUSH_VERB &&
    words[2].toUpperCase() === PUSH_STATUS && words[3].toLowerCase() === ups.toLowerCase();
}

/**
 * A pushed line (no newline). Values are always quoted, as in `VAR` answers.
 * @param message the message
 * @returns the line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(formatPushMessage({ kind: "STATUS", ups: "ups1", status: "OB LB" }), 'X-PUSH STATUS ups1 "OB LB"');
 * assertEquals(formatPushMessage({ kind: "ERR", ups: "ups1", code: "DATA-STALE" }), "X-PUSH ERR ups1 DATA-STALE");
 * ```
 */
export function formatPushMessage(message: PushMessage): string {
  const ups = formatWord(message.ups);
  if (message.kind === "ERR") return `${PUSH_VERB} ERR ${ups} ${formatWord(message.code)}`;
  const head = `${PUSH_VERB} ${PUSH_STATUS} ${ups} ${quoteWord(message.status)}`;
  return message.alarm === undefined ? head : `${head} ${quoteWord(message.alarm)}`;
}

/**
 * Whether a line's words are a pushed line (rather than the answer to a request).
 * @param words the words
 * @returns true when the first word is `X-PUSH`
 */
export function isPushLine(words: readonly string[]): boolean {
  return words.length > 0 && words[0].toUpperCase() === PUSH_VERB;
}

/**
 * Parses a pushed line.
 * @param words the line's words
 * @returns the message, or undefined when the words are not a well-formed pushed line
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(parsePushMessage(["X-PUSH", "STATUS", "ups1", "OL ALARM", "Replace battery!"]), {
 *   kind: "STATUS", ups: "ups1", status: "OL ALARM", alarm: "Replace battery!",
 * });
 * assertEquals(parsePushMessage(["OK"]), undefined);
 * ```
 */
export function parsePushMessage(words: readonly string[]): PushMessage | undefined {
  if (!isPushLine(words) || words.length < 4) return undefined;
  const kind = words[1].toUpperCase();
  if (kind === "ERR" && words.length === 4) return { kind: "ERR", ups: words[2], code: words[3] };
  if (kind !== PUSH_STATUS || words.length > 5) return undefined;
  return words.length === 5
    ? { kind: "STATUS", ups: words[2], status: words[3], alarm: words[4] }
    : { kind: "STATUS", ups: words[2], status: words[3] };
}
