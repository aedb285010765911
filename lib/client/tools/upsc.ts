/**
 * upsc: NUT's read-only client, flag for flag (NUT 2.8.0, plus `-j`, `-W` and `-D` of NUT 2.8.5):
 * `upsc <ups> [<var>]`, `upsc -l|-L [<host>]`, `upsc -c <ups>`.
 * @module
 */
import { NutError } from "../../protocol/errors.ts";
import { ClientError } from "../errors.ts";
import { AddressError, type ServerAddress, splitAddress, splitName } from "../address.ts";
import type { NutClient } from "../client.ts";
import { posixGetopt } from "./posix_getopt.ts";
import {
  connectTimeout,
  debugLevel,
  protocolTrace,
  REPLY_TIMEOUT_MS,
  type ToolContext,
  versionLine,
} from "./context.ts";
import {
  formatClients,
  formatDevices,
  formatJsonError,
  formatValue,
  formatVars,
  formatVarsJson,
} from "./upsc_format.ts";

/**
 * The usage text (NUT 2.8.0's, with the options of 2.8.5 we also accept).
 * @param prog program name
 * @returns the text
 */
export function upscUsage(prog: string): string {
  return `Network UPS Tools upsc 2.8.0

usage: ${prog} -l | -L [<hostname>[:port]]
       ${prog} <ups> [<variable>]
       ${prog} -c <ups>

Demo program to display UPS variables.

First form (lists UPSes):
  -l         - lists each UPS on <hostname>, one per line.
  -L         - lists each UPS followed by its description (from ups.conf).
               Default hostname: localhost

Second form (lists variables and values):
  <ups>      - upsd server, <upsname>[@<hostname>[:<port>]] form
  <variable> - optional, display this variable only.
               Default: list all variables for <host>

Third form (lists clients connected to a device):
  -c         - lists each client connected on <ups>, one per line.
  <ups>      - upsd server, <upsname>[@<hostname>[:<port>]] form

Common arguments:
  -j         - display output in JSON format
  -W <secs>  - network timeout for initial connections (default: 10)
  -D         - raise debugging level
  -V         - display the version of this software
  -h         - display this help text
`;
}

/** A failure that ends the program: `Error: <message>` on stderr (and a JSON error with -j). */
class Fatal extends Error {
  constructor(message: string, readonly inObject = false) {
    super(message);
  }
}

function reason(e: unknown): string {
  if (e instanceof NutError || e instanceof ClientError || e instanceof RangeError) return e.message;
  throw e;
}

/**
 * Runs upsc.
 * @param prog the name it was called by
 * @param args arguments
 * @param ctx surroundings
 * @returns the exit code
 */
export async function upsc(prog: string, args: readonly string[], ctx: ToolContext): Promise<number> {
  const { out } = ctx;
  const parsed = posixGetopt(prog, args, "DhlLcVW:j");
  let varlist = false;
  let verbose = false;
  let clientlist = false;
  let json = false;
  let debug = 0;
  let timeoutText = ctx.env("NUT_DEFAULT_CONNECT_TIMEOUT");
  for (const o of parsed.options) {
    if (o.letter === "L") varlist = verbose = true;
    else if (o.letter === "l") varlist = true;
    else if (o.letter === "c") clientlist = true;
    else if (o.letter === "j") json = true;
    else if (o.letter === "D") debug++;
    else if (o.letter === "W") timeoutText = o.value;
    else if (o.letter === "V") {
      out.out(versionLine("upsc") + "\n");
      return 0;
    } else if (o.letter === "h") {
      out.out(upscUsage(prog));
      return 0;
    }
  }
  if (parsed.error) {
    out.err(parsed.error + "\n");
    out.out(upscUsage(prog));
    return 0;
  }
  const level = debugLevel(debug, ctx.env);
  const fail = (e: Fatal): number => {
    if (json) out.out(formatJsonError(e.message, e.inObject));
    out.err(`Error: ${e.message}\n`);
    return 1;
  };
  const connectMs = connectTimeout(timeoutText);
  if (connectMs !== undefined && Number.isNaN(connectMs)) {
    return fail(new Fatal(`invalid network timeout: ${timeoutText}`));
  }
  const [target, variable] = parsed.operands;
  let address: ServerAddress;
  let ups = "";
  try {
    if (varlist) {
      address = splitAddress(target ?? "localhost");
    } else {
      if (target === undefined) throw new AddressError("");
      const name = splitName(target);
      ({ ups } = name);
      address = name;
    }
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    if (e.message) out.err(e.message + "\n");
    return fail(
      new Fatal(
        varlist
          ? "invalid hostname.\nRequired format: [hostname[:port]]"
          : "invalid UPS definition.\nRequired format: upsname[@hostname[:port]]",
      ),
    );
  }
  if (level > 0) out.err(`upsname='${ups || "(null)"}' hostname='${address.host}' port='${address.port}'\n`);
  let client: NutClient;
  try {
    client = await ctx.connect(address.host, address.port, {
      tls: "try",
      timeoutMs: REPLY_TIMEOUT_MS,
      connectTimeoutMs: connectMs,
      trace: protocolTrace(level, ctx),
    });
  } catch (e) {
    return fail(new Fatal(reason(e)));
  }
  try {
    if (varlist) {
      const devices = await client.listUps().catch((e) => {
        throw new Fatal(tooOld(e));
      });
      out.out(formatDevices(devices, verbose, json));
    } else if (clientlist) {
      const clients = await client.listClient(ups).catch((e) => {
        throw new Fatal(tooOld(e));
      });
      out.out(formatClients(clients, json));
    } else if (variable !== undefined) {
      if (!variable.includes(".")) throw new Fatal("old-style variable names are not supported");
      const value = await client.getVar(ups, variable).catch((e) => {
        if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
          throw new Fatal("variable unknown (old upsd detected)");
        }
        throw new Fatal(reason(e));
      });
      out.out(formatValue(value, json));
    } else {
      const vars = await client.listVar(ups).catch((e) => {
        throw new Fatal(tooOld(e), true);
      });
      out.out(json ? formatVarsJson(vars) : formatVars(vars));
    }
    return 0;
  } catch (e) {
    if (e instanceof Fatal) return fail(e);
    throw e;
  } finally {
    client.close();
  }
}

function tooOld(e: unknown): string {
  if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") return "upsd is too old to support this query";
  return reason(e);
}
