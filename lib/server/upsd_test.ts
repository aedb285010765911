// The server in-process, with a minimal driver on a Unix socket: idle clients, PING at a third of MAXAGE,
// staleness without PONG, reload to another socket. Real sockets, no other process.
import { assert, assertEquals } from "../testing/asserts.ts";
import net from "node:net";
import type { Buffer } from "node:buffer";
import { join } from "node:path";
import { Logger } from "../log.ts";
import { parseUpsConf } from "../../config/ups_conf.ts";
import { parseUpsdConf } from "../../config/upsd_conf.ts";
import { parseUpsdUsers } from "../../config/upsd_users.ts";
import { resolveServerSettings } from "./config.ts";
import { Upsd } from "./upsd.ts";

/** A tiny driver: answers DUMPALL with a status, PING with PONG unless muted; records requests. */
async function tinyDriver(path: string, status: string) {
  const seen: string[] = [];
  const socks = new Set<net.Socket>();
  let mute = false;
  const server = net.createServer((s) => {
    socks.add(s);
    s.on("error", () => {});
    s.on("data", (d: Buffer) => {
      for (const line of d.toString().split("\n").filter(Boolean)) {
        seen.push(line);
        if (line === "DUMPALL") s.write(`SETINFO ups.status "${status}"\nDATAOK\nDUMPDONE\n`);
        if (line === "PING" && !mute) s.write("PONG\n");
      }
    });
  });
  await new Promise<void>((r) => server.listen(path, () => r()));
  return {
    seen,
    set mute(v: boolean) {
      mute = v;
    },
    async close() {
      for (const s of socks) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function ask(port: number, lines: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.createConnection({ port, host: "127.0.0.1" });
    let buf = "";
    c.on("data", (d: Buffer) => buf += d.toString());
    c.on("error", reject);
    c.on("close", () => resolve(buf));
    c.on("connect", () => {
      c.write(lines);
      setTimeout(() => c.end(), 150);
    });
  });
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function server(dir: string, upsConf: string, upsdConf: string, idleMs = 60_000) {
  const settings = resolveServerSettings({
    upsConf: parseUpsConf(upsConf, "ups.conf"),
    upsdConf: parseUpsdConf(`LISTEN 127.0.0.1 ${await port()}\n${upsdConf}`, "upsd.conf"),
    users: parseUpsdUsers("", "upsd.users"),
  }, (n) => (n === "NUT_STATEPATH" ? dir : undefined));
  const lines: string[] = [];
  const log = new Logger({ sink: (_s, m) => lines.push(m), timestamps: false });
  const upsd = new Upsd({ settings, log, idleMs, tickMs: 50, startWaitMs: 1000 });
  await upsd.listen();
  await upsd.start();
  return { upsd, lines, port: upsd.addresses[0].port };
}

function port(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

Deno.test({
  name: "Upsd drops clients idle beyond the limit, and LOGOUT closes at once",
  async fn() {
    const dir = await Deno.makeTempDir();
    const drv = await tinyDriver(join(dir, "d-u"), "OL");
    const { upsd } = await server(dir, "[u]\n driver = d\n port = x\n", "", 200);
    try {
      const c = net.createConnection({ port: upsd.addresses[0].port, host: "127.0.0.1" });
      c.on("data", () => {}); // read, so that the end of the connection is seen
      const closed = new Promise<number>((r) => c.on("close", () => r(Date.now())));
      await new Promise((r) => c.once("connect", r));
      const opened = Date.now();
      c.write("GET VAR u ups.status\nGET VAR u"); // one complete request, then silence mid-line
      const at = await closed;
      assert(at - opened >= 150, `dropped after ${at - opened} ms`);
      assertEquals(upsd.clientCount, 0);
      assertEquals(await ask(upsd.addresses[0].port, "LOGOUT\n"), "OK Goodbye\n");
    } finally {
      await upsd.stop();
      await drv.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "Upsd PINGs a quiet driver at a third of MAXAGE and calls its data stale without PONG",
  async fn() {
    const dir = await Deno.makeTempDir();
    const drv = await tinyDriver(join(dir, "d-u"), "OB");
    const { upsd, lines, port } = await server(dir, "[u]\n driver = d\n port = x\n", "MAXAGE 1\n");
    try {
      assertEquals(await ask(port, "GET VAR u ups.status\n"), 'VAR u ups.status "OB"\n');
      await until(() => drv.seen.includes("PING"), "a PING");
      assertEquals(await ask(port, "GET VAR u ups.status\n"), 'VAR u ups.status "OB"\n');
      drv.mute = true;
      await until(
        async () => (await ask(port, "GET VAR u ups.status\n")) === "ERR DATA-STALE\n",
        "staleness",
      );
      assert(lines.includes("Data for UPS [u] is stale - check driver"), lines.join("\n"));
      drv.mute = false;
      await until(async () => (await ask(port, "GET VAR u ups.status\n")).startsWith("VAR"), "fresh again");
      assert(lines.includes("UPS [u] data is no longer stale"));
    } finally {
      await upsd.stop();
      await drv.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "Upsd reload moves a UPS to its new driver socket and serves the new driver's data",
  async fn() {
    const dir = await Deno.makeTempDir();
    const one = await tinyDriver(join(dir, "d-u"), "OL");
    const two = await tinyDriver(join(dir, "e-u"), "OB LB");
    const { upsd, port, lines } = await server(dir, "[u]\n driver = d\n port = x\n", "");
    try {
      assertEquals(await ask(port, "GET VAR u ups.status\n"), 'VAR u ups.status "OL"\n');
      const next = resolveServerSettings({
        upsConf: parseUpsConf('[u]\n driver = e\n port = x\n desc = "moved"\n', "ups.conf"),
        upsdConf: upsd.settings.upsdConf,
        users: upsd.settings.users,
      }, (n) => (n === "NUT_STATEPATH" ? dir : undefined));
      await upsd.reload(next);
      await until(
        async () => (await ask(port, "GET VAR u ups.status\n")) === 'VAR u ups.status "OB LB"\n',
        "new driver",
      );
      assertEquals(await ask(port, "GET UPSDESC u\n"), 'UPSDESC u "moved"\n');
      assert(lines.includes("Redefined UPS [u]"));
    } finally {
      await upsd.stop();
      await one.close();
      await two.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
