import { assertEquals, assertThrows } from "../testing/asserts.ts";
import { FIXTURES, hexBytes } from "../testing/hid_fixtures.ts";
import { HidDescriptorError } from "./errors.ts";
import { decodeItems, encodeItems, itemSigned, itemUnsigned, MAX_DESCRIPTOR_BYTES } from "./items.ts";

const pure = { permissions: "none" } as const;

Deno.test({
  ...pure,
  name: "encodeItems() writes back the bytes decodeItems() read, for every real descriptor",
  fn() {
    for (const f of FIXTURES) {
      if (f.rdesc === undefined) continue;
      const bytes = hexBytes(f.rdesc);
      const items = decodeItems(bytes);
      assertEquals(encodeItems(items), bytes, f.name);
      assertEquals(decodeItems(encodeItems(items)), items, f.name);
    }
  },
});

Deno.test({
  ...pure,
  name: "decodeItems() reads short items of 0, 1, 2 and 4 bytes and long items",
  fn() {
    const items = decodeItems(
      new Uint8Array([
        0xc0,
        0x15,
        0xff,
        0x26,
        0xff,
        0x00,
        0x27,
        0xfe,
        0xff,
        0xff,
        0xff,
        0xfe,
        0x01,
        0x42,
        0x99,
      ]),
    );
    assertEquals(
      items.map((i) => [i.offset, i.type, i.tag, i.data.length, itemUnsigned(i), itemSigned(i)]),
      [
        [0, "main", 0xc, 0, 0, 0],
        [1, "global", 0x1, 1, 255, -1],
        [3, "global", 0x2, 2, 255, 255],
        [6, "global", 0x2, 4, 0xfffffffe, -2],
        [11, "long", 0x42, 1, 0x99, -103],
      ],
    );
    assertEquals(decodeItems(new Uint8Array([0x0c, 0x1d, 0x00])).map((i) => i.type), [
      "reserved",
      "reserved",
    ]);
  },
});

Deno.test({
  ...pure,
  name: "decodeItems() refuses truncated items and over-long descriptors with a typed error",
  fn() {
    const cases: [number[], number, string][] = [
      [[0x05], 0, "item 0x05 needs 1 data bytes, 0 left"],
      [[0x05, 0x84, 0x27, 0xff, 0xff], 2, "item 0x27 needs 4 data bytes, 2 left"],
      [[0xfe, 0x02], 0, "long item 0xfe without its size and tag bytes"],
      [[0xfe, 0x04, 0x10, 0x00], 0, "long item needs 4 data bytes, 1 left"],
    ];
    for (const [bytes, offset, detail] of cases) {
      const e = assertThrows(() => decodeItems(new Uint8Array(bytes)), HidDescriptorError);
      assertEquals([e.kind, e.offset, e.message], [
        "TRUNCATED",
        offset,
        `HID report descriptor, byte ${offset}: ${detail}`,
      ]);
    }
    const long = assertThrows(
      () => decodeItems(new Uint8Array(MAX_DESCRIPTOR_BYTES + 1)),
      HidDescriptorError,
    );
    assertEquals(long.kind, "TOO_LONG");
  },
});

Deno.test({
  ...pure,
  name: "encodeItems() refuses items it cannot write",
  fn() {
    assertThrows(() => encodeItems([{ type: "global", tag: 1, data: new Uint8Array(3) }]), RangeError);
    assertThrows(() => encodeItems([{ type: "local", tag: 16, data: new Uint8Array(0) }]), RangeError);
    assertThrows(() => encodeItems([{ type: "long", tag: 1, data: new Uint8Array(256) }]), RangeError);
    assertThrows(() => encodeItems([{ type: "reserved", tag: 15, data: new Uint8Array(2) }]), RangeError);
  },
});
