import net from "node:net";
import type { Buffer } from "node:buffer";
import { assert, assertEquals } from "../testing/asserts.ts";
import { LineFramer, TOO_LONG } from "../words/line_framer.ts";
import { readPacedLines } from "./paced_lines.ts";

Deno.test({
  name:
    "readPacedLines(): a peer that asks without reading gets nothing more answered once its replies wait beyond the bound; reading, it gets every reply in order",
  async fn() {
    let handled = 0;
    const server = net.createServer((s) => {
      const framer = new LineFramer(64);
      readPacedLines(s, {
        split: (chunk: Buffer | string) => framer.push(chunk.toString()).filter((l) => l !== TOO_LONG),
        handle: (line) => {
          handled++;
          s.write(`${line} ${"x".repeat(10_000)}\n`);
        },
        onError: () => {},
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const c = net.createConnection({ port, host: "127.0.0.1" });
    await new Promise((r) => c.once("connect", r));
    c.pause();
    // 20,000 requests asking for 200 MB of replies.
    c.write(Array.from({ length: 20_000 }, (_, i) => `R${i}\n`).join(""));
    await new Promise((r) => setTimeout(r, 300));
    // What the kernel's buffers and the bound hold, far from everything.
    assert(handled < 2_000, `handled while the peer did not read: ${handled}`);
    const got = await new Promise<string[]>((resolve) => {
      const f = new LineFramer(20_000);
      const lines: string[] = [];
      c.on("data", (d: Buffer) => {
        for (const l of f.push(d)) if (l !== TOO_LONG) lines.push(l.split(" ")[0]);
        if (lines.length === 20_000) resolve(lines);
      });
      c.resume();
    });
    assertEquals(got, Array.from({ length: 20_000 }, (_, i) => `R${i}`));
    c.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  },
});

Deno.test({
  name: "readPacedLines(): a handler that throws costs its line, the next ones are handled",
  async fn() {
    const errors: unknown[] = [];
    const server = net.createServer((s) => {
      const framer = new LineFramer(64);
      readPacedLines(s, {
        split: (chunk: Buffer | string) => framer.push(chunk.toString()).filter((l) => l !== TOO_LONG),
        handle: async (line) => {
          await new Promise((r) => setTimeout(r, 1));
          if (line === "BOOM") throw new Error("boom");
          s.write(`${line}\n`);
        },
        onError: (e) => errors.push(e),
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const c = net.createConnection({ port, host: "127.0.0.1" });
    const text = await new Promise<string>((resolve) => {
      let buf = "";
      c.on("data", (d: Buffer) => {
        buf += d.toString();
        if (buf.endsWith("C\n")) resolve(buf);
      });
      c.write("A\nBOOM\nB\nC\n");
    });
    assertEquals([text, errors.length], ["A\nB\nC\n", 1]);
    c.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  },
});
