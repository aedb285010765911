/**
 * upscmd: NUT's instant command client, flag for flag (NUT 2.8.0, plus `-W` and `-D` of 2.8.5):
 * `upscmd -l <ups>`, `upscmd [-u user] [-p pass] [-w] [-t secs] <ups> <command> [<value>]`.
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

function reason(e: unknown): string {
  if (e instanceof NutError || e instanceof ClientError) return e.message;
  throw e;
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
  let username: string | undefined;
  let password: string | undefined;
  let track = false;
  let debug = 0;
  let timeoutS = DEFAULT_TRACKING_TIMEOUT_S;
  let timeoutText = ctx.env("NUT_DEFAULT_CONNECT_TIMEOUT");
  for (const o of parsed.options) {
    switch (o.letter) {
      case "l":
        list = true;
        break;
      case "u":
        username = o.value;
        break;
      case "p":
        password = o.value;
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
        out.out(versionLine("upscmd") + "\n");
        return 0;
      case "h":
        out.out(upscmdUsage(prog));
        return 0;
    }
  }
  if (parsed.error) {
    out.err(parsed.error + "\n");
    out.out(upscmdUsage(prog));
    return 0;
  }
  const operands = parsed.operands;
  if (operands.length < 1) {
    out.out(upscmdUsage(prog));
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
    await exchange(client, ["USERNAME", username], "Can't set username", "Set username failed");
    await exchange(client, ["PASSWORD", password], "Can't set password", "Set password failed");
    if (track) {
      const reply = await exchange(
        client,
        ["SET", "TRACKING", "ON"],
        "Can't enable command status tracking",
        "Enabling command status tracking failed",
      );
      if (!reply.startsWith("OK")) {
        throw new ToolFailure(`Enabling command status tracking failed. upsd answered: ${reply}`);
      }
    }
    const words = ["INSTCMD", address.ups, command];
    if (value !== undefined) words.push(value);
    const reply = await exchange(client, words, "Can't send instant command", "Instant command failed");
    out.err((await finishCommand(client, reply, track, timeoutS)) + "\n");
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
