import { assert, assertEquals, assertThrows } from "../lib/testing/asserts.ts";
import {
  cString,
  decodeCString,
  Errno,
  ERRNO_SYMBOLS,
  LazyLibrary,
  LibraryLoadError,
  PointerOut,
  readCString,
} from "./dl.ts";

Deno.test({
  name: "cString() is NUL-terminated UTF-8; decodeCString() stops at the first NUL",
  permissions: "none",
  fn() {
    assertEquals([...cString("a\u00e9")], [0x61, 0xc3, 0xa9, 0]);
    assertEquals([...cString("")], [0]);
    assertEquals(decodeCString(new Uint8Array([0x68, 0x69, 0, 0x78])), "hi");
    assertEquals(decodeCString(new Uint8Array([0x68, 0x69])), "hi");
    assertEquals(decodeCString(new Uint8Array(4)), "");
  },
});

Deno.test({
  name: "LazyLibrary opens nothing until first used, and names every candidate when none loads",
  permissions: { ffi: true },
  fn() {
    const lib = new LazyLibrary("libnothing", ["libnothing-1.so.0", "libnothing-1.so"], {
      nothing: { parameters: [], result: "void" },
    });
    assertEquals(lib.loaded, false);
    const e = assertThrows(() => lib.symbols.nothing(), LibraryLoadError);
    assertEquals(e.names, ["libnothing-1.so.0", "libnothing-1.so"]);
    assertEquals(e.errors.length, 2);
    assert(
      e.message.startsWith("Cannot open libnothing (tried libnothing-1.so.0, libnothing-1.so): "),
      e.message,
    );
    assert(e.message.includes("libnothing-1.so.0: "), e.message);
    assertEquals(lib.loaded, false);
  },
});

Deno.test({
  name: "LazyLibrary falls through to the next name; Errno reads what a failed call left",
  permissions: { ffi: true },
  fn() {
    using libc = new LazyLibrary("libc", ["libnothing-1.so.0", "libc.so.6", "libc.so"], {
      close: { parameters: ["i32"], result: "i32" },
      ...ERRNO_SYMBOLS,
    });
    assertEquals(libc.symbols.close(-1), -1);
    assertEquals(libc.loaded, true);
    assertEquals(new Errno(libc.symbols).value, 9 /* EBADF */);
  },
});

Deno.test({
  name: "readCString() reads up to the NUL and never beyond its bound",
  permissions: { ffi: true },
  fn() {
    const b = new Uint8Array([0x61, 0x62, 0x63, 0, 0x64]);
    const p = Deno.UnsafePointer.of(b);
    assertEquals(readCString(p, 100), "abc");
    assertEquals(readCString(p, 2), "ab");
    assertEquals(readCString(Deno.UnsafePointer.of(b.subarray(3)), 100), "");
    assertEquals(readCString(null, 100), undefined);
    const out = new PointerOut();
    assertEquals(out.value, null);
    new DataView(out.bytes.buffer).setBigUint64(0, BigInt(Deno.UnsafePointer.value(p)), true);
    assertEquals(readCString(out.value, 10), "abc");
  },
});
