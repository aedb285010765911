/**
 * LIST UPS, VAR, RW, CMD, ENUM, RANGE, CLIENT (NUT's netlist). Every list is answered in one piece of
 * text (one write), where NUT writes line by line.
 * @module
 */
import type { ListRequest } from "../protocol/request.ts";
import {
  formatClientLine,
  formatCmdLine,
  formatEnumLine,
  formatRangeLine,
  formatUpsLine,
} from "../protocol/reply.ts";
import type { ServerContext } from "./context.ts";
import { availableUps } from "./net_get.ts";

/**
 * Answers a LIST request.
 * @param ctx the server
 * @param req the request
 * @returns the reply
 */
export function netList(ctx: ServerContext, req: ListRequest): string {
  switch (req.kind) {
    case "LIST_UPS": {
      let text = "BEGIN LIST UPS\n";
      for (const ups of ctx.ups.list()) {
        text += formatUpsLine(ups.name, ups.desc ?? "Description unavailable") + "\n";
      }
      return text + "END LIST UPS\n";
    }
    case "LIST_VAR":
    case "LIST_RW": {
      const ups = availableUps(ctx, req.ups);
      if (typeof ups === "string") return ups;
      const kind = req.kind === "LIST_VAR" ? "VAR" : "RW";
      return `BEGIN LIST ${kind} ${req.ups}\n${ups.listBody(kind, req.ups)}END LIST ${kind} ${req.ups}\n`;
    }
    case "LIST_CMD": {
      const ups = availableUps(ctx, req.ups);
      if (typeof ups === "string") return ups;
      let text = `BEGIN LIST CMD ${req.ups}\n`;
      for (const c of ups.state.commands()) text += formatCmdLine(req.ups, c) + "\n";
      return text + `END LIST CMD ${req.ups}\n`;
    }
    case "LIST_ENUM":
    case "LIST_RANGE": {
      const ups = availableUps(ctx, req.ups);
      if (typeof ups === "string") return ups;
      const v = ups.state.get(req.name);
      if (!v) return "ERR VAR-NOT-SUPPORTED\n";
      const kind = req.kind === "LIST_ENUM" ? "ENUM" : "RANGE";
      let text = `BEGIN LIST ${kind} ${req.ups} ${req.name}\n`;
      if (kind === "ENUM") { for (const e of v.enums) text += formatEnumLine(req.ups, req.name, e) + "\n"; }
      else for (const r of v.ranges) text += formatRangeLine(req.ups, req.name, r.min, r.max) + "\n";
      return text + `END LIST ${kind} ${req.ups} ${req.name}\n`;
    }
    case "LIST_CLIENT": {
      const ups = ctx.ups.find(req.ups);
      if (!ups) return "ERR UNKNOWN-UPS\n";
      const key = ups.name.toLowerCase();
      let text = `BEGIN LIST CLIENT ${req.ups}\n`;
      for (const c of ctx.clients()) {
        if (c.loginUps !== undefined && c.loginUps.toLowerCase() === key) {
          text += formatClientLine(c.loginUps, c.address) + "\n";
        }
      }
      return text + `END LIST CLIENT ${req.ups}\n`;
    }
  }
}
