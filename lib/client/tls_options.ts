/**
 * TLS settings of a client connection, in the terms of NUT's upsmon.conf (CERTPATH, CERTHOST,
 * CERTVERIFY, FORCESSL) and how they turn into a handshake: the I/O part reads the CA files.
 * @module
 */
import { join } from "node:path";
import { readBoundedText } from "../os/read_bounded.ts";
import { FileKindError } from "../os/open_regular.ts";

/** When to use STARTTLS. */
export type TlsMode =
  /** Never send STARTTLS. */
  | "off"
  /** Send STARTTLS; go on in clear text if the server does not offer TLS (NUT's UPSCLI_CONN_TRYSSL). */
  | "try"
  /** Send STARTTLS; fail when TLS cannot be set up (NUT's FORCESSL / UPSCLI_CONN_REQSSL). */
  | "require";

/** TLS settings. */
export interface TlsOptions {
  /** When to use STARTTLS (default "try" when this object is given). */
  mode?: TlsMode;
  /** Verify the server certificate (NUT's CERTVERIFY; default false, as in NUT). */
  verify?: boolean;
  /** CA certificates: a PEM file, or a directory of PEM files (NUT's CERTPATH). */
  caPath?: string;
  /** CA certificates as PEM text (in addition to caPath). */
  ca?: string | string[];
  /** The name the server certificate must carry (NUT's CERTHOST certificate name); the host by default. */
  certName?: string;
  /** Client certificate file, PEM (for servers that ask for one). */
  certFile?: string;
  /** Private key file of certFile, PEM. */
  keyFile?: string;
}

/** A CA file read from a CERTPATH directory must be smaller than this. */
const MAX_CA_FILE = 1 << 20;

/** Largest PEM file named directly (a CA bundle, a client certificate or key). */
export const MAX_PEM_FILE = 4 << 20;

/**
 * Reads the CA certificates named by the options (a file, or every `*.pem`, `*.crt` and hashed `*.0`
 * file of a directory). Only regular files are opened: a FIFO in the directory is skipped, a caPath that
 * is neither a directory nor a regular file is refused.
 * @param options the TLS settings
 * @returns PEM texts, or undefined to use the default roots
 * @throws {Deno.errors.NotFound} and the like when caPath cannot be read
 * @throws {FileKindError} naming caPath when it is a FIFO, a socket, a device
 */
export async function loadCa(options: TlsOptions): Promise<string[] | undefined> {
  const out: string[] = [];
  if (options.ca) out.push(...(Array.isArray(options.ca) ? options.ca : [options.ca]));
  if (options.caPath) {
    const info = await Deno.stat(options.caPath);
    if (info.isDirectory) {
      const names: string[] = [];
      for await (const e of Deno.readDir(options.caPath)) {
        if (!e.isDirectory && /\.(pem|crt|cer|\d+)$/i.test(e.name)) names.push(e.name);
      }
      for (const name of names.sort()) {
        const path = join(options.caPath, name);
        if ((await Deno.stat(path)).size > MAX_CA_FILE) continue;
        let text: string;
        try {
          text = await readBoundedText(path, MAX_CA_FILE);
        } catch (e) {
          if (e instanceof FileKindError) continue;
          throw e;
        }
        if (text.includes("-----BEGIN CERTIFICATE-----")) out.push(text);
      }
    } else {
      out.push(await readBoundedText(options.caPath, MAX_PEM_FILE));
    }
  }
  return out.length > 0 ? out : undefined;
}

/** The TLS settings of upsmon.conf (CERTPATH, CERTVERIFY, FORCESSL, CERTHOST lines). */
export interface MonitorTlsSettings {
  /** CERTPATH: CA certificates. */
  certPath?: string;
  /** CERTVERIFY 1. */
  certVerify?: boolean;
  /** FORCESSL 1. */
  forceSsl?: boolean;
  /** CERTHOST <hostname> <certname> <certverify> <forcessl>, in file order. */
  hosts?: readonly { host: string; certName: string; verify: boolean; forceSsl: boolean }[];
}

/**
 * The TLS options upsmon uses for one server, as NUT decides them: a CERTHOST line for that exact host
 * name overrides CERTVERIFY and FORCESSL (the last such line wins, as NUT prepends them to its list);
 * without FORCESSL the connection tries STARTTLS and may stay in clear text.
 * @param settings the upsmon.conf settings
 * @param host the host name as written in the MONITOR line
 * @returns the options for {@linkcode NutClient.connect}
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const s = { certPath: "/etc/nut/ca", hosts: [{ host: "nas", certName: "nas.example", verify: true, forceSsl: true }] };
 * assertEquals(tlsForHost(s, "nas"), { mode: "require", verify: true, caPath: "/etc/nut/ca", certName: "nas.example" });
 * assertEquals(tlsForHost(s, "other").mode, "try");
 * ```
 */
export function tlsForHost(settings: MonitorTlsSettings, host: string): TlsOptions {
  const hostCert = [...(settings.hosts ?? [])].reverse().find((h) => h.host === host);
  const verify = hostCert ? hostCert.verify : settings.certVerify ?? false;
  const force = hostCert ? hostCert.forceSsl : settings.forceSsl ?? false;
  // NUT passes TRYSSL only when FORCESSL is off globally; a CERTHOST may still turn forcing off.
  const mode: TlsMode = force ? "require" : settings.forceSsl ? "off" : "try";
  const out: TlsOptions = { mode, verify };
  if (settings.certPath !== undefined) out.caPath = settings.certPath;
  if (hostCert) out.certName = hostCert.certName;
  return out;
}
