/**
 * upscmd: NUT's instant command client, flag for flag (NUT 2.8.0, plus `-W` and `-D` of 2.8.5):
 * `upscmd -l <ups>`, `upscmd [-u user] [-p pass] [-w] [-t secs] <ups> <command> [<value>]`.
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
  connectOperand,
  enableTracking,
  reason,
  sendCredentials,
} from "./connect.ts";
import { type CommandInfo, formatCommandList } from "./upscmd_format.ts";

/**
 * The usage text (NUT 2.8.0's, with the options of 2.8.5 we also accept).
 * @param prog program name
 * @returns the text
 */
export function upscmdUsage(prog: string): string {
  return `Network UPS Tools upscmd 2.8.0

usage: ${prog} [-h]
       ${prog} [-l <ups>]
       ${prog} [-u <username>] [-p <password>] [-w] [-t <timeout>] <ups> <command> [<value>]

Administration program to initiate instant commands on UPS hardware.

  -h\t\tdisplay this help text
  -l <ups>\tshow available commands on UPS <ups>
  -u <username>\tset username for command authentication
  -p <password>\tset password for command authentication
  -w            wait for the completion of command by the driver
                and return its actual result from the device
  -t <timeout>\tset a timeout when using -w (in seconds, default: ${DEFAULT_TRACKING_TIMEOUT_S})

  <ups>\t\tUPS identifier - <upsname>[@<hostname>[:<port>]]
  <command>\tValid instant command - test.panel.start, etc.
  [<value>]\tAdditional data for command - number of seconds, etc.

Common arguments:
  -V         - display the version of this software
  -W <secs>  - network timeout for initial connections (default: 10)
  -D         - raise debugging level
`;
}

/**
 * Runs upscmd.
 * @param prog the name it was called by
 * @param args arguments
 * @param ctx surroundings
 * @returns the exit code
 */
export async function upscmd(prog: string, args: readonly string[], ctx: ToolContext): Promise<number> {
  const { out } = ctx;
  const parsed = posixGetopt(prog, args, "lhu:p:t:wVW:D");
  let list = false;
  const opts = commonDefaults(ctx);
  for (const o of parsed.options) {
    const common = applyCommonOption(o, opts, ctx);
    if (typeof common === "number") return common;
    if (common === "handled") continue;
    switch (o.letter) {
      case "l":
        list = true;
        break;
      case "V":
        out.out(versionLine("upscmd") + "\n");
        return 0;
      case "h":
        out.out(upscmdUsage(prog));
        return 0;
    }
  }
  const connected = await connectOperand(parsed, upscmdUsage(prog), opts, ctx);
  if (typeof connected === "number") return connected;
  const { address, client, operands } = connected;
  let { username, password } = opts;
  try {
    if (list) {
      out.out(await listCommands(client, address.ups));
      return 0;
    }
    if (operands.length < 2) {
      out.out(upscmdUsage(prog));
      return 0;
    }
    const [, command, value] = operands;
    if (!command.includes(".")) throw new ToolFailure("Error: old command names are not supported");
    if (username === undefined) {
      const who = ctx.userName();
      out.out(who ? `Username (${who}): ` : "Username: ");
      const line = await ctx.input.readLine();
      if (line === null) throw new ToolFailure("Error reading from stdin!");
      if (line.length > 0) username = line;
      else if (who) username = who;
      else throw new ToolFailure("No username available - even tried getpwuid");
    }
    if (password === undefined) password = (await ctx.input.readSecret("Password: ", out)) ?? "";
    await sendCredentials(client, username, password);
    if (opts.track) await enableTracking(client, "command");
    const words = ["INSTCMD", address.ups, command];
    if (value !== undefined) words.push(value);
    const reply = await exchange(client, words, "Can't send instant command", "Instant command failed");
    out.err((await finishCommand(client, reply, opts.track, opts.timeoutS)) + "\n");
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

/** `upscmd -l`: every command, then each description (as NUT: the list first, then the descriptions). */
async function listCommands(client: NutClient, ups: string): Promise<string> {
  let names: string[];
  try {
    names = await client.listCmd(ups);
  } catch (e) {
    if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
      throw new ToolFailure("Error: upsd is too old to support this query");
    }
    throw new ToolFailure(`Error: ${reason(e)}`);
  }
  const commands: CommandInfo[] = [];
  for (const name of names) {
    // A description the server does not give leaves the bare name, as NUT prints it.
    const description = client.closed ? undefined : await client.getCmdDesc(ups, name).catch((e) => {
      reason(e);
      return undefined;
    });
    commands.push({ name, description });
  }
  return formatCommandList(ups, commands);
}
