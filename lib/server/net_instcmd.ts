/**
 * INSTCMD (NUT's netinstcmd): the UPS, its driver, the command's existence, then the user's instcmds;
 * then the command goes to the driver, with its parameter and a TRACKING id when the session asked for
 * tracking.
 * @module
 */
import type { ActionRequest } from "../protocol/request.ts";
import { mayRun } from "./acl.ts";
import type { ServerContext } from "./context.ts";
import { availableUps } from "./net_get.ts";
import type { SessionState } from "./session_state.ts";

/**
 * Answers INSTCMD.
 * @param ctx the server
 * @param s the session
 * @param req the request
 * @returns the reply
 */
export function netInstcmd(
  ctx: ServerContext,
  s: SessionState,
  req: Extract<ActionRequest, { kind: "INSTCMD" }>,
): string {
  const ups = availableUps(ctx, req.ups);
  if (typeof ups === "string") return ups;
  if (!ups.state.hasCommand(req.name)) return "ERR CMD-NOT-SUPPORTED\n";
  if (!mayRun(ctx.users(), s.username, s.password, req.name)) return "ERR ACCESS-DENIED\n";
  const tracking = s.tracking ? ctx.newTrackingId() : undefined;
  ctx.log.info(
    `Instant command: ${s.username}@${s.address} did ${req.name}${
      req.param !== undefined ? ` with value ${req.param}` : ""
    } on ${ups.name} (tracking ID: ${tracking ?? "disabled"})`,
  );
  const request: { kind: "INSTCMD"; name: string; param?: string; tracking?: string } = {
    kind: "INSTCMD",
    name: req.name,
  };
  if (req.param !== undefined) request.param = req.param;
  if (tracking !== undefined) request.tracking = tracking;
  if (!ups.channel.send(request)) {
    ctx.log.info("Set command send failed");
    return "ERR INSTCMD-FAILED\n";
  }
  if (tracking === undefined) return "OK\n";
  ctx.tracking.add(tracking);
  return `OK TRACKING ${tracking}\n`;
}
