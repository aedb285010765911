import { assertEquals } from "../testing/asserts.ts";
import { decodeLatin1, encodeLatin1 } from "./latin1.ts";

Deno.test({
  name: "decodeLatin1() and encodeLatin1() map every byte to one character and back, long inputs too",
  permissions: "none",
  fn() {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = decodeLatin1(all);
    assertEquals(text.length, 256);
    assertEquals(text.charCodeAt(0x80), 0x80);
    const scratch = new Uint8Array(300);
    assertEquals(encodeLatin1(text, scratch, new TextEncoder()), all);
    const big = new Uint8Array(20_000).map((_, i) => 32 + (i % 90));
    const bigText = decodeLatin1(big);
    assertEquals(bigText.length, 20_000);
    const out = encodeLatin1(bigText, scratch, new TextEncoder());
    assertEquals(out, big);
    assertEquals(out.buffer === scratch.buffer, false);
    assertEquals(decodeLatin1(big, 3), ' !"');
  },
});
