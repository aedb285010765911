import { assert } from "../testing/asserts.ts";
import { FIXTURES, hexBytes } from "../testing/hid_fixtures.ts";
import { parseReportDescriptor } from "./descriptor.ts";
import { HidDescriptorError, HidReportError } from "./errors.ts";
import { decodeArrayUsage, decodeField, decodeRaw, encodeField } from "./report.ts";
import { usageNamesFor } from "./usages/subdrivers.ts";

const pure = { permissions: "none" } as const;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Prefixes worth planting: Report Count/Size/ID of 4 bytes, Push, Pop, Collection, End Collection, long item,
// Usage Minimum/Maximum of 4 bytes, Delimiter.
const PLANTS = [
  [0x97, 0xff, 0xff, 0xff, 0x7f],
  [0x77, 0xff, 0xff, 0x00, 0x00],
  [0x87, 0x00, 0x01, 0x00, 0x00],
  [0xa4],
  [0xb4],
  [
    0xa1,
    0x01,
  ],
  [0xc0],
  [0xfe, 0x10, 0x00],
  [0x1b, 0x00, 0x00, 0x84, 0x00],
  [0x2b, 0xff, 0xff, 0x84, 0x00],
  [0xa9, 0x01],
  [0xa9, 0x00],
];

function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  const bytes = [...seed];
  const edits = 1 + Math.floor(rnd() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (bytes.length + 1));
    switch (Math.floor(rnd() * 6)) {
      case 0:
        bytes[at] = Math.floor(rnd() * 256);
        break;
      case 1:
        bytes.splice(at, 1 + Math.floor(rnd() * 4));
        break;
      case 2:
        bytes.splice(at, 0, ...PLANTS[Math.floor(rnd() * PLANTS.length)]);
        break;
      case 3:
        bytes.length = at;
        break;
      case 4: {
        const from = Math.floor(rnd() * bytes.length);
        bytes.splice(at, 0, ...bytes.slice(from, from + Math.floor(rnd() * 64)));
        break;
      }
      default:
        bytes[at] = rnd() < 0.5 ? 0xff : 0x00;
    }
  }
  return new Uint8Array(bytes.filter((b) => b !== undefined));
}

/** Parses, then reads and writes every field on random reports: only typed errors, each input fast. */
function exercise(input: Uint8Array, rnd: () => number): "parsed" | "refused" {
  const started = performance.now();
  let outcome: "parsed" | "refused" = "refused";
  try {
    const d = parseReportDescriptor(input, { names: usageNamesFor("mge"), requirePowerDevice: rnd() < 0.5 });
    outcome = "parsed";
    for (const field of d.fields.slice(0, 300)) {
      const length = d.reportLength(field.type, field.reportId);
      const report = new Uint8Array(Math.min(length, 64)).map(() => Math.floor(rnd() * 256));
      if (field.reportId !== 0 && report.length > 0) report[0] = field.reportId;
      const value = decodeField(field, report);
      assert(Number.isFinite(value), `${field.path}: ${value}`);
      assert(Number.isSafeInteger(decodeRaw(field, report)));
      decodeArrayUsage(field, report);
      try {
        encodeField(field, value, report);
      } catch (e) {
        if (!(e instanceof HidReportError)) throw e;
      }
    }
  } catch (e) {
    if (!(e instanceof HidDescriptorError)) {
      throw new Error(
        `not a HidDescriptorError for ${Array.from(input, (b) => b.toString(16).padStart(2, "0")).join(" ")}`,
        {
          cause: e,
        },
      );
    }
  }
  const took = performance.now() - started;
  assert(took < 250, `took ${took.toFixed(0)} ms for ${input.length} bytes`);
  return outcome;
}

Deno.test({
  ...pure,
  name: "parseReportDescriptor() and the codec throw only typed errors, quickly, on mutated real descriptors",
  fn() {
    const rnd = random(0x5eed);
    const seeds = FIXTURES.filter((f) => f.rdesc !== undefined).map((f) => hexBytes(f.rdesc!));
    const outcomes = { parsed: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) outcomes[exercise(mutate(seeds[i % seeds.length], rnd), rnd)]++;
    // Both outcomes happen: the mutations reach the parser's checks and beyond.
    assert(outcomes.parsed > 100 && outcomes.refused > 100, JSON.stringify(outcomes));
  },
});

Deno.test({
  ...pure,
  name: "parseReportDescriptor() throws only typed errors, quickly, on random bytes and on absurd sizes",
  fn() {
    const rnd = random(42);
    for (let i = 0; i < 2000; i++) {
      const input = new Uint8Array(Math.floor(rnd() * 400)).map(() => Math.floor(rnd() * 256));
      exercise(input, rnd);
    }
    // The largest descriptor there can be, all Report Count items of 2^32-1, and all Usage Minimum/Maximum pairs.
    exercise(new Uint8Array(65535).fill(0x09), rnd);
    exercise(new Uint8Array(65540), rnd);
    const counts = new Uint8Array(65535);
    for (let i = 0; i + 5 <= counts.length; i += 5) counts.set([0x97, 0xff, 0xff, 0xff, 0xff], i);
    exercise(counts, rnd);
    const ranges = new Uint8Array(65530);
    for (let i = 0; i + 10 <= ranges.length; i += 10) {
      ranges.set([0x1b, 0x00, 0x00, 0x84, 0x00, 0x2b, 0xff, 0xff, 0x84, 0x00], i);
    }
    exercise(ranges, rnd);
    const fields = [0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x85, 0x01, 0x75, 0x01, 0x95, 0xff];
    while (fields.length < 65000) fields.push(0x09, 0x30);
    exercise(new Uint8Array([...fields, 0xb1, 0x02, 0xc0]), rnd);
  },
});
