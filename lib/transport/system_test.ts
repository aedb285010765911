import { assertEquals } from "../testing/asserts.ts";
import { SystemTransports } from "./system.ts";

Deno.test({
  name: "SystemTransports loads nothing until a device is listed: the USB bus is the same object every time",
  async fn() {
    const text = await Deno.readTextFile(new URL("./system.ts", import.meta.url));
    assertEquals(
      /^import [^;]*ffi\//m.test(text),
      false,
      "ffi/ is imported when first used, not with the module",
    );
    await using t = new SystemTransports();
    assertEquals(t.usbHid(), t.usbHid());
  },
});
