/**
 * `nut check`: one look at one UPS or every UPS of a server, for cron and Nagios-style monitoring
 * (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), with thresholds for charge, runtime, load, status flags
 * and stale data (see evaluate.ts), printed as one line with performance data or as JSON.
 * @module
 */
import type { Output } from "../cli/io.ts";
import { parseArgs, type ParsedArgs, UsageError } from "../cli/getopt.ts";
import { AddressError, type DeviceAddress, splitAddress, splitName } from "../client/address.ts";
import type { ConnectOptions, NutClient } from "../client/client.ts";
import { ClientError } from "../client/errors.ts";
import { NutError } from "../protocol/errors.ts";
import {
  type CheckState,
  combine,
  DEFAULT_CRIT_STATUS,
  DEFAULT_WARN_STATUS,
  defaultThresholds,
  evaluateUps,
  STATE_CODE,
  type Thresholds,
  type UpsCheck,
  type UpsReading,
} from "./evaluate.ts";
import { formatFailure, formatJson, formatJsonFailure, formatNagios } from "./format.ts";

/** What `nut check` needs from its surroundings (injectable). */
export interface CheckContext {
  /** stdout / stderr. */
  out: Output;
  /** Opens a connection. */
  connect: (host: string, port: number, options: ConnectOptions) => Promise<NutClient>;
}

/** Default limit of the whole check, seconds (the monitoring plugins' default). */
export const DEFAULT_TIMEOUT_S = 10;

/**
 * The help text.
 * @returns the text
 */
export function checkUsage(): string {
  return `nut check - check UPSes for cron and Nagios-style monitoring

Usage: nut check [options] <ups>[@<host>[:<port>]] ...
       nut check [options] '*@<host>[:<port>]'        every UPS of that server
       nut check [options] --all [<host>[:<port>]]   the same (default host: localhost)

Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the worst of all UPSes checked).
Output: one line "NUT <STATE> - <ups>: <status>, charge .., runtime .., load .. [problems] | <perfdata>".

Thresholds (none by default except the status flags and stale data):
  --warn-charge <pct>     WARNING when battery.charge is below <pct>
  --crit-charge <pct>     CRITICAL when battery.charge is below <pct>
  --warn-runtime <secs>   WARNING when battery.runtime is below <secs>
  --crit-runtime <secs>   CRITICAL when battery.runtime is below <secs>
  --warn-load <pct>       WARNING when ups.load is above <pct>
  --crit-load <pct>       CRITICAL when ups.load is above <pct>
  --warn-status <flags>   ups.status flags giving WARNING, comma-separated ("" for none)
                          (default ${DEFAULT_WARN_STATUS.join(",")})
  --crit-status <flags>   ups.status flags giving CRITICAL (default ${DEFAULT_CRIT_STATUS.join(",")})
  --stale <state>         state when the server calls the data stale (its driver silent for MAXAGE
                          seconds, upsd.conf, default 15) or has no driver: critical (default),
                          warning or unknown. The NUT protocol carries no time of the last update,
                          so no finer data age can be checked.
  A threshold on a value the UPS does not report gives UNKNOWN.

Other options:
  -u, --user <name>       USERNAME sent to the server (not needed for reading)
  -p, --password <pw>     PASSWORD sent to the server
  -t, --timeout <secs>    limit of the whole check (default ${DEFAULT_TIMEOUT_S}); beyond it: UNKNOWN
  -j, --json              print JSON instead of the line
  -h, --help              this text
`;
}

/** One thing to check. */
type Target =
  | { kind: "ups"; address: DeviceAddress; display: string }
  | { kind: "all"; host: string; port: number; hostText?: string };

function positive(args: ParsedArgs, name: string): number | undefined {
  const v = args.value(name);
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v.trim())) throw new UsageError(`--${name} expects a number >= 0, got "${v}"`, 3);
  return Number(v);
}

function flags(args: ParsedArgs, name: string, def: readonly string[]): readonly string[] {
  const v = args.value(name);
  if (v === undefined) return def;
  return v.split(/[,\s]+/).map((f) => f.trim().toUpperCase()).filter((f) => f);
}

/**
 * Reads the thresholds from the options.
 * @param args parsed options
 * @returns the thresholds
 * @throws {UsageError} on a bad number or state
 */
export function thresholdsFrom(args: ParsedArgs): Thresholds {
  const t = defaultThresholds();
  t.warnCharge = positive(args, "warn-charge");
  t.critCharge = positive(args, "crit-charge");
  t.warnRuntime = positive(args, "warn-runtime");
  t.critRuntime = positive(args, "crit-runtime");
  t.warnLoad = positive(args, "warn-load");
  t.critLoad = positive(args, "crit-load");
  t.warnStatus = flags(args, "warn-status", DEFAULT_WARN_STATUS);
  t.critStatus = flags(args, "crit-status", DEFAULT_CRIT_STATUS);
  const stale = args.value("stale");
  if (stale !== undefined) {
    const s = stale.toUpperCase();
    if (s !== "CRITICAL" && s !== "WARNING" && s !== "UNKNOWN") {
      throw new UsageError(`--stale expects critical, warning or unknown, got "${stale}"`, 3);
    }
    t.stale = s;
  }
  return t;
}

function targetsFrom(args: ParsedArgs): Target[] {
  const targets: Target[] = [];
  try {
    if (args.has("all")) {
      if (args.operands.length > 1) throw new UsageError("--all takes at most one <host>[:<port>]", 3);
      const text = args.operands[0];
      const { host, port } = splitAddress(text ?? "localhost");
      return [{ kind: "all", host, port, hostText: text }];
    }
    for (const text of args.operands) {
      if (text.startsWith("*@")) {
        const { host, port } = splitAddress(text.slice(2));
        targets.push({ kind: "all", host, port, hostText: text.slice(2) });
      } else targets.push({ kind: "ups", address: splitName(text), display: text });
    }
  } catch (e) {
    if (e instanceof AddressError) throw new UsageError(`invalid UPS or host: ${e.message}`, 3);
    throw e;
  }
  if (targets.length === 0) throw new UsageError("name a UPS (<ups>[@<host>[:<port>]]) or --all", 3);
  return targets;
}

function why(e: unknown): string {
  if (e instanceof NutError || e instanceof ClientError) return e.message;
  throw e;
}

/** Reads every target of one server over one connection. */
async function checkServer(
  host: string,
  port: number,
  targets: Target[],
  t: Thresholds,
  args: ParsedArgs,
  ctx: CheckContext,
  deadline: number,
): Promise<UpsCheck[]> {
  // Calls get a little more than the time left: the check's own deadline, reported as such, comes first.
  const left = () => Math.max(1, deadline - Date.now()) + 1000;
  const nameOf = (target: Target) =>
    target.kind === "ups" ? target.display : `*@${target.hostText ?? `${target.host}:${target.port}`}`;
  let client: NutClient;
  try {
    client = await ctx.connect(host, port, { tls: "try", connectTimeoutMs: left(), timeoutMs: left() });
  } catch (e) {
    const message = `cannot connect to ${host}:${port}: ${why(e)}`;
    return targets.map((target) =>
      evaluateUps(nameOf(target), { kind: "error", code: "CONNECT", message }, t)
    );
  }
  try {
    const user = args.value("u");
    const password = args.value("p");
    try {
      if (user !== undefined) await client.username(user, { timeoutMs: left() });
      if (password !== undefined) await client.password(password, { timeoutMs: left() });
    } catch (e) {
      const message = `login refused: ${why(e)}`;
      return targets.map((target) =>
        evaluateUps(nameOf(target), { kind: "error", code: "LOGIN", message }, t)
      );
    }
    const checks: UpsCheck[] = [];
    for (const target of targets) {
      let devices: { ups: string; display: string }[];
      if (target.kind === "ups") devices = [{ ups: target.address.ups, display: target.display }];
      else {
        try {
          const list = await client.listUps({ timeoutMs: left() });
          devices = list.map((d) => ({
            ups: d.name,
            display: target.hostText === undefined ? d.name : `${d.name}@${target.hostText}`,
          }));
        } catch (e) {
          checks.push(evaluateUps(nameOf(target), { kind: "error", code: "LIST", message: why(e) }, t));
          continue;
        }
        if (devices.length === 0) {
          checks.push(
            evaluateUps(
              nameOf(target),
              { kind: "error", code: "NONE", message: "the server serves no UPS" },
              t,
            ),
          );
        }
      }
      for (const d of devices) {
        let reading: UpsReading;
        try {
          const vars = await client.listVar(d.ups, { timeoutMs: left() });
          reading = { kind: "vars", vars: new Map(vars.map((v) => [v.name, v.value])) };
        } catch (e) {
          reading = { kind: "error", code: e instanceof NutError ? e.code : "CLIENT", message: why(e) };
        }
        checks.push(evaluateUps(d.display, reading, t));
      }
    }
    return checks;
  } finally {
    client.close();
  }
}

/**
 * Runs `nut check`.
 * @param args the arguments
 * @param ctx surroundings
 * @returns the exit code (0..3)
 */
export async function check(args: readonly string[], ctx: CheckContext): Promise<number> {
  const { out } = ctx;
  const json = args.includes("--json") || args.includes("-j");
  const fail = (state: CheckState, message: string): number => {
    out.out((json ? formatJsonFailure(state, message) : formatFailure(state, message)) + "\n");
    return STATE_CODE[state];
  };
  let parsed: ParsedArgs;
  let thresholds: Thresholds;
  let targets: Target[];
  let timeoutS = DEFAULT_TIMEOUT_S;
  try {
    parsed = parseArgs(args, {
      short: "hju:p:t:",
      long: [
        "help|h",
        "json|j",
        "all",
        "user=|u",
        "password=|p",
        "timeout=|t",
        "warn-charge=",
        "crit-charge=",
        "warn-runtime=",
        "crit-runtime=",
        "warn-load=",
        "crit-load=",
        "warn-status=",
        "crit-status=",
        "stale=",
      ],
    }, 3);
    if (parsed.has("h")) {
      out.out(checkUsage());
      return 0;
    }
    thresholds = thresholdsFrom(parsed);
    targets = targetsFrom(parsed);
    const t = parsed.value("t");
    if (t !== undefined) {
      if (!/^\d+(\.\d+)?$/.test(t.trim()) || Number(t) <= 0) {
        throw new UsageError(`--timeout expects seconds > 0, got "${t}"`, 3);
      }
      timeoutS = Number(t);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return fail("UNKNOWN", `${e.message} (see nut check --help)`);
  }

  const deadline = Date.now() + timeoutS * 1000;
  const servers = new Map<string, { host: string; port: number; targets: Target[] }>();
  for (const target of targets) {
    const { host, port } = target.kind === "ups" ? target.address : target;
    const key = `${host}\0${port}`;
    const s = servers.get(key) ?? { host, port, targets: [] };
    s.targets.push(target);
    servers.set(key, s);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), timeoutS * 1000));
  const work = Promise.all(
    [...servers.values()].map((s) =>
      checkServer(s.host, s.port, s.targets, thresholds, parsed, ctx, deadline)
    ),
  );
  const outcome = await Promise.race([work, timedOut]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    work.catch(() => {});
    return fail("UNKNOWN", `no answer within ${timeoutS} s`);
  }
  const result = combine(outcome.flat());
  out.out((json ? formatJson(result) : formatNagios(result)) + "\n");
  return STATE_CODE[result.state];
}
