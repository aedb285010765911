/**
 * upsd.conf: directives of the data server (docs/man/upsd.conf.txt).
 * @module
 */
import { splitText } from "../lib/words/split.ts";
import { describeTokenError } from "./ups_conf.ts";
import { ConfigError, type ConfigWarning, parseBoolean, parseInteger } from "./diagnostics.ts";

/** The default TCP port of NUT (IANA). */
export const NUT_PORT = 3493;

/** One LISTEN directive. */
export interface Listen {
  /** Address or host name; "*" means both wildcard addresses. */
  host: string;
  /** TCP port. */
  port: number;
  /** Line of the directive (0 for the built-in default). */
  line: number;
}

/** A parsed upsd.conf. */
export interface UpsdConf {
  /** The file it came from. */
  file: string;
  /** LISTEN directives, in order; empty means the default (127.0.0.1 and ::1). */
  listen: Listen[];
  /** Seconds without news from a driver before its data is stale (default 15). */
  maxAge: number;
  /** Maximum simultaneous connections (default: unlimited = 0). */
  maxConn: number;
  /** Socket directory. */
  statePath?: string;
  /** Seconds a TRACKING result is kept (default 3600). */
  trackingDelay: number;
  /** Start with no UPS defined. */
  allowNoDevice: boolean;
  /** Start when some LISTEN addresses cannot be bound. */
  allowNotAllListeners: boolean;
  /** PEM file with the server certificate (chain) and private key. */
  certFile?: string;
  /** CA certificates (directory or bundle) to verify client certificates. */
  certPath?: string;
  /** CERTIDENT name and password (password decrypts the private key). */
  certIdent?: { name: string; password: string };
  /** 0 = no client certificate, 1 = request, 2 = require valid. */
  certRequest: 0 | 1 | 2;
  /** Only TLS 1.2 and later. */
  disableWeakSsl: boolean;
  /** Minimum debug level. */
  debugMin: number;
  /** Non-fatal remarks. */
  warnings: ConfigWarning[];
}

/**
 * The configuration when no upsd.conf exists: every default.
 * @param file name used in messages
 * @returns the defaults
 */
export function defaultUpsdConf(file = "upsd.conf"): UpsdConf {
  return {
    file,
    listen: [],
    maxAge: 15,
    maxConn: 0,
    trackingDelay: 3600,
    allowNoDevice: false,
    allowNotAllListeners: false,
    certRequest: 0,
    disableWeakSsl: false,
    debugMin: 0,
    warnings: [],
  };
}

/**
 * Parses upsd.conf text.
 * @param text the file's content
 * @param file its path, for messages
 * @returns the configuration
 * @throws {ConfigError} naming file:line on a LISTEN without address or with a bad port, a path directive
 *   without its path, or a bad CERTREQUEST (invalid numbers and booleans are warnings: NUT keeps going)
 * @example
 * ```ts
 * import { assertEquals } from "../lib/testing/asserts.ts";
 * const c = parseUpsdConf("LISTEN 127.0.0.1 3493\nLISTEN ::1\nMAXAGE 30\n", "upsd.conf");
 * assertEquals([c.listen.map((l) => `${l.host}/${l.port}`), c.maxAge], [["127.0.0.1/3493", "::1/3493"], 30]);
 * ```
 */
export function parseUpsdConf(text: string, file: string): UpsdConf {
  const conf = defaultUpsdConf(file);
  for (const pl of splitText(text)) {
    if (pl.error) throw new ConfigError(file, pl.line, describeTokenError(pl.error));
    const [key, ...args] = pl.words;
    const directive = key.toUpperCase();
    const need = (n: number, form: string) => {
      if (args.length < n) throw new ConfigError(file, pl.line, `${directive} expects "${form}"`);
    };
    // NUT logs an invalid value ("MAXAGE has non numeric value") and keeps going with the default: so
    // do we, with a warning naming the line. (A bad LISTEN port stays fatal: NUT cannot bind either.)
    const invalid = (message: string): undefined => {
      conf.warnings.push({ file, line: pl.line, message: `${message} (ignored, default kept)` });
      return undefined;
    };
    const int = (i: number, form: string, min = 0): number | undefined => {
      if (args.length < i + 1) return invalid(`${directive} expects "${form}"`);
      const v = parseInteger(args[i]);
      if (v === undefined || v < min) {
        return invalid(`${directive} expects "${form}" with an integer >= ${min}, got "${args[i]}"`);
      }
      return v;
    };
    const bool = (): boolean | undefined => {
      if (args.length < 1) return invalid(`${directive} expects true or false`);
      const v = parseBoolean(args[0]);
      if (v === undefined) {
        return invalid(`${directive} expects true/yes/on/1 or false/no/off/0, got "${args[0]}"`);
      }
      return v;
    };
    switch (directive) {
      case "LISTEN": {
        need(1, "LISTEN <address> [<port>]");
        const port = args.length > 1 ? parseInteger(args[1]) : NUT_PORT;
        if (port === undefined || port < 1 || port > 65535) {
          throw new ConfigError(
            file,
            pl.line,
            `LISTEN expects "LISTEN <address> [<port>]" with a port 1..65535, got "${args[1]}"`,
          );
        }
        conf.listen.push({ host: args[0], port, line: pl.line });
        break;
      }
      case "MAXAGE":
        conf.maxAge = int(0, "MAXAGE <seconds>", 1) ?? conf.maxAge;
        break;
      case "MAXCONN":
        conf.maxConn = int(0, "MAXCONN <connections>", 1) ?? conf.maxConn;
        break;
      case "TRACKINGDELAY":
        conf.trackingDelay = int(0, "TRACKINGDELAY <seconds>") ?? conf.trackingDelay;
        break;
      case "STATEPATH":
        need(1, "STATEPATH <path>");
        conf.statePath = args[0];
        break;
      case "ALLOW_NO_DEVICE":
        conf.allowNoDevice = bool() ?? conf.allowNoDevice;
        break;
      case "ALLOW_NOT_ALL_LISTENERS":
        conf.allowNotAllListeners = bool() ?? conf.allowNotAllListeners;
        break;
      case "CERTFILE":
        need(1, "CERTFILE <file>");
        conf.certFile = args[0];
        break;
      case "CERTPATH":
        need(1, "CERTPATH <path>");
        conf.certPath = args[0];
        break;
      case "CERTIDENT":
        need(2, 'CERTIDENT "<certificate name>" "<password>"');
        conf.certIdent = { name: args[0], password: args[1] };
        break;
      case "CERTREQUEST": {
        need(1, "CERTREQUEST 0|1|2|NO|REQUEST|REQUIRE");
        const v = ({ "0": 0, "1": 1, "2": 2, NO: 0, REQUEST: 1, REQUIRE: 2 } as const)[
          args[0].toUpperCase() as "0" | "1" | "2" | "NO" | "REQUEST" | "REQUIRE"
        ];
        if (v === undefined) {
          throw new ConfigError(
            file,
            pl.line,
            `CERTREQUEST expects 0, 1, 2, NO, REQUEST or REQUIRE, got "${args[0]}"`,
          );
        }
        conf.certRequest = v;
        break;
      }
      case "DISABLE_WEAK_SSL":
        conf.disableWeakSsl = bool() ?? conf.disableWeakSsl;
        break;
      case "DEBUG_MIN":
        conf.debugMin = int(0, "DEBUG_MIN <level>") ?? conf.debugMin;
        break;
      case "ACL":
      case "ACCEPT":
      case "REJECT":
        conf.warnings.push({
          file,
          line: pl.line,
          message: `${directive} is no longer supported by NUT (use LISTEN and a firewall); ignored`,
        });
        break;
      default:
        conf.warnings.push({ file, line: pl.line, message: `unknown directive "${key}" (ignored)` });
    }
  }
  return conf;
}
