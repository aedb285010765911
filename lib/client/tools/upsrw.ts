/**
 * upsrw: NUT's variable setting client, flag for flag (NUT 2.8.0, plus `-W` and `-D` of 2.8.5):
 * `upsrw <ups>` / `upsrw -l <ups>` list the writable variables; `upsrw -s var[=value] [-u user] [-p pass]
 * [-w] [-t secs] <ups>` sets one.
 * @module
 */
import { NutError } from "../../protocol/errors.ts";
import type { NutClient } from "../client.ts";
import { posixGetopt } from "./posix_getopt.ts";
import { DEFAULT_TRACKING_TIMEOUT_S, type ToolContext, versionLine } from "./context.ts";
import { exchange, finishCommand, ToolFailure } from "./session.ts";
import {
  applyCommonOption,
  commonDefaults,
  type CommonSettings,
  connectOperand,
  enableTracking,
  reason,
  sendCredentials,
} from "./connect.ts";
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
  const opts = commonDefaults(ctx);
  for (const o of parsed.options) {
    const common = applyCommonOption(o, opts, ctx);
    if (typeof common === "number") return common;
    if (common === "handled") continue;
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
      case "V":
        out.out(versionLine(prog) + "\n");
        return 0;
      case "h":
        out.out(upsrwUsage(prog));
        return 0;
    }
  }
  const connected = await connectOperand(parsed, upsrwUsage(prog), opts, ctx);
  if (typeof connected === "number") return connected;
  const { address, client } = connected;
  try {
    if (setvar !== undefined) {
      await setVariable(client, address.ups, setvar, opts, ctx);
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

async function setVariable(
  client: NutClient,
  ups: string,
  setvar: string,
  options: CommonSettings,
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
  await sendCredentials(client, user, pass);
  if (!varname.includes(".")) throw new ToolFailure("Error: old variable names are not supported");
  if (options.track) await enableTracking(client, "set variable");
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
