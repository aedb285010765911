import { assertEquals } from "../testing/asserts.ts";
import { tlsForHost } from "./tls_options.ts";

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
