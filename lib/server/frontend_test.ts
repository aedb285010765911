// Both frontends (epoll over libc, node:net) against the same cases: a client that does not read its
// replies is held to bounded memory, then dropped, a session bug costs one reply, MAXCONN refuses, LOGOUT closes after the replies,
// big replies reach a slow reader whole, LIST CLIENT addresses, clean close. Then what only the epoll
// frontend does itself: IPv6 listeners beside IPv4 ones (IPV6_V6ONLY), STARTTLS through node:tls over
// its connections, a port in use reported as a failure.
import { hasOpenssl, selfSignedServer } from "./_test_certs.ts";
import { connect, KINDS, startFrontend } from "./_test_frontend.ts";
import { assert, assertEquals, assertStringIncludes } from "../testing/asserts.ts";
import type net from "node:net";
import tls from "node:tls";
import type { Buffer } from "node:buffer";
import { EpollFrontend } from "./epoll_frontend.ts";
import { TURN_LIMITS } from "./request_pump.ts";

function talk(c: net.Socket, text: string, until: string): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    const on = (d: Buffer) => {
      buf += d.toString("latin1");
      if (buf.includes(until)) {
        c.off("data", on);
        resolve(buf);
      }
    };
    c.on("data", on);
    c.write(text);
  });
}

/** Everything the server sends until it closes. */
function untilClosed(c: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let buf = "";
    c.on("data", (d: Buffer) => buf += d.toString("latin1"));
    c.on("error", () => {});
    c.on("close", () => resolve(buf));
  });
}

for (const kind of KINDS) {
  Deno.test({
    name:
      `${kind} frontend: a client that asks and never reads is neither read nor answered beyond a bound, the others are served, the sweep drops it`,
    async fn() {
      const highWater = 64 * 1024;
      const { front, lines, port } = await startFrontend(kind, { highWater, stallMs: 300 });
      const lazy = await connect(port);
      lazy.pause(); // never reads
      const closed = new Promise<void>((r) => lazy.on("close", () => r()));
      lazy.on("error", () => {});
      // 4 million requests (20 MB) asking for 320 MB of replies: far more than every socket buffer holds.
      const requests = "HELP\n".repeat(100_000);
      for (let i = 0; i < 40; i++) lazy.write(requests);
      const good = await connect(port);
      let most = 0;
      for (let i = 0; i < 20; i++) {
        assertEquals(await talk(good, "NETVER\n", "\n"), "1.3\n");
        most = Math.max(most, front.unsentTotal);
        await new Promise((r) => setTimeout(r, 10));
      }
      // What the server holds for it: the high-water mark and one turn of replies at most.
      assert(most <= highWater + 32 * 1024, `unsent bytes held: ${most}`);
      // Its requests wait in its own socket: the server stopped reading them.
      assert(lazy.writableLength > 1024 * 1024, `requests not taken: ${lazy.writableLength}`);
      assertEquals(front.clientCount, 2);
      const sweeping = setInterval(() => front.sweep(), 50);
      await closed;
      clearInterval(sweeping);
      assertStringIncludes(lines.join("\n"), `Dropping client 127.0.0.1: it does not read its replies`);
      assertEquals(await talk(good, "NETVER\n", "\n"), "1.3\n");
      assertEquals(front.unsentTotal, 0);
      good.destroy();
      await front.close();
    },
  });

  Deno.test({
    name: `${kind} frontend: noise is answered a turn at a time with a pause between turns, others at once`,
    async fn() {
      const { front, port } = await startFrontend(kind, { noisePauseMs: 300 });
      const noisy = await connect(port);
      let got = "";
      noisy.on("data", (d: Buffer) => got += d.toString("latin1"));
      noisy.write("NOISE\n".repeat(3 * TURN_LIMITS.requests));
      const good = await connect(port);
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 5; i++) assertEquals(await talk(good, "NETVER\n", "\n"), "1.3\n");
      // One turn answered, the next not before the pause is over.
      assertEquals(got, "ERR UNKNOWN-COMMAND\n".repeat(TURN_LIMITS.requests));
      const all = "ERR UNKNOWN-COMMAND\n".repeat(3 * TURN_LIMITS.requests);
      for (let i = 0; i < 100 && got !== all; i++) await new Promise((r) => setTimeout(r, 20));
      assertEquals(got, all);
      noisy.destroy();
      good.destroy();
      await front.close();
    },
  });

  Deno.test({
    name: `${kind} frontend: a slow reader gets every byte of replies bigger than the socket buffers`,
    async fn() {
      const { front, port } = await startFrontend(kind);
      const c = await connect(port);
      c.pause();
      const help = "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS\n";
      c.write("HELP\n".repeat(10_000) + "NETVER\n"); // ~800 kB of replies, well under the backlog limit
      await new Promise((r) => setTimeout(r, 100));
      const got = await new Promise<string>((resolve) => {
        let buf = "";
        c.on("data", (d: Buffer) => {
          buf += d.toString("latin1");
          if (buf.endsWith("1.3\n")) resolve(buf);
        });
        c.resume();
      });
      assertEquals(got, help.repeat(10_000) + "1.3\n");
      c.destroy();
      await front.close();
    },
  });

  Deno.test({
    name: `${kind} frontend: an internal error costs one reply and the session goes on`,
    async fn() {
      const { front, lines, port } = await startFrontend(kind, { broken: true });
      const c = await connect(port);
      assertEquals(await talk(c, "GET VAR ups1 x\nNETVER\n", "1.3\n"), "ERR UNKNOWN-COMMAND\n1.3\n");
      assertStringIncludes(lines.join("\n"), "Internal error answering 127.0.0.1 (GET)");
      c.destroy();
      await front.close();
    },
  });

  Deno.test({
    name: `${kind} frontend refuses connections beyond the client limit`,
    async fn() {
      const { front, port } = await startFrontend(kind, { maxClients: 1 });
      const a = await connect(port);
      assertEquals(await talk(a, "NETVER\n", "\n"), "1.3\n");
      const b = await connect(port);
      const ended = untilClosed(b);
      b.write("NETVER\n");
      assertEquals(await ended, "");
      assertEquals(front.clientCount, 1);
      a.destroy();
      await front.close();
    },
  });

  Deno.test({
    name: `${kind} frontend: LOGOUT closes once the lines already received are answered`,
    async fn() {
      const { front, port } = await startFrontend(kind);
      const c = await connect(port);
      const all = untilClosed(c);
      c.write("NETVER\nLOGOUT\nNETVER\n");
      assertEquals(await all, "1.3\nOK Goodbye\n1.3\n");
      for (let i = 0; i < 50 && front.clientCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
      assertEquals(front.clientCount, 0);
      await front.close();
    },
  });

  Deno.test({
    name: `${kind} frontend: LIST CLIENT sees peers newest first; close() ends every connection`,
    async fn() {
      const { front, port } = await startFrontend(kind);
      const a = await connect(port);
      assertEquals(await talk(a, "NETVER\n", "\n"), "1.3\n");
      const b = await connect(port);
      assertEquals(await talk(b, "NETVER\n", "\n"), "1.3\n");
      assertEquals(front.clients().map((c) => c.address), ["127.0.0.1", "127.0.0.1"]);
      assertEquals(front.clientCount, 2);
      const closedA = untilClosed(a), closedB = untilClosed(b);
      await front.close();
      await Promise.all([closedA, closedB]);
      assertEquals(front.clientCount, 0);
    },
  });
}

function hasIpv6Loopback(): boolean {
  try {
    return Deno.readTextFileSync("/proc/net/if_inet6").includes("00000000000000000000000000000001");
  } catch {
    return false;
  }
}

Deno.test({
  name:
    "epoll frontend: :: and 0.0.0.0 on one port side by side (IPV6_V6ONLY), IPv6 peers as inet_ntop writes them",
  ignore: !EpollFrontend.supported() || !hasIpv6Loopback(),
  async fn() {
    const { front, port } = await startFrontend("epoll", { host: "::" });
    assertEquals(await front.listen([{ host: "0.0.0.0", port }]), []);
    assertEquals(front.addresses.map((a) => a.host), ["::", "0.0.0.0"]);
    const v6 = await connect(port, "::1");
    const v4 = await connect(port, "127.0.0.1");
    assertEquals(await talk(v6, "NETVER\n", "\n"), "1.3\n");
    assertEquals(await talk(v4, "NETVER\n", "\n"), "1.3\n");
    assertEquals(front.clients().map((c) => c.address), ["127.0.0.1", "::1"]);
    v6.destroy();
    v4.destroy();
    await front.close();
  },
});

Deno.test({
  name: "epoll frontend reports a port in use as a failure naming errno",
  ignore: !EpollFrontend.supported(),
  async fn() {
    const { front, port, lines } = await startFrontend("epoll");
    const failures = await front.listen([{ host: "127.0.0.1", port }]);
    assertEquals(failures.map((f) => f.error.code), ["EADDRINUSE"]);
    assertStringIncludes(
      lines.join("\n"),
      `not listening on 127.0.0.1 port ${port}: bind: Address already in use`,
    );
    await front.close();
  },
});

Deno.test({
  name: "epoll frontend: STARTTLS runs node:tls over the connection; requests and LOGOUT go on encrypted",
  ignore: !EpollFrontend.supported() || !hasOpenssl(),
  async fn() {
    const { cert, settings } = await selfSignedServer();
    const { front, port } = await startFrontend("epoll", { tls: settings });
    const raw = await connect(port);
    assertEquals(await talk(raw, "STARTTLS\n", "\n"), "OK STARTTLS\n");
    const secure = tls.connect({ socket: raw, ca: cert, servername: "localhost" });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    assert(secure.authorized, "the client verified the server's certificate");
    const replies = new Promise<string>((resolve) => {
      let buf = "";
      secure.on("data", (d: Buffer) => buf += d.toString("latin1"));
      secure.on("error", () => {});
      secure.on("close", () => resolve(buf));
    });
    secure.write("STARTTLS\nNETVER\nLOGOUT\n");
    assertEquals(await replies, "ERR ALREADY-SSL-MODE\n1.3\nOK Goodbye\n");
    for (let i = 0; i < 50 && front.clientCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assertEquals(front.clientCount, 0);
    await front.close();
  },
});
