/**
 * The client's STARTTLS against a node:tls server speaking the NUT protocol: certificate verification by
 * CA file, CA directory and certificate name (NUT's CERTPATH / CERTHOST / CERTVERIFY / FORCESSL).
 */
import net from "node:net";
import tls from "node:tls";
import { assertEquals, assertRejects } from "../lib/testing/asserts.ts";
import { ClientError, NutClient } from "../lib/client/mod.ts";
import { tempDir } from "./helpers.ts";
import { makeTestCerts, opensslMissing, type TestCerts } from "./client_certs.ts";

/** A NUT-like server: STARTTLS upgrades to TLS; GET VAR answers with the connection's TLS state. */
async function tlsServer(
  certs: TestCerts,
  options: { offer?: boolean; breakHandshake?: boolean } = {},
): Promise<{ port: number } & AsyncDisposable> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((plain) => {
    sockets.add(plain);
    plain.on("error", () => {});
    let buf = "";
    const serve = (s: net.Socket, secure: boolean) => {
      const onData = (d: Uint8Array) => {
        buf += new TextDecoder().decode(d);
        let nl;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line === "STARTTLS" && !secure) {
            if (options.offer === false) {
              s.write("ERR FEATURE-NOT-CONFIGURED\n");
              continue;
            }
            s.off("data", onData);
            s.write("OK STARTTLS\n", () => {
              if (options.breakHandshake) {
                s.end("this is not TLS\n");
                return;
              }
              const t = new tls.TLSSocket(s, { isServer: true, key: certs.key, cert: certs.cert });
              sockets.add(t);
              t.on("error", () => {});
              serve(t, true);
            });
            return;
          }
          if (line === "GET VAR ups1 tls") s.write(`VAR ups1 tls "${secure ? "yes" : "no"}"\n`);
          else if (line === "LOGOUT") s.end("OK Goodbye\n");
          else s.write("ERR UNKNOWN-COMMAND\n");
        }
      };
      s.on("data", onData);
    };
    serve(plain, false);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    async [Symbol.asyncDispose]() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const skip = opensslMissing() !== undefined;

Deno.test(
  { name: "STARTTLS with a verified certificate (CA file + certificate name)", ignore: skip },
  async () => {
    await using dir = await tempDir();
    const certs = await makeTestCerts(dir.path);
    await using srv = await tlsServer(certs);
    const c = await NutClient.connect("127.0.0.1", srv.port, {
      tls: { mode: "require", verify: true, caPath: certs.caFile, certName: certs.name },
    });
    assertEquals(c.encrypted, true);
    assertEquals(await c.getVar("ups1", "tls"), "yes");
    await c.logout();
  },
);

Deno.test(
  { name: "STARTTLS verifies against a CA directory (CERTPATH) and the IP address", ignore: skip },
  async () => {
    await using dir = await tempDir();
    const certs = await makeTestCerts(dir.path);
    await using cadir = await tempDir();
    await cadir.write("ca.pem", certs.ca);
    await cadir.write("README", "not a certificate");
    await using srv = await tlsServer(certs);
    const c = await NutClient.connect("127.0.0.1", srv.port, {
      tls: { mode: "require", verify: true, caPath: cadir.path },
    });
    assertEquals(await c.getVar("ups1", "tls"), "yes");
    c.close();
  },
);

Deno.test(
  { name: "STARTTLS rejects a wrong certificate name or an unknown CA when verifying", ignore: skip },
  async () => {
    await using dir = await tempDir();
    const certs = await makeTestCerts(dir.path);
    await using srv = await tlsServer(certs);
    const e = await assertRejects(
      () =>
        NutClient.connect("127.0.0.1", srv.port, {
          tls: { mode: "require", verify: true, caPath: certs.caFile, certName: "other.test" },
        }),
      ClientError,
      "SSL error:",
    );
    assertEquals(e.kind, "SSL");
    await assertRejects(
      () => NutClient.connect("127.0.0.1", srv.port, { tls: { mode: "require", verify: true } }),
      ClientError,
      "SSL error:",
    );
  },
);

Deno.test(
  { name: "STARTTLS without verification encrypts anyway (NUT's TRYSSL)", ignore: skip },
  async () => {
    await using dir = await tempDir();
    const certs = await makeTestCerts(dir.path);
    await using srv = await tlsServer(certs);
    const c = await NutClient.connect("127.0.0.1", srv.port, { tls: "try" });
    assertEquals(c.encrypted, true);
    assertEquals(await c.getVar("ups1", "tls"), "yes");
    c.close();
  },
);

Deno.test({ name: "STARTTLS: a server without TLS, and a broken handshake", ignore: skip }, async () => {
  await using dir = await tempDir();
  const certs = await makeTestCerts(dir.path);
  await using plain = await tlsServer(certs, { offer: false });
  const c = await NutClient.connect("127.0.0.1", plain.port, { tls: "try" });
  assertEquals([c.encrypted, await c.getVar("ups1", "tls")], [false, "no"]);
  c.close();
  await assertRejects(
    () => NutClient.connect("127.0.0.1", plain.port, { tls: "require" }),
    ClientError,
    "SSL is not available",
  );
  await using broken = await tlsServer(certs, { breakHandshake: true });
  const e = await assertRejects(
    () => NutClient.connect("127.0.0.1", broken.port, { tls: "try" }),
    ClientError,
    "SSL error:",
  );
  assertEquals(e.kind, "SSL");
});
