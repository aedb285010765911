/**
 * Test certificates made with openssl: a CA and a server certificate signed by it (Deno's TLS rejects a
 * self-signed leaf, so tests need the pair).
 * @module
 */
import { join } from "node:path";
import { run } from "./helpers.ts";

/** Paths and PEM texts of a generated CA + server certificate. */
export interface TestCerts {
  /** CA certificate file. */
  caFile: string;
  /** CA certificate text. */
  ca: string;
  /** Server certificate file (signed by the CA). */
  certFile: string;
  /** Server certificate text. */
  cert: string;
  /** Server key file. */
  keyFile: string;
  /** Server key text. */
  key: string;
  /** The DNS name in the server certificate. */
  name: string;
}

/**
 * Whether openssl can be run.
 * @returns a reason to skip, or undefined
 */
export function opensslMissing(): string | undefined {
  try {
    new Deno.Command("openssl", { args: ["version"], stdout: "null", stderr: "null" }).outputSync();
    return undefined;
  } catch {
    return "openssl not installed";
  }
}

/**
 * Generates a CA and a server certificate for `name` (and IP 127.0.0.1) in `dir`.
 * @param dir where to write the files
 * @param name the server certificate's DNS name
 * @returns the files and their texts
 */
export async function makeTestCerts(dir: string, name = "upsd.test"): Promise<TestCerts> {
  const p = (f: string) => join(dir, f);
  const steps: string[][] = [
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      p("ca.key"),
      "-out",
      p("ca.pem"),
      "-days",
      "2",
      "-subj",
      "/CN=nut test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    [
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      p("server.key"),
      "-out",
      p("server.csr"),
      "-subj",
      `/CN=${name}`,
    ],
    [
      "x509",
      "-req",
      "-in",
      p("server.csr"),
      "-CA",
      p("ca.pem"),
      "-CAkey",
      p("ca.key"),
      "-CAcreateserial",
      "-out",
      p("server.pem"),
      "-days",
      "2",
      "-extfile",
      p("ext.cnf"),
    ],
  ];
  await Deno.writeTextFile(
    p("ext.cnf"),
    `subjectAltName=DNS:${name},IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  for (const args of steps) {
    const r = await run("openssl", args);
    if (r.code !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  }
  return {
    caFile: p("ca.pem"),
    ca: await Deno.readTextFile(p("ca.pem")),
    certFile: p("server.pem"),
    cert: await Deno.readTextFile(p("server.pem")),
    keyFile: p("server.key"),
    key: await Deno.readTextFile(p("server.key")),
    name,
  };
}
