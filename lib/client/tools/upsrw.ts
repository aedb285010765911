/**
 * upsrw: NUT's variable setting client, flag for flag (NUT 2.8.0, plus `-W` and `-D` of 2.8.5):
 * `upsrw <ups>` / `upsrw -l <ups>` list the writable variables; `upsrw -s var[=value] [-u user] [-p pass]
 * [-w] [-t secs] <ups>` sets one.
 * @module
 */
import { NutError } from "../../protocol/errors.ts";
import { ClientError } from "../errors.ts";
import { AddressError, type DeviceAddress, splitName } from "../address.ts";
import type { NutClient } from "../client.ts";
import { posixGetopt } from "./posix_getopt.ts";
import {
  connectTimeout,
  debugLevel,
  DEFAULT_TRACKING_TIMEOUT_S,
  parseTrackingTimeout,
  protocolTrace,
  REPLY_TIMEOUT_MS,
  type ToolContext,
  versionLine,
} from "./context.ts";
import { exchange, finishCommand, ToolFailure } from "./session.ts";
import { formatRwVariable } from "./upsrw_format.ts";
import { fetchRwVariable } from "./rw_info.ts";

/**
 * The usage text (NUT 2.8.0's, with the options of 2.8.5 we also accept).
 * @param prog program name
 * @returns the text
 */
export function upsrwUsage(prog: string): string {
  return `Network UPS Tools ${prog} 2.8.0

usage: ${prog} [-h]
       ${prog} [-s <variable>] [-u <username>] [-p <password>] [-w] [-t <timeout>] <ups>

Demo program to set variables within UPS hardware.

  -h            display this help text
  -s <variable>\tspecify variable to be changed
\t\tuse -s VAR=VALUE to avoid prompting for value
  -l            show all possible read/write variables.
  -u <username> set username for command authentication
  -p <password> set password for command authentication
  -w            wait for the completion of setting by the driver
                and return its actual result from the device
  -t <timeout>\tset a timeout when using -w (in seconds, default: ${DEFAULT_TRACKING_TIMEOUT_S})

  <ups>         UPS identifier - <upsname>[@<hostname>[:<port>]]

Call without -s to show all possible read/write variables (same as -l).

Common arguments:
  -V         - display the version of this software
  -W <secs>  - network timeout for initial connections (default: 10)
  -D         - raise debugging level
`;
}

function reason(e: unknown): string {
  if (e instanceof NutError || e instanceof ClientError) return e.message;
  throw e;
}

/**
 * Runs upsrw.
 * @param prog the name it was called by
 * @param args arguments
 * @param ctx surroundings
 * @returns the exit code
 */
export async function upsrw(prog: string, args: readonly string[], ctx: ToolContext): Promise<number> {
  const { out } = ctx;
  const parsed = posixGetopt(prog, args, "hls:p:t:u:wVW:D");
  let setvar: string | undefined;
  let username: string | undefined;
  let password: string | undefined;
  let track = false;
  let debug = 0;
  let timeoutS = DEFAULT_TRACKING_TIMEOUT_S;
  let timeoutText = ctx.env("NUT_DEFAULT_CONNECT_TIMEOUT");
  for (const o of parsed.options) {
    switch (o.letter) {
      case "s":
        setvar = o.value;
        break;
      case "l":
        if (setvar !== undefined) {
          out.err("Listing mode requested, overriding setvar specified earlier!\n");
          setvar = undefined;
        }
        break;
      case "p":
        password = o.value;
        break;
      case "u":
        username = o.value;
        break;
      case "t": {
        const t = parseTrackingTimeout(o.value);
        if (typeof t !== "number") {
          out.err(
            `Could not convert the provided value for timeout ('-t' option) to unsigned int: ${t.error}\n`,
          );
          return 1;
        }
        timeoutS = t;
        break;
      }
      case "w":
        track = true;
        break;
      case "W":
        timeoutText = o.value;
        break;
      case "D":
        debug++;
        break;
      case "V":
        out.out(versionLine(prog) + "\n");
        return 0;
      case "h":
        out.out(upsrwUsage(prog));
        return 0;
    }
  }
  if (parsed.error) {
    out.err(parsed.error + "\n");
    out.out(upsrwUsage(prog));
    return 0;
  }
  const operands = parsed.operands;
  if (operands.length < 1) {
    out.out(upsrwUsage(prog));
    return 0;
  }
  const connectMs = connectTimeout(timeoutText);
  if (connectMs !== undefined && Number.isNaN(connectMs)) {
    out.err(`Error: invalid network timeout: ${timeoutText}\n`);
    return 1;
  }
  let address: DeviceAddress;
  try {
    address = splitName(operands[0]);
  } catch (e) {
    if (!(e instanceof AddressError)) throw e;
    if (e.message) out.err(e.message + "\n");
    out.err("Error: invalid UPS definition.  Required format: upsname[@hostname[:port]]\n");
    return 1;
  }
  let client: NutClient;
  try {
    client = await ctx.connect(address.host, address.port, {
      timeoutMs: REPLY_TIMEOUT_MS,
      connectTimeoutMs: connectMs,
      trace: protocolTrace(debugLevel(debug, ctx.env), ctx),
    });
  } catch (e) {
    out.err(`Error: ${reason(e)}\n`);
    return 1;
  }
  try {
    if (setvar !== undefined) {
      await setVariable(client, address.ups, setvar, { username, password, track, timeoutS }, ctx);
    } else {
      await listVariables(client, address.ups, ctx);
    }
    return 0;
  } catch (e) {
    if (e instanceof ToolFailure) {
      out.err(e.message + "\n");
      return 1;
    }
    throw e;
  } finally {
    client.close();
  }
}

interface SetOptions {
  username?: string;
  password?: string;
  track: boolean;
  timeoutS: number;
}

async function setVariable(
  client: NutClient,
  ups: string,
  setvar: string,
  options: SetOptions,
  ctx: ToolContext,
): Promise<void> {
  const { out } = ctx;
  let user = options.username;
  if (user === undefined) {
    const who = ctx.userName();
    out.out(who ? `Username (${who}): ` : "Username: ");
    const line = await ctx.input.readLine();
    if (line) user = line;
    else if (who) user = who;
    else throw new ToolFailure("No username available - even tried getpwuid");
  }
  const pass = options.password ?? (await ctx.input.readSecret("Password: ", out)) ?? "";
  let varname = setvar;
  let value: string;
  const eq = setvar.indexOf("=");
  if (eq >= 0) {
    varname = setvar.slice(0, eq);
    value = setvar.slice(eq + 1);
  } else {
    out.out(`Enter new value for ${varname}: `);
    const line = await ctx.input.readLine();
    if (line === null) throw new ToolFailure("Error reading from stdin!");
    value = line;
  }
  await exchange(client, ["USERNAME", user], "Can't set username", "Set username failed");
  await exchange(client, ["PASSWORD", pass], "Can't set password", "Set password failed");
  if (!varname.includes(".")) throw new ToolFailure("Error: old variable names are not supported");
  if (options.track) {
    const reply = await exchange(
      client,
      ["SET", "TRACKING", "ON"],
      "Can't enable set variable status tracking",
      "Enabling set variable status tracking failed",
    );
    if (!reply.startsWith("OK")) {
      throw new ToolFailure(`Enabling set variable status tracking failed. upsd answered: ${reply}`);
    }
  }
  const reply = await exchange(
    client,
    ["SET", "VAR", ups, varname, value],
    "Can't set variable",
    "Set variable failed",
  );
  out.err((await finishCommand(client, reply, options.track, options.timeoutS)) + "\n");
}

async function listVariables(client: NutClient, ups: string, ctx: ToolContext): Promise<void> {
  let names: string[];
  try {
    names = (await client.listRw(ups)).map((v) => v.name);
  } catch (e) {
    if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
      throw new ToolFailure("Error: upsd is too old to support this query");
    }
    throw new ToolFailure(`Error: ${reason(e)}`);
  }
  for (const name of names) {
    const r = formatRwVariable(await fetchRwVariable(client, ups, name));
    ctx.out.out(r.text);
    if (r.error) throw new ToolFailure(r.error);
  }
}
