/**
 * X-PUSH STATUS (this server's extension, lib/protocol/push.ts): subscribes the session to a UPS's
 * status. The answer is the acceptance followed at once by the current line; later lines are written by
 * the push hub through the session's connection.
 * @module
 */
import { formatPushAccepted, type PushRequest } from "../protocol/push.ts";
import type { PushSubscriber, ServerContext } from "./context.ts";
import type { SessionState } from "./session_state.ts";

/**
 * Answers `X-PUSH STATUS <ups>`.
 * @param ctx the server
 * @param s the session's state
 * @param subscriber the session, or undefined when its connection cannot push
 * @param req the request
 * @returns the reply
 */
export function netPush(
  ctx: ServerContext,
  s: SessionState,
  subscriber: PushSubscriber | undefined,
  req: PushRequest,
): string {
  // Without a hub or a connection that can write on its own, the extension does not exist here.
  if (!ctx.push || !subscriber) return "ERR UNKNOWN-COMMAND\n";
  if (!ctx.ups.find(req.ups)) return "ERR UNKNOWN-UPS\n";
  s.pushing = true;
  return formatPushAccepted(req.ups) + "\n" + ctx.push.subscribe(subscriber, req.ups);
}
