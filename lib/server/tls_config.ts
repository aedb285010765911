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
import { readBoundedText } from "../os/read_bounded.ts";
import { FileKindError } from "../os/open_regular.ts";

/** Largest PEM file read (CERTFILE, a CA bundle, one file of a CERTPATH directory). */
const MAX_PEM_BYTES = 4 * 1024 * 1024;

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

/** CERTPATH: a directory of PEM files, or one PEM file; nothing else is opened (a FIFO would block). */
async function readCaPath(path: string): Promise<string[]> {
  const info = await Deno.stat(path);
  if (!info.isDirectory) {
    try {
      return splitPem(await readBoundedText(path, MAX_PEM_BYTES)).certs;
    } catch (e) {
      if (e instanceof FileKindError) throw new Error(`not a directory or regular file (a ${e.kind})`);
      throw e;
    }
  }
  const out: string[] = [];
  for await (const e of Deno.readDir(path)) {
    if (!e.isFile && !e.isSymlink) continue;
    if (!/\.(pem|crt|cer|\d)$/.test(e.name)) continue;
    try {
      out.push(...splitPem(await readBoundedText(join(path, e.name), MAX_PEM_BYTES)).certs);
    } catch { /* unreadable entry, or not a regular file: skip */ }
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
    pem = await readBoundedText(file, MAX_PEM_BYTES);
  } catch (e) {
    const reason = e instanceof FileKindError ? e.reason : `cannot read: ${(e as Error).message}`;
    throw new Error(`CERTFILE ${file}: ${reason}`);
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
