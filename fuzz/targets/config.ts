/**
 * Targets `config/<file>`: every config parser (config/*.ts), on NUT's sample files when a NUT installation
 * is there, the repository's fixtures, the samples of _config_samples.ts and the tests' literals. Typed
 * error: ConfigError. Properties: the result is plain data (no functions or prototype objects picked up
 * from a name such as `constructor`, no NaN); each parser's own invariants below.
 * @module
 */
import { type FuzzTarget } from "../target.ts";
import { type ConfigName, literalsOf } from "../corpus.ts";
import { check } from "../property.ts";
import { ConfigError } from "../../config/diagnostics.ts";
import { parseUpsConf, type UpsConf } from "../../config/ups_conf.ts";
import { parseUpsdConf, type UpsdConf } from "../../config/upsd_conf.ts";
import { parseUpsdUsers, type UpsdUsers } from "../../config/upsd_users.ts";
import { defaultUpsmonConf, parseUpsmonConf, type UpsmonConf } from "../../config/upsmon_conf.ts";
import { AT_COMMANDS, parseUpsschedConf, type UpsschedConf } from "../../config/upssched_conf.ts";
import { type NutConf, parseNutConf } from "../../config/nut_conf.ts";
import { NOTIFY_TYPES } from "../../lib/monitor/notify_types.ts";
import { CONFIG_SAMPLES } from "./_config_samples.ts";

const PLAIN_PROTOTYPES = new Set<unknown>([
  Object.prototype,
  Array.prototype,
  Map.prototype,
  Set.prototype,
  null,
]);

/**
 * Requires plain data: strings, finite numbers, booleans, arrays, Maps, Sets and plain objects.
 * @param value the parsed result
 * @param path where in the result, for the message
 */
export function checkPlainData(value: unknown, path = "result"): void {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return;
    case "number":
      check(`${path} is a finite number, not ${value}`, Number.isFinite(value));
      return;
    case "object": {
      if (value === null) return;
      check(
        `${path} is plain data, not an object of another kind`,
        PLAIN_PROTOTYPES.has(Object.getPrototypeOf(value)),
      );
      if (value instanceof Map) {
        for (const [k, v] of value) checkPlainData(v, `${path}.get(${JSON.stringify(k)})`);
      } else if (value instanceof Set) { for (const v of value) checkPlainData(v, `${path} member`); }
      else for (const [k, v] of Object.entries(value)) checkPlainData(v, `${path}[${JSON.stringify(k)}]`);
      return;
    }
    default:
      check(`${path} is plain data, not a ${typeof value}`, false);
  }
}

const isTyped = (e: unknown) => e instanceof ConfigError;

function configTarget<R>(
  file: ConfigName,
  subject: string,
  dictionary: string[],
  parse: (text: string) => R,
  invariants: (result: R) => void,
): FuzzTarget<R> {
  return {
    name: `config/${file}`,
    subject,
    unicode: true,
    dictionary,
    seeds(corpus) {
      return [[CONFIG_SAMPLES[file]], corpus.configs.get(file) ?? [], literalsOf(corpus, "config", "tests")];
    },
    parse,
    check(_input, result) {
      checkPlainData(result);
      invariants(result);
    },
    isTyped,
  };
}

/** ups.conf. */
export const upsConfTarget: FuzzTarget<UpsConf> = configTarget(
  "ups.conf",
  "config/ups_conf.ts",
  [
    "[ups]",
    "driver",
    "port",
    "desc",
    "sdorder",
    "maxretry",
    "nowait",
    "default.",
    "override.",
    "default.x",
    "override.y",
    "[x]",
  ],
  (text) => parseUpsConf(text, "ups.conf"),
  (c) => {
    const names = new Set<string>();
    for (const s of c.sections) {
      check(`section [${s.name}] appears once`, !names.has(s.name.toLowerCase()));
      names.add(s.name.toLowerCase());
      for (const e of s.entries) {
        for (const [prefix, table] of [["default.", s.defaults], ["override.", s.overrides]] as const) {
          if (e.key.startsWith(prefix) && e.key.length > prefix.length) {
            const name = e.key.slice(prefix.length);
            check(`"${e.key}" is kept as ${prefix}${JSON.stringify(name)}`, Object.hasOwn(table, name));
          }
        }
      }
    }
  },
);

/** upsd.conf. */
export const upsdConfTarget: FuzzTarget<UpsdConf> = configTarget(
  "upsd.conf",
  "config/upsd_conf.ts",
  [
    "LISTEN",
    "MAXAGE",
    "MAXCONN",
    "TRACKINGDELAY",
    "STATEPATH",
    "ALLOW_NO_DEVICE",
    "CERTIDENT",
    "CERTREQUEST",
    "DEBUG_MIN",
    "::1",
  ],
  (text) => parseUpsdConf(text, "upsd.conf"),
  (c) => {
    for (const l of c.listen) {
      check(`LISTEN port ${l.port} is 1..65535`, Number.isInteger(l.port) && l.port >= 1 && l.port <= 65535);
    }
    check(`CERTREQUEST is 0, 1 or 2, not ${c.certRequest}`, [0, 1, 2].includes(c.certRequest));
  },
);

/** upsd.users. */
export const upsdUsersTarget: FuzzTarget<UpsdUsers> = configTarget(
  "upsd.users",
  "config/upsd_users.ts",
  [
    "[admin]",
    "password",
    "actions",
    "instcmds",
    "upsmon",
    "primary",
    "secondary",
    "master",
    "slave",
    "allowfrom",
    "ALL",
  ],
  (text) => parseUpsdUsers(text, "upsd.users"),
  (c) => {
    for (const u of c.users.values()) {
      check(
        `upsmon role of [${u.name}] is primary, secondary or none`,
        [undefined, "primary", "secondary"].includes(u.upsmon),
      );
    }
  },
);

/** Every key an UpsmonConf may have. */
const UPSMON_KEYS = new Set([
  ...Object.keys(defaultUpsmonConf()),
  "shutdownCmd",
  "notifyCmd",
  "powerDownFlag",
  "runAsUser",
  "certPath",
  "certFile",
  "certIdent",
  "debugMin",
]);

/** upsmon.conf. */
export const upsmonConfTarget: FuzzTarget<UpsmonConf> = configTarget(
  "upsmon.conf",
  "config/upsmon_conf.ts",
  [
    "MONITOR",
    "POLLFREQ",
    "DEADTIME",
    "NOTIFYFLAG",
    "NOTIFYMSG",
    "SHUTDOWNCMD",
    "SHUTDOWNEXIT",
    "CERTHOST",
    "ONBATT",
    "SYSLOG+WALL",
    "primary",
    "ups@host:3493",
  ],
  (text) => parseUpsmonConf(text, "upsmon.conf"),
  (c) => {
    for (const k of Object.keys(c)) {
      check(`upsmon.conf sets only known settings, not ${JSON.stringify(k)}`, UPSMON_KEYS.has(k));
    }
    for (const t of [...Object.keys(c.notifyMessages), ...Object.keys(c.notifyFlags)]) {
      check(`${t} is a notify type`, (NOTIFY_TYPES as readonly string[]).includes(t));
    }
    for (const m of c.monitors) {
      check(`MONITOR port ${m.port} is 1..65535`, Number.isInteger(m.port) && m.port >= 1 && m.port <= 65535);
      check(`MONITOR role ${m.role}`, m.role === "primary" || m.role === "secondary");
    }
  },
);

/** upssched.conf. */
export const upsschedConfTarget: FuzzTarget<UpsschedConf> = configTarget(
  "upssched.conf",
  "config/upssched_conf.ts",
  ["CMDSCRIPT", "PIPEFN", "LOCKFN", "DEBUG_MIN", "AT", "ONBATT", "*", ...AT_COMMANDS],
  (text) => parseUpsschedConf(text, "upssched.conf"),
  (c) => {
    for (const d of c.directives) {
      if (d.kind === "DEBUG_MIN") check("DEBUG_MIN is a safe integer", Number.isSafeInteger(d.level));
      if (d.kind === "CMDSCRIPT") check("CMDSCRIPT has a program", d.argv.length > 0);
    }
  },
);

/** nut.conf. */
export const nutConfTarget: FuzzTarget<NutConf> = configTarget(
  "nut.conf",
  "config/nut_conf.ts",
  ["MODE=", "MODE=standalone", "export ", "'", '"', "\\", "UPSD_OPTIONS=", "netclient", "$", "`"],
  (text) => parseNutConf(text, "nut.conf"),
  (c) => {
    check(
      `MODE is known, not ${c.mode}`,
      c.mode === undefined ||
        ["none", "standalone", "netserver", "netclient", "controlled", "manual"].includes(c.mode),
    );
  },
);
