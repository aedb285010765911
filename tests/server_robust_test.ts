// Robustness of our upsd against bad clients and bad drivers: absurd lines, garbage bytes, connection
// floods, clients that vanish mid-request, drivers that send nonsense or die; the daemon answers
// everyone else and never crashes.
import { assert, assertEquals, assertStringIncludes } from "../lib/testing/asserts.ts";
import net from "node:net";
import { join } from "node:path";
import { waitFor } from "./helpers.ts";
import { FakeDriver, sampleState } from "./server_fake_driver.ts";
import { LineClient, nutSetup, runScript, startOurUpsd, waitServing } from "./server_harness.ts";

const ONE_UPS = "[fake]\n driver = fake\n port = none\n";

Deno.test({
  name: "upsd survives absurd lines, garbage and vanishing clients, and keeps serving",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await using setup = await nutSetup(ONE_UPS);
    await using drv = await FakeDriver.start(join(setup.statePath, "fake-fake"), sampleState());
    await using server = await startOurUpsd(setup);
    await waitServing(server.port, "fake");
    const alive = async () =>
      assertEquals(await runScript(server.port, ["GET VAR fake ups.status"]), [
        ">> GET VAR fake ups.status",
        'VAR fake ups.status "OL CHRG"',
      ]);

    await t.step("a line over the limit gets ERR TOO-LONG and the session goes on", async () => {
      await using c = await LineClient.connect(server.port);
      assertEquals(await c.exchange(`GET VAR fake ${"x".repeat(20_000)}`), ["ERR TOO-LONG"]);
      assertEquals(await c.exchange("GET VAR fake ups.load"), ['VAR fake ups.load "23"']);
      // Within the limit, words are cut at 512 characters as NUT does, and echoed whole (NUT would
      // truncate its reply line at 512 bytes).
      const long = "u".repeat(600);
      const r = await c.exchange(`GET VAR ${long} server.version`);
      assertEquals(r, [`VAR ${"u".repeat(512)} server.version "2.8.0"`]);
    });

    await t.step("random bytes do not upset the server", async () => {
      await using c = await LineClient.connect(server.port);
      const bytes = new Uint8Array(64 * 1024);
      crypto.getRandomValues(bytes);
      // No quote or backslash: an open quote would (rightly) swallow the lines that follow.
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x22 || bytes[i] === 0x5c) bytes[i] = 0x20;
      c.socket.write(bytes);
      c.write("\n");
      // Every line of noise gets some answer; then the session answers in order as before.
      const r = await c.exchange("NETVER", 10_000);
      assertEquals(r.at(-1), "1.3");
      assert(r.length > 100, `the noise lines were answered too (${r.length} lines)`);
      await alive();
    });

    await t.step(
      "a client that never sends a newline costs bounded memory and does not block others",
      async () => {
        const c = net.createConnection({ port: server.port, host: "127.0.0.1" });
        await new Promise((r) => c.once("connect", r));
        c.on("error", () => {});
        const chunk = "A".repeat(64 * 1024);
        for (let i = 0; i < 64; i++) c.write(chunk); // 4 MiB without a newline
        await alive();
        c.write("\nNETVER\n");
        const got = await new Promise<string>((resolve) => {
          let buf = "";
          c.on("data", (d) => {
            buf += d.toString();
            if (buf.includes("1.3\n")) resolve(buf);
          });
        });
        assertEquals(got, "ERR TOO-LONG\n1.3\n");
        c.destroy();
      },
    );

    await t.step("clients that vanish mid-request or mid-list are forgotten", async () => {
      for (let i = 0; i < 50; i++) {
        const c = net.createConnection({ port: server.port, host: "127.0.0.1" });
        c.on("error", () => {});
        c.on("connect", () => {
          c.write(i % 2 ? "LIST VAR fake\nLIST VAR fake\nLIST VAR fake\n" : "GET VAR fa");
          c.destroy();
        });
      }
      await alive();
    });

    await t.step("many clients at once are all served", async () => {
      const clients = await Promise.all(Array.from({ length: 200 }, () => LineClient.connect(server.port)));
      try {
        const replies = await Promise.all(clients.map((c) => c.exchange("GET VAR fake battery.charge")));
        for (const r of replies) assertEquals(r, ['VAR fake battery.charge "87"']);
      } finally {
        for (const c of clients) c.close();
      }
    });

    await t.step("pipelined requests are answered in order", async () => {
      await using c = await LineClient.connect(server.port);
      const lines = Array.from({ length: 500 }, (_, i) => (i % 2 ? "NETVER" : `GET VAR fake battery.charge`));
      c.write(lines.join("\n") + "\n");
      for (let i = 0; i < lines.length; i++) {
        assertEquals(await c.readLine(), i % 2 ? "1.3" : 'VAR fake battery.charge "87"');
      }
    });

    await t.step("a driver sending nonsense is logged and ignored; its good lines still apply", async () => {
      for (
        const bad of [
          "SETINFO",
          "ADDRANGE x 1",
          "SETAUX ups.id many",
          "DELCMD",
          "\u0001\u0002",
          "TRACKING id x",
        ]
      ) {
        drv.broadcast(bad);
      }
      drv.broadcast('SETINFO ups.alarm "Replace battery"');
      await waitFor(
        async () =>
          (await runScript(server.port, ["GET VAR fake ups.alarm"]))[1] ===
            'VAR fake ups.alarm "Replace battery"',
        "good line after bad ones",
      );
      assertStringIncludes(server.proc.stderr, "ignoring a bad line from driver fake-fake");
    });

    await t.step("the daemon is still the same process", () => {
      assert(server.proc.stderr.includes("listening on 127.0.0.1"));
      assertEquals(server.proc.stderr.includes("Uncaught"), false);
      assertEquals(server.proc.stderr.includes("error: "), false, server.proc.stderr.slice(-2000));
    });
  },
});

Deno.test({
  name:
    "a driver that dies shows DRIVER-NOT-CONNECTED and is picked up again when it restarts; a late driver too",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using setup = await nutSetup(ONE_UPS + "[late]\n driver = fake\n port = none\n");
    const path = join(setup.statePath, "fake-fake");
    let drv = await FakeDriver.start(path, sampleState());
    await using server = await startOurUpsd(setup);
    try {
      await waitServing(server.port, "fake");
      assertEquals(await runScript(server.port, ["GET VAR late ups.status"]), [
        ">> GET VAR late ups.status",
        "ERR DRIVER-NOT-CONNECTED",
      ]);
      await using late = await FakeDriver.start(join(setup.statePath, "fake-late"), sampleState());
      await waitServing(server.port, "late");
      await drv.close();
      await waitFor(
        async () =>
          (await runScript(server.port, ["GET VAR fake ups.status"]))[1] === "ERR DRIVER-NOT-CONNECTED",
        "driver gone",
      );
      const state = sampleState();
      state.setInfo("ups.status", "OB");
      drv = await FakeDriver.start(path, state);
      await waitServing(server.port, "fake");
      assertEquals(
        (await runScript(server.port, ["GET VAR fake ups.status"]))[1],
        'VAR fake ups.status "OB"',
      );
      assertEquals(late.openConnections, 1);
    } finally {
      await drv.close();
    }
  },
});
