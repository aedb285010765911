/**
 * The dispatch table of the network protocol, NUT's `netcmds[]`: each command word, whether the client
 * must have sent USERNAME and PASSWORD first, and the parser of its arguments (one file per verb family:
 * misc.ts, ssl.ts, get.ts, list.ts, user.ts, set.ts, instcmd.ts; the extension X-PUSH in push.ts).
 * @module
 */
import type { Request, Verb } from "./request.ts";
import { parseHelp, parseNetver, parseVer } from "./misc.ts";
import { parseStarttls } from "./ssl.ts";
import { parseGet } from "./get.ts";
import { parseList } from "./list.ts";
import { parseFsd, parseLogin, parseLogout, parsePassword, parsePrimary, parseUsername } from "./user.ts";
import { parseSet } from "./set.ts";
import { parseInstcmd } from "./instcmd.ts";
import { parsePush } from "./push.ts";

/** Parses the arguments of one command (the words after the command word). */
export type ArgumentParser = (args: readonly string[], verb: Verb) => Request;

/** One entry of the table. */
export interface NetCommand {
  /** The command word, upper case. */
  readonly verb: Verb;
  /** True when USERNAME and PASSWORD must have been sent (checked before the arguments). */
  readonly needsLogin: boolean;
  /** The argument parser. */
  readonly parse: ArgumentParser;
}

/** The commands, in NUT's order (HELP lists a subset of them), then this server's extension (push.ts). */
export const NET_COMMANDS: readonly NetCommand[] = [
  { verb: "VER", needsLogin: false, parse: parseVer },
  { verb: "NETVER", needsLogin: false, parse: parseNetver },
  { verb: "PROTVER", needsLogin: false, parse: parseNetver },
  { verb: "HELP", needsLogin: false, parse: parseHelp },
  { verb: "STARTTLS", needsLogin: false, parse: parseStarttls },
  { verb: "GET", needsLogin: false, parse: parseGet },
  { verb: "LIST", needsLogin: false, parse: parseList },
  { verb: "USERNAME", needsLogin: false, parse: parseUsername },
  { verb: "PASSWORD", needsLogin: false, parse: parsePassword },
  { verb: "LOGIN", needsLogin: true, parse: parseLogin },
  { verb: "LOGOUT", needsLogin: false, parse: parseLogout },
  { verb: "PRIMARY", needsLogin: true, parse: parsePrimary },
  { verb: "MASTER", needsLogin: true, parse: parsePrimary },
  { verb: "FSD", needsLogin: true, parse: parseFsd },
  { verb: "SET", needsLogin: true, parse: parseSet },
  { verb: "INSTCMD", needsLogin: true, parse: parseInstcmd },
  { verb: "X-PUSH", needsLogin: false, parse: parsePush },
];

/**
 * Finds a command by its word, ignoring case.
 * @param word the first word of a request line
 * @returns the table entry, or undefined for an unknown command
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * assertEquals(findCommand("instcmd")?.needsLogin, true);
 * assertEquals(findCommand("REQ"), undefined);
 * ```
 */
export function findCommand(word: string): NetCommand | undefined {
  // The table is tiny: a linear scan with a cheap length test beats building a second structure.
  const n = word.length;
  let upper: string | undefined;
  for (const c of NET_COMMANDS) {
    if (c.verb.length !== n) continue;
    if (c.verb === word) return c;
    upper ??= word.toUpperCase();
    if (c.verb === upper) return c;
  }
  return undefined;
}

/**
 * Whether a command needs USERNAME and PASSWORD before it runs.
 * @param verb the command
 * @returns true for LOGIN, PRIMARY, MASTER, FSD, SET, INSTCMD
 */
export function needsLogin(verb: Verb): boolean {
  return findCommand(verb)?.needsLogin ?? false;
}
