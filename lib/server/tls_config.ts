/**
 * STARTTLS settings from upsd.conf: CERTFILE holds the server certificate, its chain and the private key
 * in PEM (NUT's OpenSSL form); CERTIDENT's password decrypts the key; CERTREQUEST asks for (1) or
 * requires (2) client certificates, checked against the CA certificates of CERTPATH (a PEM file or a
 * directory of them); DISABLE_WEAK_SSL keeps TLS 1.2 and later.
 * @module
 */
import tls from "node:tls";
import { join } from "node:path";
import type { UpsdConf } from "../../config/upsd_conf.ts";
import type { TlsSettings } from "./frontend.ts";

const CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const KEY = /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/;

/**
 * Splits a PEM bundle into its certificates and its private key.
 * @param pem the file's text
 * @returns the certificates (in file order) and the key, if any
 */
export function splitPem(pem: string): { certs: string[]; key?: string } {
  const certs = pem.match(CERT) ?? [];
  const key = KEY.exec(pem)?.[0];
  return key ? { certs, key } : { certs };
}

async function readCaPath(path: string): Promise<string[]> {
  const info = await Deno.stat(path);
  if (!info.isDirectory) return splitPem(await Deno.readTextFile(path)).certs;
  const out: string[] = [];
  for await (const e of Deno.readDir(path)) {
    if (!e.isFile && !e.isSymlink) continue;
    if (!/\.(pem|crt|cer|\d)$/.test(e.name)) continue;
    try {
      out.push(...splitPem(await Deno.readTextFile(join(path, e.name))).certs);
    } catch { /* unreadable entry: skip */ }
  }
  return out;
}

/**
 * Loads the TLS settings, or undefined when upsd.conf has no CERTFILE (STARTTLS then answers
 * FEATURE-NOT-CONFIGURED).
 * @param conf upsd.conf
 * @returns the settings
 * @throws {Error} naming the file when the certificate or key is missing or unusable
 */
export async function loadTlsSettings(conf: UpsdConf): Promise<TlsSettings | undefined> {
  if (!conf.certFile) return undefined;
  const file = conf.certFile;
  let pem: string;
  try {
    pem = await Deno.readTextFile(file);
  } catch (e) {
    throw new Error(`CERTFILE ${file}: cannot read: ${(e as Error).message}`);
  }
  const { certs, key } = splitPem(pem);
  if (certs.length === 0) throw new Error(`CERTFILE ${file}: no certificate (PEM "BEGIN CERTIFICATE") found`);
  if (!key) {
    throw new Error(
      `CERTFILE ${file}: no private key (PEM "BEGIN PRIVATE KEY") found after the certificates`,
    );
  }
  const options: tls.SecureContextOptions = { cert: certs.join("\n"), key };
  if (conf.certIdent?.password) options.passphrase = conf.certIdent.password;
  if (conf.disableWeakSsl) options.minVersion = "TLSv1.2";
  if (conf.certRequest > 0 && conf.certPath) {
    try {
      options.ca = await readCaPath(conf.certPath);
    } catch (e) {
      throw new Error(`CERTPATH ${conf.certPath}: cannot read: ${(e as Error).message}`);
    }
  }
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext(options);
  } catch (e) {
    throw new Error(`CERTFILE ${file}: unusable certificate or key: ${(e as Error).message}`);
  }
  return { context, requestCert: conf.certRequest > 0, rejectUnauthorized: conf.certRequest === 2 };
}
