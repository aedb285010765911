/**
 * TLS settings of a client connection, in the terms of NUT's upsmon.conf (CERTPATH, CERTHOST,
 * CERTVERIFY, FORCESSL) and how they turn into a handshake: the I/O part reads the CA files.
 * @module
 */
import { join } from "node:path";

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

/**
 * Reads the CA certificates named by the options (a file, or every `*.pem`, `*.crt` and hashed `*.0`
 * file of a directory).
 * @param options the TLS settings
 * @returns PEM texts, or undefined to use the default roots
 * @throws {Deno.errors.NotFound} and the like when caPath cannot be read
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
        const text = await Deno.readTextFile(path);
        if (text.includes("-----BEGIN CERTIFICATE-----")) out.push(text);
      }
    } else {
      out.push(await Deno.readTextFile(options.caPath));
    }
  }
  return out.length > 0 ? out : undefined;
}
