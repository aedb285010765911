/**
 * Certificates for the server's TLS unit tests (folder-private): a throw-away self-signed pair made by
 * openssl, when openssl is there.
 * @module
 */
import { join } from "node:path";
import tls from "node:tls";
import { assert } from "../testing/asserts.ts";
import type { TlsSettings } from "./frontend.ts";

/** Whether openssl can be run here. */
export function hasOpenssl(): boolean {
  try {
    return new Deno.Command("openssl", { args: ["version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

/** A fresh self-signed certificate for CN=localhost, and its key (PEM). */
export async function selfSigned(): Promise<{ cert: string; key: string }> {
  const dir = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command("openssl", {
      args: [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "k.pem",
        "-out",
        "c.pem",
        "-days",
        "1",
      ]
        .concat(["-subj", "/CN=localhost"]),
      cwd: dir,
      stdout: "null",
      stderr: "null",
    }).output();
    assert(out.success, "openssl req failed");
    return {
      cert: await Deno.readTextFile(join(dir, "c.pem")),
      key: await Deno.readTextFile(join(dir, "k.pem")),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * STARTTLS settings of a server with a fresh self-signed certificate (no client certificate asked).
 * @returns the settings, and the certificate for the client to trust
 */
export async function selfSignedServer(): Promise<{ cert: string; settings: TlsSettings }> {
  const { cert, key } = await selfSigned();
  return {
    cert,
    settings: {
      context: tls.createSecureContext({ cert, key }),
      requestCert: false,
      rejectUnauthorized: false,
    },
  };
}
