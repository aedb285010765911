/**
 * USERNAME, PASSWORD, LOGIN, LOGOUT, PRIMARY/MASTER and FSD (NUT's netuser and netmisc): each takes exactly
 * the number of words it needs, more or fewer is INVALID.
 * @module
 */
import type { Request, Verb } from "./request.ts";

/**
 * USERNAME takes exactly one word.
 * @param args the words after USERNAME
 * @returns the request
 */
export function parseUsername(args: readonly string[]): Request {
  return args.length === 1
    ? { kind: "USERNAME", verb: "USERNAME", username: args[0] }
    : { kind: "INVALID", verb: "USERNAME" };
}

/**
 * PASSWORD takes exactly one word.
 * @param args the words after PASSWORD
 * @returns the request
 */
export function parsePassword(args: readonly string[]): Request {
  return args.length === 1
    ? { kind: "PASSWORD", verb: "PASSWORD", password: args[0] }
    : { kind: "INVALID", verb: "PASSWORD" };
}

/**
 * LOGIN takes exactly one UPS name.
 * @param args the words after LOGIN
 * @returns the request
 */
export function parseLogin(args: readonly string[]): Request {
  return args.length === 1
    ? { kind: "LOGIN", verb: "LOGIN", ups: args[0] }
    : { kind: "INVALID", verb: "LOGIN" };
}

/**
 * LOGOUT takes no arguments.
 * @param args the words after LOGOUT
 * @returns the request
 */
export function parseLogout(args: readonly string[]): Request {
  return args.length === 0 ? { kind: "LOGOUT", verb: "LOGOUT" } : { kind: "INVALID", verb: "LOGOUT" };
}

/**
 * PRIMARY (and its deprecated alias MASTER) takes exactly one UPS name.
 * @param args the words after the command
 * @param verb PRIMARY or MASTER (the reply names the one used)
 * @returns the request
 */
export function parsePrimary(args: readonly string[], verb: Verb): Request {
  const v = verb === "MASTER" ? "MASTER" : "PRIMARY";
  return args.length === 1 ? { kind: "PRIMARY", verb: v, ups: args[0] } : { kind: "INVALID", verb: v };
}

/**
 * FSD takes exactly one UPS name.
 * @param args the words after FSD
 * @returns the request
 */
export function parseFsd(args: readonly string[]): Request {
  return args.length === 1 ? { kind: "FSD", verb: "FSD", ups: args[0] } : { kind: "INVALID", verb: "FSD" };
}
