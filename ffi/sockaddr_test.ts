import { assertEquals } from "../lib/testing/asserts.ts";
import { decodeSockaddr, encodeSockaddr, formatIpv6, parseIp, parseIpv4, parseIpv6 } from "./sockaddr.ts";

Deno.test({
  name: "parseIpv4() takes dotted quads only, as inet_pton",
  permissions: "none",
  fn() {
    assertEquals(parseIpv4("10.1.2.255"), new Uint8Array([10, 1, 2, 255]));
    for (const bad of ["1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.x", "", "1..2.3"]) {
      assertEquals(parseIpv4(bad), undefined, bad);
    }
  },
});

Deno.test({
  name: "parseIpv6() and formatIpv6() agree with inet_pton/inet_ntop",
  permissions: "none",
  fn() {
    const cases: [string, string][] = [
      ["::", "::"],
      ["::1", "::1"],
      ["1::", "1::"],
      ["fe80::1", "fe80::1"],
      ["2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"],
      ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
      ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
      ["1:0:0:2:0:0:3:4", "1::2:0:0:3:4"],
      ["0:1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7"],
      ["::ffff:192.0.2.1", "::ffff:192.0.2.1"],
      ["::192.0.2.1", "::192.0.2.1"],
      ["::0.0.1.1", "::101"],
    ];
    for (const [input, text] of cases) assertEquals(formatIpv6(parseIpv6(input)!), text, input);
    for (
      const bad of [
        "1:::2",
        ":1",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        "12345::",
        "g::",
        "::1.2.3",
        "1:2:3:4:5:6:7",
      ]
    ) {
      assertEquals(parseIpv6(bad), undefined, bad);
    }
  },
});

Deno.test({
  name: "parseIp() tells IPv4, IPv6 with a zone, and host names apart",
  permissions: "none",
  fn() {
    assertEquals(parseIp("127.0.0.1")?.family, 4);
    assertEquals(parseIp("::1")?.family, 6);
    assertEquals(parseIp("fe80::1%lo")?.zone, "lo");
    assertEquals(parseIp("fe80::1%"), undefined);
    assertEquals(parseIp("localhost"), undefined);
    assertEquals(parseIp("*"), undefined);
  },
});

Deno.test({
  name: "encodeSockaddr() lays out sockaddr_in/sockaddr_in6 as Linux does; decodeSockaddr() reads them back",
  permissions: "none",
  fn() {
    const v6 = encodeSockaddr(parseIp("2001:db8::1")!, 443, 3);
    assertEquals(v6.length, 28);
    assertEquals([...v6.subarray(0, 4)], [10, 0, 1, 187]);
    assertEquals([...v6.subarray(24)], [3, 0, 0, 0]);
    assertEquals(decodeSockaddr(v6), { family: 6, address: "2001:db8::1", port: 443 });
    assertEquals(decodeSockaddr(encodeSockaddr(parseIp("192.0.2.7")!, 65535)), {
      family: 4,
      address: "192.0.2.7",
      port: 65535,
    });
    assertEquals(decodeSockaddr(new Uint8Array(28)), undefined);
  },
});
