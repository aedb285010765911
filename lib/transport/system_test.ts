import { assertEquals } from "../testing/asserts.ts";
import { MODEM_LINES_LIBRARY_ENV, systemTransportOptions, SystemTransports } from "./system.ts";

Deno.test("systemTransportOptions: the modem-line test hook comes from the environment, nothing else", () => {
  assertEquals(systemTransportOptions(() => undefined), {});
  assertEquals(systemTransportOptions((n) => n === MODEM_LINES_LIBRARY_ENV ? "/tmp/m.so" : undefined), {
    serial: { modemIoctlLibrary: "/tmp/m.so" },
  });
});

Deno.test({
  name: "SystemTransports loads nothing until a device is listed: the USB bus is the same object every time",
  async fn() {
    const text = await Deno.readTextFile(new URL("./system.ts", import.meta.url));
    assertEquals(
      /^import (?!type )[^;]*ffi\//m.test(text),
      false,
      "ffi/ is imported when first used, not with the module",
    );
    await using t = new SystemTransports();
    assertEquals(t.usbHid(), t.usbHid());
    assertEquals(t.serial(), t.serial());
    assertEquals(t.stream(), t.stream());
    assertEquals(t.datagram(), t.datagram());
  },
});
