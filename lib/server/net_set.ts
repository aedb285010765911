/**
 * SET VAR and SET TRACKING (NUT's netset). SET VAR checks, in NUT's order: the UPS, its driver, the SET
 * action of the user, the variable, RW, the STRING length (aux), the ENUM values, the RANGEs; then the
 * request goes to the driver, with a TRACKING id when the session asked for tracking.
 * @module
 */
import type { ActionRequest } from "../protocol/request.ts";
import { mayDo } from "./acl.ts";
import type { ServerContext } from "./context.ts";
import { availableUps } from "./net_get.ts";
import type { SessionState } from "./session_state.ts";

/**
 * C's atoi: optional blanks and sign, then digits; anything else ends the number (0 when none).
 * @param text the text
 * @returns the integer
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals([atoi(" 42x"), atoi("-7"), atoi("abc"), atoi("+3.9")], [42, -7, 0, 3]);
 * ```
 */
export function atoi(text: string): number {
  const m = /^[\t\n\v\f\r ]*([-+]?\d+)/.exec(text);
  if (!m) return 0;
  const n = Number(m[1]);
  // C's int overflow is undefined; clamp to the int range.
  return Math.max(-2147483648, Math.min(2147483647, n));
}

function setVar(
  ctx: ServerContext,
  s: SessionState,
  req: Extract<ActionRequest, { kind: "SET_VAR" }>,
): string {
  const ups = availableUps(ctx, req.ups);
  if (typeof ups === "string") return ups;
  if (!mayDo(ctx.users(), s.username, s.password, "SET")) return "ERR ACCESS-DENIED\n";
  const v = ups.state.get(req.name);
  if (!v) return "ERR VAR-NOT-SUPPORTED\n";
  if (!v.flags.includes("RW")) return "ERR READONLY\n";
  if (v.flags.includes("STRING")) {
    if (v.aux < 1) {
      ctx.log.warn(`UPS [${ups.name}]: auxdata for ${req.name} is invalid`);
      return "ERR SET-FAILED\n";
    }
    if (v.aux < req.value.length) return "ERR TOO-LONG\n";
  }
  if (v.enums.length && !v.enums.includes(req.value)) return "ERR INVALID-VALUE\n";
  if (v.ranges.length) {
    const n = atoi(req.value);
    if (!v.ranges.some((r) => n >= r.min && n <= r.max)) return "ERR INVALID-VALUE\n";
  }
  const tracking = s.tracking ? ctx.newTrackingId() : undefined;
  ctx.log.info(
    `Set variable: ${s.username}@${s.address} set ${req.name} on ${ups.name} to ${req.value} (tracking ID: ${
      tracking ?? "disabled"
    })`,
  );
  const sent = ups.channel.send(
    tracking === undefined
      ? { kind: "SET", name: req.name, value: req.value }
      : { kind: "SET", name: req.name, value: req.value, tracking },
  );
  if (!sent) {
    ctx.log.info("Set command send failed");
    return "ERR SET-FAILED\n";
  }
  if (tracking === undefined) return "OK\n";
  ctx.tracking.add(tracking);
  return `OK TRACKING ${tracking}\n`;
}

/**
 * Answers SET VAR or SET TRACKING.
 * @param ctx the server
 * @param s the session
 * @param req the request
 * @returns the reply
 */
export function netSet(
  ctx: ServerContext,
  s: SessionState,
  req: Extract<ActionRequest, { kind: "SET_VAR" | "SET_TRACKING" }>,
): string {
  if (req.kind === "SET_VAR") return setVar(ctx, s, req);
  s.tracking = req.enabled;
  ctx.log.debug(1, `TRACKING ${req.enabled ? "enabled" : "disabled"} for client ${s.address}`);
  return "OK\n";
}
