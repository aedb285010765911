/**
 * Arguments of VER, NETVER/PROTVER and HELP (NUT's netmisc): none are accepted.
 * @module
 */
import type { Request, Verb } from "./request.ts";

/**
 * VER takes no arguments.
 * @param args the words after VER
 * @returns the request
 */
export function parseVer(args: readonly string[]): Request {
  return args.length === 0 ? { kind: "VER", verb: "VER" } : { kind: "INVALID", verb: "VER" };
}

/**
 * NETVER (and its 1.3 alias PROTVER) takes no arguments.
 * @param args the words after the command
 * @param verb NETVER or PROTVER
 * @returns the request
 */
export function parseNetver(args: readonly string[], verb: Verb): Request {
  const v = verb === "PROTVER" ? "PROTVER" : "NETVER";
  return args.length === 0 ? { kind: "NETVER", verb: v } : { kind: "INVALID", verb: v };
}

/**
 * HELP takes no arguments.
 * @param args the words after HELP
 * @returns the request
 */
export function parseHelp(args: readonly string[]): Request {
  return args.length === 0 ? { kind: "HELP", verb: "HELP" } : { kind: "INVALID", verb: "HELP" };
}
