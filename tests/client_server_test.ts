/**
 * Our clients against our data server and our dummy-ups (no reference NUT needed): plain text and
 * STARTTLS with a certificate verified against a test CA. Skipped while this checkout has no server.
 */
import { assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import { NutClient } from "../lib/client/mod.ts";
import { runNut, tempDir } from "./helpers.ts";
import { OUR_DUMMY_UPS, OUR_UPSD, ourServerPresent, startNutEnv } from "./client_nut_env.ts";
import { makeTestCerts, opensslMissing } from "./client_certs.ts";

Deno.test({
  name: "our upsc, upscmd, upsrw and nut client on our upsd, in clear text",
  ignore: !ourServerPresent(),
  async fn() {
    await using env = await startNutEnv({ server: OUR_UPSD, driver: OUR_DUMMY_UPS });
    const all = await runNut("upsc", [env.ups("fake")]);
    assertEquals(all.code, 0);
    assertStringIncludes(all.stdout, 'ups.id: My "fake" UPS\n');
    assertEquals((await runNut("upsc", [env.ups("odd"), "ups.model"])).stdout, "back\\slash\n");
    const rw = await runNut("upsrw", [env.ups("fake")]);
    assertStringIncludes(
      rw.stdout,
      "[input.transfer.high]\nHigh voltage transfer point (V)\nType: RANGE NUMBER\n",
    );
    const cmd = await runNut("upscmd", ["-u", "admin", "-p", "secret", "-w", env.ups("fake"), "load.off"]);
    assertEquals([cmd.code, cmd.stderr], [0, "SUCCESS\n"]);
    const set = await runNut("nut", [
      "client",
      "set",
      env.ups("fake"),
      "ups.id=via nut client",
      "-u",
      "admin",
      "-p",
      "secret",
      "-w",
    ]);
    assertEquals([set.code, set.stdout], [0, "SUCCESS\n"]);
    assertEquals((await runNut("upsc", [env.ups("fake"), "ups.id"])).stdout, "via nut client\n");
    const stale = await runNut("upsc", [env.ups("stale")]);
    assertEquals([stale.code, stale.stderr], [1, "Error: Data stale\n"]);
  },
});

Deno.test({
  name: "our clients use STARTTLS with our upsd (CERTFILE), verifying the certificate",
  ignore: !ourServerPresent() || opensslMissing() !== undefined,
  async fn() {
    await using certDir = await tempDir();
    const certs = await makeTestCerts(certDir.path);
    const certfile = await certDir.write("upsd.pem", certs.cert + certs.key);
    await using env = await startNutEnv({
      server: OUR_UPSD,
      driver: OUR_DUMMY_UPS,
      upsdConf: `CERTFILE ${certfile}\n`,
    });

    const c = await NutClient.connect(env.host, env.port, {
      tls: { mode: "require", verify: true, caPath: certs.caFile, certName: certs.name },
    });
    assertEquals(c.encrypted, true);
    assertEquals(await c.getVar("fake", "ups.status"), "OL");
    await c.logout();

    const tlsArgs = ["--tls", "require", "--cafile", certs.caFile, "--certname", certs.name];
    const get = await runNut("nut", ["client", "get", env.ups("fake"), "ups.id", ...tlsArgs]);
    assertEquals([get.code, get.stdout], [0, 'My "fake" UPS\n']);
    const wrong = await runNut("nut", [
      "client",
      "get",
      env.ups("fake"),
      "--tls",
      "require",
      "--cafile",
      certs.caFile,
      "--certname",
      "other.test",
    ]);
    assertEquals(wrong.code, 1);
    assertStringIncludes(wrong.stderr, "SSL error:");

    // upsc tries STARTTLS without verification, as NUT's does, and reads the same data.
    const upsc = await runNut("upsc", [env.ups("fake"), "ups.id"]);
    assertEquals([upsc.code, upsc.stdout, upsc.stderr], [0, 'My "fake" UPS\n', ""]);
    const opportunistic = await NutClient.connect(env.host, env.port, { tls: "try" });
    assertEquals(opportunistic.encrypted, true);
    opportunistic.close();
  },
});
