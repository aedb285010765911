/**
 * GET TRACKING, NUMLOGINS, UPSDESC, VAR, TYPE, DESC, CMDDESC (NUT's netget), with NUT's order of checks:
 * unknown UPS, then driver/staleness, then the variable.
 * @module
 */
import type { GetRequest } from "../protocol/request.ts";
import {
  formatDescLine,
  formatNumLoginsLine,
  formatTypeLine,
  formatUpsDescLine,
  formatVarLine,
} from "../protocol/reply.ts";
import { describeCmd, describeVar } from "../protocol/cmdvartab.ts";
import { NUT_COMPAT_VERSION } from "../version.ts";
import type { ServerContext } from "./context.ts";
import type { SessionState } from "./session_state.ts";
import type { Ups } from "./ups.ts";
import { SERVER_INFO } from "./net_misc.ts";

/**
 * Finds a UPS whose data may be served, or the error to send.
 * @param ctx the server
 * @param name the UPS as requested
 * @returns the UPS, or the reply line (with newline) of the error
 */
export function availableUps(ctx: ServerContext, name: string): Ups | string {
  const ups = ctx.ups.find(name);
  if (!ups) return "ERR UNKNOWN-UPS\n";
  const why = ups.availability(ctx.now());
  return why ? `ERR ${why}\n` : ups;
}

/**
 * The type words of a variable for GET TYPE: RW, ENUM, RANGE, then STRING:n or NUMBER.
 * @param ups the UPS
 * @param name the variable
 * @returns the words, or undefined when the variable does not exist
 */
export function typeWords(ups: Ups, name: string): string[] | undefined {
  const v = ups.state.get(name);
  if (!v) return undefined;
  const out: string[] = [];
  if (v.flags.includes("RW")) out.push("RW");
  if (v.enums.length) out.push("ENUM");
  if (v.ranges.length) out.push("RANGE");
  out.push(v.flags.includes("STRING") ? `STRING:${v.aux}` : "NUMBER");
  return out;
}

function getVar(ctx: ServerContext, upsName: string, name: string): string {
  // server.* variables are answered for any UPS name, known or not.
  if (name.length >= 7 && name.slice(0, 7).toLowerCase() === "server.") {
    const lower = name.toLowerCase();
    if (lower === "server.info") return formatVarLine("VAR", upsName, "server.info", SERVER_INFO) + "\n";
    if (lower === "server.version") {
      return formatVarLine("VAR", upsName, "server.version", NUT_COMPAT_VERSION) + "\n";
    }
    return "ERR VAR-NOT-SUPPORTED\n";
  }
  const ups = availableUps(ctx, upsName);
  if (typeof ups === "string") return ups;
  const value = ups.value(name);
  if (value === undefined) return "ERR VAR-NOT-SUPPORTED\n";
  return formatVarLine("VAR", upsName, name, value) + "\n";
}

/**
 * Answers a GET request.
 * @param ctx the server
 * @param s the session
 * @param req the request
 * @returns the reply
 */
export function netGet(ctx: ServerContext, s: SessionState, req: GetRequest): string {
  switch (req.kind) {
    case "GET_TRACKING":
      if (req.id === undefined) return s.tracking ? "ON\n" : "OFF\n";
      return s.tracking ? ctx.tracking.result(req.id) + "\n" : "ERR FEATURE-NOT-CONFIGURED\n";
    case "GET_NUMLOGINS": {
      const ups = availableUps(ctx, req.ups);
      return typeof ups === "string" ? ups : formatNumLoginsLine(req.ups, ups.numLogins) + "\n";
    }
    case "GET_UPSDESC": {
      const ups = ctx.ups.find(req.ups);
      if (!ups) return "ERR UNKNOWN-UPS\n";
      return formatUpsDescLine(req.ups, ups.desc ?? "Unavailable") + "\n";
    }
    case "GET_VAR":
      return getVar(ctx, req.ups, req.name);
    case "GET_TYPE": {
      const ups = availableUps(ctx, req.ups);
      if (typeof ups === "string") return ups;
      const words = typeWords(ups, req.name);
      return words ? formatTypeLine(req.ups, req.name, words) + "\n" : "ERR VAR-NOT-SUPPORTED\n";
    }
    case "GET_DESC": {
      const ups = availableUps(ctx, req.ups);
      if (typeof ups === "string") return ups;
      return formatDescLine("DESC", req.ups, req.name, describeVar(req.name) ?? "Description unavailable") +
        "\n";
    }
    case "GET_CMDDESC": {
      const ups = availableUps(ctx, req.ups);
      if (typeof ups === "string") return ups;
      return formatDescLine(
        "CMDDESC",
        req.ups,
        req.name,
        describeCmd(req.name) ?? "Description unavailable",
      ) +
        "\n";
    }
  }
}
