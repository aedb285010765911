/**
 * `nut client`: the native command line for NUT servers, with `--help` on every level and `--json` on
 * every command. The NUT-compatible programs (upsc, upscmd, upsrw) are in upsc.ts, upscmd.ts, upsrw.ts.
 * @module
 */
import { parseArgs, type ParsedArgs, UsageError } from "../../cli/getopt.ts";
import { NutError } from "../../protocol/errors.ts";
import { ClientError } from "../errors.ts";
import { AddressError, splitAddress, splitName } from "../address.ts";
import type { ConnectOptions, NutClient } from "../client.ts";
import type { TlsMode } from "../tls_options.ts";
import { REPLY_TIMEOUT_MS, type ToolContext } from "./context.ts";
import { fetchRwVariable } from "./rw_info.ts";
import {
  formatCommandTable,
  formatDeviceTable,
  formatRwVariableText,
  jsonText,
  rwVariableJson,
  variablesJson,
} from "./native_format.ts";
import { formatVars } from "./upsc_format.ts";

const COMMON_OPTIONS = `Common options:
  --json                 print JSON instead of text (shapes: nut client <command> --help)
  --timeout <secs>       limit for connecting and for each reply (default: 10 and 5)
  --tls <off|try|require>  STARTTLS: off (default), opportunistic, or mandatory
  --cafile <path>        CA certificates (PEM file or directory, NUT's CERTPATH); implies --verify
  --certname <name>      name the server certificate must carry (NUT's CERTHOST name)
  --verify               verify the server certificate (NUT's CERTVERIFY 1)
  -h, --help             this help`;

const AUTH_OPTIONS = `Authentication (upsd.users):
  -u, --user <name>      user name (asked for when missing, like upscmd)
  -p, --password <pw>    password (asked for, without echo, when missing)
  -w, --wait             wait for the driver's result (TRACKING) and report it
  -t, --wait-timeout <secs>  how long to wait with --wait (default: 10)`;

interface Sub {
  usage: string;
  summary: string;
  help: string;
  auth?: boolean;
  run: (args: ParsedArgs, ctx: ToolContext) => Promise<number>;
}

const SUBS: Record<string, Sub> = {
  list: {
    usage: "nut client list [<host>[:<port>]]",
    summary: "devices served by a NUT server (LIST UPS)",
    help: `JSON: {"server": "host:port", "devices": [{"name": "ups1", "description": "..."}]}`,
    run: runList,
  },
  get: {
    usage: "nut client get <ups>[@<host>[:<port>]] [<variable>]",
    summary: "all variables of a device, or one value",
    help: `JSON: {"ups": "ups1", "variables": {"battery.charge": "100", ...}}
      with a variable: {"ups": "ups1", "name": "ups.status", "value": "OL"}`,
    run: runGet,
  },
  vars: {
    usage: "nut client vars <ups>[@<host>[:<port>]]",
    summary: "writable variables with their type, value and allowed values",
    help: `JSON: {"ups": "ups1", "variables": [{"name": "input.transfer.low", "value": "103",
        "description": "...", "type": {"kind": "enum", "words": ["RW", "ENUM", "NUMBER"]},
        "enum": ["100", "103"]}, ...]}
      type.kind is string (with maxLength), number, enum (maxLength for strings), range (with
      "ranges": [{"min": "90", "max": "100"}]) or unknown; "error" tells what could not be read.`,
    run: runVars,
  },
  commands: {
    usage: "nut client commands <ups>[@<host>[:<port>]]",
    summary: "instant commands of a device, with descriptions",
    help: `JSON: {"ups": "ups1", "commands": [{"name": "load.off", "description": "..."}]}`,
    run: runCommands,
  },
  clients: {
    usage: "nut client clients <ups>[@<host>[:<port>]]",
    summary: "addresses of the clients logged in to a device (upsmon)",
    help: `JSON: {"ups": "ups1", "clients": ["127.0.0.1"]}`,
    run: runClients,
  },
  cmd: {
    usage: "nut client cmd <ups>[@<host>[:<port>]] <command> [<param>] [-u <user>] [-p <password>] [-w]",
    summary: "run an instant command",
    help: `Prints the server's answer (OK), or with --wait the driver's result (SUCCESS, ERR FAILED, ...);
exits 1 when the command is refused or fails.
JSON: {"ups": "ups1", "command": "load.off", "param": "10", "result": "SUCCESS", "tracking": "<id>"}
      ("param" and "tracking" only when present; "ok" tells whether it succeeded)`,
    auth: true,
    run: runCmd,
  },
  set: {
    usage: "nut client set <ups>[@<host>[:<port>]] <variable>=<value> [-u <user>] [-p <password>] [-w]",
    summary: "set a variable",
    help: `Prints the server's answer (OK), or with --wait the driver's result; exits 1 on failure.
JSON: {"ups": "ups1", "name": "ups.id", "value": "new", "result": "OK", "ok": true}`,
    auth: true,
    run: runSet,
  },
};

/**
 * The help of `nut client`.
 * @returns the text
 */
export function clientUsage(): string {
  const width = Math.max(...Object.keys(SUBS).map((k) => k.length));
  return `nut client - query and control NUT servers (network protocol 1.3)

Usage: nut client <command> [options]
       nut client <command> --help

Commands:
${Object.entries(SUBS).map(([k, s]) => `  ${k.padEnd(width)}  ${s.summary}`).join("\n")}

<ups> is upsname[@hostname[:port]]; the host defaults to localhost and the port to 3493
(IPv6 literals in brackets: ups@[::1]:3493).

${COMMON_OPTIONS}

On failure the exit code is 1, the message goes to stderr and, with --json, stdout gets
{"error": {"code": "UNKNOWN-UPS", "message": "Unknown UPS"}} (code: the server's error word, or
NO-SUCH-HOST, CONNECT, DISCONNECTED, TIMEOUT, INVALID-RESPONSE, PROTOCOL, SSL, ...).
Usage errors exit with 2.
`;
}

function subUsage(sub: Sub): string {
  return `${sub.usage}

${sub.summary[0].toUpperCase()}${sub.summary.slice(1)}.

${sub.help}

${COMMON_OPTIONS}${sub.auth ? `\n\n${AUTH_OPTIONS}` : ""}
`;
}

const LONG = ["json", "timeout=", "tls=", "cafile=", "certname=", "verify", "help|h"];
const AUTH_LONG = ["user=|u", "password=|p", "wait|w", "wait-timeout=|t"];

/**
 * Runs `nut client ...`.
 * @param args the arguments after `client`
 * @param ctx surroundings
 * @returns the exit code
 */
export async function runClient(args: readonly string[], ctx: ToolContext): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0] && SUBS[rest[0]]) return await runClient([rest[0], "--help"], ctx);
    ctx.out.out(clientUsage());
    return name === undefined ? 2 : 0;
  }
  const sub = SUBS[name];
  if (!sub) {
    ctx.out.err(`nut client: unknown command "${name}" (see nut client --help)\n`);
    return 2;
  }
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(rest, {
      short: sub.auth ? "hu:p:wt:" : "h",
      long: sub.auth ? [...LONG, ...AUTH_LONG] : LONG,
    }, 2);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    ctx.out.err(`nut client ${name}: ${e.message} (see nut client ${name} --help)\n`);
    return e.exitCode;
  }
  if (parsed.has("h")) {
    ctx.out.out(subUsage(sub));
    return 0;
  }
  try {
    return await sub.run(parsed, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.out.err(`nut client ${name}: ${e.message} (see nut client ${name} --help)\n`);
      return e.exitCode;
    }
    const failure = describeFailure(e);
    if (!failure) throw e;
    if (parsed.has("json")) ctx.out.out(jsonText({ error: failure }));
    ctx.out.err(`nut client ${name}: ${failure.message}\n`);
    return 1;
  }
}

function describeFailure(e: unknown): { code: string; message: string } | undefined {
  if (e instanceof NutError) return { code: e.code, message: e.message };
  if (e instanceof ClientError) return { code: e.kind, message: e.message };
  if (e instanceof AddressError) {
    return { code: "INVALID-ADDRESS", message: e.message.replace(/^upscli_\w+: /, "") };
  }
  if (e instanceof CommandFailure) return { code: e.code, message: e.message };
  return undefined;
}

/** A refused or failed command/set (exit 1). */
class CommandFailure extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function connectOptions(args: ParsedArgs): ConnectOptions {
  const options: ConnectOptions = { timeoutMs: REPLY_TIMEOUT_MS };
  const timeout = args.value("timeout");
  if (timeout !== undefined) {
    const secs = Number(timeout);
    if (!(secs > 0)) throw new UsageError(`invalid --timeout "${timeout}"`, 2);
    options.timeoutMs = options.connectTimeoutMs = Math.round(secs * 1000);
  }
  const mode =
    (args.value("tls") ?? (args.has("cafile") || args.has("verify") ? "require" : "off")) as TlsMode;
  if (!["off", "try", "require"].includes(mode)) throw new UsageError(`invalid --tls "${mode}"`, 2);
  if (mode !== "off") {
    options.tls = {
      mode,
      verify: args.has("verify") || args.has("cafile"),
      caPath: args.value("cafile"),
      certName: args.value("certname"),
    };
  }
  return options;
}

function operands(args: ParsedArgs, min: number, max: number): string[] {
  const ops = args.operands;
  if (ops.length < min) throw new UsageError("missing argument", 2);
  if (ops.length > max) throw new UsageError(`unexpected argument "${ops[max]}"`, 2);
  return ops;
}

async function withDevice<T>(
  target: string,
  args: ParsedArgs,
  ctx: ToolContext,
  fn: (client: NutClient, ups: string) => Promise<T>,
): Promise<T> {
  const { ups, host, port } = splitName(target);
  const client = await ctx.connect(host, port, connectOptions(args));
  try {
    return await fn(client, ups);
  } finally {
    client.close();
  }
}

async function runList(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const [target] = operands(args, 0, 1);
  const { host, port } = splitAddress(target ?? "localhost");
  const client = await ctx.connect(host, port, connectOptions(args));
  try {
    const devices = await client.listUps();
    const server = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    ctx.out.out(args.has("json") ? jsonText({ server, devices }) : formatDeviceTable(devices));
    return 0;
  } finally {
    client.close();
  }
}

async function runGet(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const [target, variable] = operands(args, 1, 2);
  return await withDevice(target, args, ctx, async (client, ups) => {
    if (variable !== undefined) {
      const value = await client.getVar(ups, variable);
      ctx.out.out(args.has("json") ? jsonText({ ups, name: variable, value }) : `${value}\n`);
    } else {
      const vars = await client.listVar(ups);
      ctx.out.out(args.has("json") ? jsonText(variablesJson(ups, vars)) : formatVars(vars));
    }
    return 0;
  });
}

async function runVars(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const [target] = operands(args, 1, 1);
  return await withDevice(target, args, ctx, async (client, ups) => {
    const names = (await client.listRw(ups)).map((v) => v.name);
    const infos = [];
    for (const name of names) infos.push(await fetchRwVariable(client, ups, name));
    ctx.out.out(
      args.has("json")
        ? jsonText({ ups, variables: infos.map(rwVariableJson) })
        : infos.map(formatRwVariableText).join(""),
    );
    return 0;
  });
}

async function runCommands(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const [target] = operands(args, 1, 1);
  return await withDevice(target, args, ctx, async (client, ups) => {
    const names = await client.listCmd(ups);
    const commands = [];
    for (const name of names) {
      commands.push({ name, description: await client.getCmdDesc(ups, name).catch(() => undefined) });
    }
    ctx.out.out(
      args.has("json")
        ? jsonText({
          ups,
          commands: commands.map((c) => ({ name: c.name, description: c.description ?? null })),
        })
        : formatCommandTable(commands),
    );
    return 0;
  });
}

async function runClients(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const [target] = operands(args, 1, 1);
  return await withDevice(target, args, ctx, async (client, ups) => {
    const clients = await client.listClient(ups);
    ctx.out.out(args.has("json") ? jsonText({ ups, clients }) : clients.map((c) => c + "\n").join(""));
    return 0;
  });
}

async function login(client: NutClient, args: ParsedArgs, ctx: ToolContext): Promise<void> {
  let user = args.value("u");
  if (user === undefined) {
    const who = ctx.userName();
    ctx.out.err(who ? `Username (${who}): ` : "Username: ");
    const line = await ctx.input.readLine();
    user = line || who;
    if (!user) throw new UsageError("no user name given (-u)", 2);
  }
  const password = args.value("p") ?? (await ctx.input.readSecret("Password: ", ctx.out)) ?? "";
  await client.username(user);
  await client.password(password);
}

function waitTimeoutMs(args: ParsedArgs): number {
  const t = args.value("t");
  if (t === undefined) return 10_000;
  const secs = Number(t);
  if (!(secs > 0)) throw new UsageError(`invalid --wait-timeout "${t}"`, 2);
  return secs * 1000;
}

/** Runs a SET VAR / INSTCMD with optional tracking; returns the result line and whether it succeeded. */
async function tracked(
  client: NutClient,
  args: ParsedArgs,
  send: () => Promise<string | undefined>,
): Promise<{ result: string; ok: boolean; tracking?: string }> {
  const wait = args.has("w");
  const limit = waitTimeoutMs(args);
  if (wait) await client.setTracking(true);
  const id = await send();
  if (!wait || id === undefined) return { result: "OK", ok: true, tracking: id };
  const result = await client.waitTracking(id, { timeoutMs: limit, intervalMs: 200 });
  return { result, ok: result === "SUCCESS", tracking: id };
}

async function runCmd(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const [target, command, param] = operands(args, 2, 3);
  return await withDevice(target, args, ctx, async (client, ups) => {
    await login(client, args, ctx);
    const r = await tracked(client, args, () => client.instCmd(ups, command, param));
    return report(args, ctx, { ups, command, ...(param !== undefined ? { param } : {}) }, r);
  });
}

async function runSet(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const [target, assignment] = operands(args, 2, 2);
  const eq = assignment.indexOf("=");
  if (eq <= 0) throw new UsageError(`expected <variable>=<value>, got "${assignment}"`, 2);
  const name = assignment.slice(0, eq);
  const value = assignment.slice(eq + 1);
  return await withDevice(target, args, ctx, async (client, ups) => {
    await login(client, args, ctx);
    const r = await tracked(client, args, () => client.setVar(ups, name, value));
    return report(args, ctx, { ups, name, value }, r);
  });
}

function report(
  args: ParsedArgs,
  ctx: ToolContext,
  what: Record<string, string>,
  r: { result: string; ok: boolean; tracking?: string },
): number {
  if (args.has("json")) {
    ctx.out.out(
      jsonText({ ...what, result: r.result, ok: r.ok, ...(r.tracking ? { tracking: r.tracking } : {}) }),
    );
  } else {
    ctx.out.out(r.result + "\n");
  }
  if (!r.ok) ctx.out.err(`nut client: the driver reported ${r.result}\n`);
  return r.ok ? 0 : 1;
}
