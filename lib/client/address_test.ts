import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { AddressError, formatAddress, formatName, splitAddress, splitName } from "./address.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  name: "splitName() fills in localhost and 3493",
  ...pure,
  fn() {
    assertEquals(splitName("ups1"), { ups: "ups1", host: "localhost", port: 3493 });
    assertEquals(splitName("ups1@nas"), { ups: "ups1", host: "nas", port: 3493 });
    assertEquals(splitName("ups1@nas:3494"), { ups: "ups1", host: "nas", port: 3494 });
    assertEquals(splitName("ups1@127.0.0.1:34931"), { ups: "ups1", host: "127.0.0.1", port: 34931 });
  },
});

Deno.test({
  name: "splitName() reads IPv6 literals in brackets",
  ...pure,
  fn() {
    assertEquals(splitName("ups@[::1]:3493"), { ups: "ups", host: "::1", port: 3493 });
    assertEquals(splitName("ups@[fe80::1%eth0]"), { ups: "ups", host: "fe80::1%eth0", port: 3493 });
    // Text after the bracket that is not ":port" is ignored, as NUT does.
    assertEquals(splitName("ups@[::1]junk"), { ups: "ups", host: "::1", port: 3493 });
  },
});

Deno.test({
  name: "splitName() and splitAddress() reject what NUT rejects, with NUT's messages",
  ...pure,
  fn() {
    assertThrows(() => splitName(""), AddressError, "upscli_splitname: can't parse empty string");
    assertThrows(() => splitName("ups@"), AddressError, "upscli_splitaddr: can't parse empty string");
    assertThrows(() => splitName("ups@[::1"), AddressError, "missing closing bracket in [domain literal]");
    assertThrows(() => splitName("ups@host:"), AddressError, "no port specified after ':' separator");
    assertThrows(() => splitName("ups@host:0"), AddressError, "no port specified");
    assertThrows(() => splitName("ups@host:65536"), AddressError, "no port specified");
    assertThrows(() => splitName("ups@host:abc"), AddressError, "no port specified");
    // Unbracketed IPv6 is read as host "1"... then "::1" gives no port: NUT refuses it too.
    assertThrows(() => splitName("ups@::1"), AddressError, "no port specified");
  },
});

Deno.test({
  name: "splitAddress() follows strtol/strtok rules of NUT",
  ...pure,
  fn() {
    assertEquals(splitAddress("localhost"), { host: "localhost", port: 3493 });
    assertEquals(splitAddress("host:3494x"), { host: "host", port: 3494 });
    assertEquals(splitAddress("[::1]"), { host: "::1", port: 3493 });
    assertEquals(splitAddress("h", 1234), { host: "h", port: 1234 });
  },
});

Deno.test({
  name: "formatName() and formatAddress() round-trip",
  ...pure,
  fn() {
    for (const text of ["u@h", "u@h:3494", "u@[::1]", "u@[::1]:3494"]) {
      assertEquals(formatName(splitName(text)), text === "u@h" ? "u@h" : text);
    }
    assertEquals(formatAddress({ host: "::1", port: 3493 }), "[::1]");
  },
});
