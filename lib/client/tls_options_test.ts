import { join } from "node:path";
import { assertEquals, assertRejects } from "../testing/asserts.ts";
import { makeFifo } from "../testing/fifo.ts";
import { within } from "../testing/within.ts";
import { FileKindError } from "../os/open_regular.ts";
import { loadCa, tlsForHost } from "./tls_options.ts";

Deno.test({
  name: "tlsForHost() applies CERTHOST over CERTVERIFY/FORCESSL as NUT's upsmon does",
  permissions: "none",
  fn() {
    assertEquals(tlsForHost({}, "h"), { mode: "try", verify: false });
    assertEquals(tlsForHost({ certVerify: true, certPath: "/ca" }, "h"), {
      mode: "try",
      verify: true,
      caPath: "/ca",
    });
    assertEquals(tlsForHost({ forceSsl: true }, "h"), { mode: "require", verify: false });
    const hosts = [
      { host: "a", certName: "first", verify: false, forceSsl: false },
      { host: "a", certName: "second", verify: true, forceSsl: true },
      { host: "b", certName: "b.cert", verify: true, forceSsl: false },
    ];
    assertEquals(tlsForHost({ hosts }, "a"), { mode: "require", verify: true, certName: "second" });
    // A CERTHOST that does not force TLS under a global FORCESSL leaves NUT without any TLS flag.
    assertEquals(tlsForHost({ forceSsl: true, hosts }, "b"), {
      mode: "off",
      verify: true,
      certName: "b.cert",
    });
    assertEquals(tlsForHost({ hosts }, "A").certName, undefined);
  },
});

Deno.test("loadCa() skips a FIFO in a CERTPATH directory and refuses a CERTPATH that is one, naming it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nut-ca-" });
  try {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    await Deno.writeTextFile(join(dir, "a.pem"), pem);
    await makeFifo(join(dir, "b.pem"));
    assertEquals(await within(loadCa({ caPath: dir }), 5000, "loadCa(dir)"), [pem]);
    await within(
      assertRejects(
        () => loadCa({ caPath: join(dir, "b.pem") }),
        FileKindError,
        `${join(dir, "b.pem")}: not a regular file (a FIFO)`,
      ),
      5000,
      "loadCa(fifo)",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
