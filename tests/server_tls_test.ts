// STARTTLS: a node:tls client and NUT 2.8.0's upsc against our upsd with CERTFILE; clients that never ask
// for TLS keep working; client certificates with CERTREQUEST; a broken CERTFILE stops the start.
// Certificates are made with openssl (a CA and a leaf: TLS clients reject a self-signed leaf).
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import net from "node:net";
import tls from "node:tls";
import type { Buffer } from "node:buffer";
import { join } from "node:path";
import { freePort, nutPeerMissing, run, runNut } from "./helpers.ts";
import { FakeDriver, sampleState } from "./server_fake_driver.ts";
import { AS_ROOT, LineClient, type NutSetup, nutSetup, startOurUpsd, waitServing } from "./server_harness.ts";

const ONE_UPS = "[fake]\n driver = fake\n port = none\n";

function hasOpenssl(): boolean {
  try {
    return new Deno.Command("openssl", { args: ["version"], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

interface Certs {
  ca: string;
  certFile: string;
  clientCert: string;
  clientKey: string;
}

async function makeCerts(dir: string): Promise<Certs> {
  const ssl = async (...args: string[]) => {
    const r = await run("openssl", args, { cwd: dir });
    if (r.code !== 0) throw new Error(`openssl ${args[0]}: ${r.stderr}`);
  };
  await Deno.writeTextFile(
    join(dir, "leaf.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
  );
  await ssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=NUT test CA",
  );
  for (const [name, cn] of [["leaf", "localhost"], ["client", "upsmon"]]) {
    await ssl(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${cn}`,
    );
    await ssl(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.pem`,
      "-days",
      "2",
      "-extfile",
      "leaf.ext",
    );
  }
  const read = (f: string) => Deno.readTextFile(join(dir, f));
  const certFile = join(dir, "upsd.pem");
  await Deno.writeTextFile(
    certFile,
    (await read("leaf.pem")) + (await read("ca.pem")) + (await read("leaf.key")),
  );
  await Deno.chmod(certFile, 0o644);
  return {
    ca: await read("ca.pem"),
    certFile,
    clientCert: await read("client.pem"),
    clientKey: await read("client.key"),
  };
}

/** A client that speaks plain text, asks for STARTTLS, then speaks over TLS. */
class TlsClient {
  #sock: net.Socket | tls.TLSSocket;
  #buf = "";
  #lines: string[] = [];
  #wait: (() => void) | undefined;
  private constructor(sock: net.Socket) {
    this.#sock = sock;
    this.#listen(sock);
  }
  #listen(s: net.Socket) {
    s.on("data", (d: Buffer) => {
      this.#buf += d.toString("latin1");
      let i;
      while ((i = this.#buf.indexOf("\n")) >= 0) {
        this.#lines.push(this.#buf.slice(0, i));
        this.#buf = this.#buf.slice(i + 1);
      }
      this.#wait?.();
    });
    s.on("error", () => {});
  }
  static connect(port: number): Promise<TlsClient> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host: "127.0.0.1" });
      s.once("connect", () => resolve(new TlsClient(s)));
      s.once("error", reject);
    });
  }
  async ask(line: string): Promise<string> {
    this.#sock.write(line + "\n");
    const deadline = Date.now() + 5000;
    while (this.#lines.length === 0 && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, 100);
        this.#wait = () => {
          clearTimeout(t);
          r();
        };
      });
    }
    return this.#lines.shift() ?? "<none>";
  }
  async upgrade(options: tls.ConnectionOptions): Promise<tls.TLSSocket> {
    const raw = this.#sock as net.Socket;
    raw.removeAllListeners("data");
    const secure = tls.connect({ ...options, socket: raw, servername: "localhost" });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    this.#sock = secure;
    this.#listen(secure);
    return secure;
  }
  close() {
    this.#sock.destroy();
  }
}

async function tlsServer(setup: NutSetup, certs: Certs, extra = "") {
  const driver = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
  const server = await startOurUpsd(setup, `CERTFILE ${certs.certFile}\n${extra}`, ["-DDD"]);
  await waitServing(server.port, "fake");
  return {
    port: server.port,
    proc: server.proc,
    async [Symbol.asyncDispose]() {
      await server.proc.stop();
      await driver.close();
    },
  };
}

Deno.test({
  name: "STARTTLS upgrades a session to TLS (node:tls client checking the CA); plain clients still work",
  ignore: !hasOpenssl(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const certs = await makeCerts(setup.dir.path);
    await using server = await tlsServer(setup, certs);
    const c = await TlsClient.connect(server.port);
    try {
      assertEquals(await c.ask("NETVER"), "1.3");
      assertEquals(await c.ask("STARTTLS"), "OK STARTTLS");
      const secure = await c.upgrade({ ca: certs.ca });
      assert(secure.authorized, "server certificate verified against the CA");
      assertEquals(await c.ask("GET VAR fake ups.status"), 'VAR fake ups.status "OL CHRG"');
      assertEquals(await c.ask("STARTTLS"), "ERR ALREADY-SSL-MODE");
      assertEquals(await c.ask("USERNAME mon"), "OK");
      assertEquals(await c.ask("PASSWORD pw"), "OK");
      assertEquals(await c.ask("LOGIN fake"), "OK");
      assertEquals(await c.ask("GET NUMLOGINS fake"), "NUMLOGINS fake 1");
    } finally {
      c.close();
    }
    await using plain = await LineClient.connect(server.port);
    assertEquals(await plain.exchange("GET VAR fake ups.id"), ['VAR fake ups.id "Rack 1"']);
    await server.proc.waitForOutput(/SSL connected \(TLSv1\.[23]\) with 127\.0\.0\.1/);
    await server.proc.waitForOutput(/User mon@127\.0\.0\.1 logged into UPS \[fake\] \(SSL\)/);
  },
});

Deno.test({
  name: "NUT 2.8.0's upsc uses STARTTLS with our upsd and reads the data",
  ignore: !hasOpenssl() || nutPeerMissing() !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const certs = await makeCerts(setup.dir.path);
    await using server = await tlsServer(setup, certs);
    const r = await run("/usr/bin/upsc", [`fake@127.0.0.1:${server.port}`, "ups.status"]);
    assertEquals(r.stdout, "OL CHRG\n");
    assertStringIncludes(r.stderr, "Connected to NUT server 127.0.0.1 in SSL");
    await server.proc.waitForOutput(/SSL connected/);
  },
});

Deno.test({
  name: "CERTREQUEST 2 requires a client certificate signed by a CA of CERTPATH",
  ignore: !hasOpenssl(),
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const certs = await makeCerts(setup.dir.path);
    await using server = await tlsServer(
      setup,
      certs,
      `CERTREQUEST 2\nCERTPATH ${join(setup.dir.path, "ca.pem")}\n`,
    );
    const bare = await TlsClient.connect(server.port);
    assertEquals(await bare.ask("STARTTLS"), "OK STARTTLS");
    let refused = false;
    try {
      const s = await bare.upgrade({ ca: certs.ca });
      // TLS 1.3 reports the server's refusal after the handshake: the first read fails.
      s.write("NETVER\n");
      refused = await new Promise<boolean>((r) => {
        s.once("data", () => r(false));
        s.once("error", () => r(true));
        s.once("close", () => r(true));
      });
    } catch {
      refused = true;
    } finally {
      bare.close();
    }
    assert(refused, "a client without certificate is refused");
    const good = await TlsClient.connect(server.port);
    try {
      assertEquals(await good.ask("STARTTLS"), "OK STARTTLS");
      await good.upgrade({ ca: certs.ca, cert: certs.clientCert, key: certs.clientKey });
      assertEquals(await good.ask("NETVER"), "1.3");
    } finally {
      good.close();
    }
  },
});

Deno.test({
  name: "a CERTFILE without a key stops the start with a message naming the file",
  ignore: !hasOpenssl(),
  async fn() {
    await using setup = await nutSetup(ONE_UPS);
    const certs = await makeCerts(setup.dir.path);
    const broken = join(setup.dir.path, "broken.pem");
    await Deno.writeTextFile(broken, certs.ca);
    const conf = await setup.serverConf("c", `LISTEN 127.0.0.1 ${await freePort()}\nCERTFILE ${broken}\n`);
    const r = await runNut("upsd", ["-F", ...AS_ROOT], { env: setup.env(conf) });
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, `CERTFILE ${broken}: no private key`);
  },
});
