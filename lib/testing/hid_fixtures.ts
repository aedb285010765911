/**
 * The real devices of tests/fixtures/hid, for the tests of lib/hid and the HID drivers (imported as text so tests run
 * with no permissions): report descriptors (`.rdesc.hex`), recorded reports with NUT's decode of them
 * (`.reports.txt`: `get <bytes>` and `path <path> <type> 0x<id> <offset> <size> <value>` lines) and NUT's
 * dumps (`.dev`). The formats are those of ../shared/data/hid/README.md.
 * @module
 */
import apcBk650m2Dev from "../../tests/fixtures/hid/apc-back-ups-bk650m2-ch_051d-0002.dev" with {
  type: "text",
};
import apcBk650m2Rdesc from "../../tests/fixtures/hid/apc-back-ups-bk650m2-ch_051d-0002.rdesc.hex" with {
  type: "text",
};
import apcBk650m2Reports from "../../tests/fixtures/hid/apc-back-ups-bk650m2-ch_051d-0002.reports.txt" with {
  type: "text",
};
import apcCs500Dev from "../../tests/fixtures/hid/apc-back-ups-cs-500_051d-0002.dev" with { type: "text" };
import apcCs500Rdesc from "../../tests/fixtures/hid/apc-back-ups-cs-500_051d-0002.rdesc.hex" with {
  type: "text",
};
import apcCs500Reports from "../../tests/fixtures/hid/apc-back-ups-cs-500_051d-0002.reports.txt" with {
  type: "text",
};
import apcSmartX750Rdesc from "../../tests/fixtures/hid/apc-smart-ups-x-750_051d-0003.rdesc.hex" with {
  type: "text",
};
import cpsBr700Rdesc from "../../tests/fixtures/hid/cyberpower-br700elcd_0764-0501.rdesc.hex" with {
  type: "text",
};
import cpsCp1350Rdesc from "../../tests/fixtures/hid/cyberpower-cp1350c_0764-0501.rdesc.hex" with {
  type: "text",
};
import cpsCp1500Dev from "../../tests/fixtures/hid/cyberpower-cp1500epfclcd_0764-0501.dev" with {
  type: "text",
};
import cpsCp1500Rdesc from "../../tests/fixtures/hid/cyberpower-cp1500epfclcd_0764-0501.rdesc.hex" with {
  type: "text",
};
import cpsCp1500Reports from "../../tests/fixtures/hid/cyberpower-cp1500epfclcd_0764-0501.reports.txt" with {
  type: "text",
};
import cpsCst135Rdesc from "../../tests/fixtures/hid/cyberpower-cst135uc2_0764-0601.rdesc.hex" with {
  type: "text",
};
import eaton3s700Reports from "../../tests/fixtures/hid/eaton-3s-700_0463-ffff.reports.txt" with {
  type: "text",
};
import eaton3s850Rdesc from "../../tests/fixtures/hid/eaton-3s-850_0463-ffff.rdesc.hex" with { type: "text" };
import eaton3s850Reports from "../../tests/fixtures/hid/eaton-3s-850_0463-ffff.reports.txt" with {
  type: "text",
};
import eaton5pRdesc from "../../tests/fixtures/hid/eaton-5p_0463-ffff.rdesc.hex" with { type: "text" };
import santakRdesc from "../../tests/fixtures/hid/eaton-santak-tg-box-850_0463-ffff.rdesc.hex" with {
  type: "text",
};
import santakReports from "../../tests/fixtures/hid/eaton-santak-tg-box-850_0463-ffff.reports.txt" with {
  type: "text",
};
import goldenmateRdesc from "../../tests/fixtures/hid/goldenmate-1500va-1000w_075d-0300.rdesc.hex" with {
  type: "text",
};
import goldenmateReports from "../../tests/fixtures/hid/goldenmate-1500va-1000w_075d-0300.reports.txt" with {
  type: "text",
};
import liebertRdesc from "../../tests/fixtures/hid/liebert-psa5-interface0-vendor_10af-0002.rdesc.hex" with {
  type: "text",
};
import powercomRdesc from "../../tests/fixtures/hid/powercom-spd-750u_0d9f-0004.rdesc.hex" with {
  type: "text",
};
import wallecubeRdesc from "../../tests/fixtures/hid/wallecube-smart-ups-w150_04d8-d005.rdesc.hex" with {
  type: "text",
};
import wallecubeReports from "../../tests/fixtures/hid/wallecube-smart-ups-w150_04d8-d005.reports.txt" with {
  type: "text",
};
import type { ReportType } from "../hid/types.ts";
import type { HidSubdriverName } from "../hid/usages/subdrivers.ts";

/** One device of the fixtures. */
export interface HidFixture {
  /** File name stem. */
  readonly name: string;
  /** USB ids. */
  readonly vendorId: number;
  /** USB ids. */
  readonly productId: number;
  /** The subdriver NUT picks for it. */
  readonly subdriver: HidSubdriverName;
  /** The report descriptor text (.rdesc.hex), when there is one. */
  readonly rdesc?: string;
  /** Recorded reports and NUT's decode (.reports.txt), when there are some. */
  readonly reports?: string;
  /** The subdriver whose names the `path` lines of `reports` were written with (NUT's log). */
  readonly reportsNames?: HidSubdriverName;
  /** NUT's dump of the device (.dev), when there is one. */
  readonly dev?: string;
}

/** Every fixture device. */
export const FIXTURES: readonly HidFixture[] = Object.freeze(
  [
    {
      name: "apc-back-ups-bk650m2-ch_051d-0002",
      vendorId: 0x051d,
      productId: 0x0002,
      subdriver: "apc",
      rdesc: apcBk650m2Rdesc,
      reports: apcBk650m2Reports,
      reportsNames: "explore",
      dev: apcBk650m2Dev,
    },
    {
      name: "apc-back-ups-cs-500_051d-0002",
      vendorId: 0x051d,
      productId: 0x0002,
      subdriver: "apc",
      rdesc: apcCs500Rdesc,
      reports: apcCs500Reports,
      reportsNames: "explore",
      dev: apcCs500Dev,
    },
    {
      name: "apc-smart-ups-x-750_051d-0003",
      vendorId: 0x051d,
      productId: 0x0003,
      subdriver: "apc",
      rdesc: apcSmartX750Rdesc,
    },
    {
      name: "cyberpower-br700elcd_0764-0501",
      vendorId: 0x0764,
      productId: 0x0501,
      subdriver: "cps",
      rdesc: cpsBr700Rdesc,
    },
    {
      name: "cyberpower-cp1350c_0764-0501",
      vendorId: 0x0764,
      productId: 0x0501,
      subdriver: "cps",
      rdesc: cpsCp1350Rdesc,
    },
    {
      name: "cyberpower-cp1500epfclcd_0764-0501",
      vendorId: 0x0764,
      productId: 0x0501,
      subdriver: "cps",
      rdesc: cpsCp1500Rdesc,
      reports: cpsCp1500Reports,
      dev: cpsCp1500Dev,
    },
    {
      name: "cyberpower-cst135uc2_0764-0601",
      vendorId: 0x0764,
      productId: 0x0601,
      subdriver: "cps",
      rdesc: cpsCst135Rdesc,
    },
    {
      name: "eaton-3s-700_0463-ffff",
      vendorId: 0x0463,
      productId: 0xffff,
      subdriver: "mge",
      rdesc: eaton3s850Rdesc,
      reports: eaton3s700Reports,
    },
    {
      name: "eaton-3s-850_0463-ffff",
      vendorId: 0x0463,
      productId: 0xffff,
      subdriver: "mge",
      rdesc: eaton3s850Rdesc,
      reports: eaton3s850Reports,
      reportsNames: "mge",
    },
    {
      name: "eaton-5p_0463-ffff",
      vendorId: 0x0463,
      productId: 0xffff,
      subdriver: "mge",
      rdesc: eaton5pRdesc,
    },
    {
      name: "eaton-santak-tg-box-850_0463-ffff",
      vendorId: 0x0463,
      productId: 0xffff,
      subdriver: "mge",
      rdesc: santakRdesc,
      reports: santakReports,
    },
    {
      name: "goldenmate-1500va-1000w_075d-0300",
      vendorId: 0x075d,
      productId: 0x0300,
      subdriver: "idowell",
      rdesc: goldenmateRdesc,
      reports: goldenmateReports,
    },
    {
      name: "liebert-psa5-interface0-vendor_10af-0002",
      vendorId: 0x10af,
      productId: 0x0002,
      subdriver: "belkin",
      rdesc: liebertRdesc,
    },
    {
      name: "powercom-spd-750u_0d9f-0004",
      vendorId: 0x0d9f,
      productId: 0x0004,
      subdriver: "powercom",
      rdesc: powercomRdesc,
    },
    {
      name: "wallecube-smart-ups-w150_04d8-d005",
      vendorId: 0x04d8,
      productId: 0xd005,
      subdriver: "openups",
      rdesc: wallecubeRdesc,
      reports: wallecubeReports,
    },
  ] satisfies HidFixture[],
);

/**
 * A fixture by name.
 * @param name file name stem
 * @returns the fixture
 */
export function fixture(name: string): HidFixture {
  const found = FIXTURES.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no HID fixture ${name}`);
  return found;
}

/**
 * Bytes of hex text: `#` starts a comment, bytes are 2 hex digits apart.
 * @param text the text
 * @returns the bytes
 */
export function hexBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const line of text.split("\n")) {
    for (const token of line.split("#")[0].match(/\b[0-9a-fA-F]{2}\b/g) ?? []) out.push(parseInt(token, 16));
  }
  return new Uint8Array(out);
}

/** One `path` line of a .reports.txt: NUT's decode of a field. */
export interface NutPathLine {
  /** The path as NUT wrote it. */
  readonly path: string;
  /** Report type. */
  readonly type: ReportType;
  /** Report id. */
  readonly reportId: number;
  /** Bit offset. */
  readonly offset: number;
  /** Bit size. */
  readonly size: number;
  /** NUT's `%g` of the value. */
  readonly value: string;
}

/**
 * The `get` lines of a .reports.txt: the first answer of each report id (byte 0 is the id).
 * @param text the file
 * @returns answers by report id
 */
export function recordedReports(text: string): Map<number, Uint8Array> {
  const reports = new Map<number, Uint8Array>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("get ")) continue;
    const bytes = hexBytes(line.slice(4));
    if (!reports.has(bytes[0])) reports.set(bytes[0], bytes);
  }
  return reports;
}

/**
 * The `path` lines of a .reports.txt.
 * @param text the file
 * @returns the lines, parsed
 */
export function nutPathLines(text: string): NutPathLine[] {
  const lines: NutPathLine[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("path ")) continue;
    const [, path, type, id, offset, size, value] = line.split(" ");
    lines.push({
      path,
      type: type as ReportType,
      reportId: parseInt(id, 16),
      offset: +offset,
      size: +size,
      value,
    });
  }
  return lines;
}

/**
 * The variables of a .dev dump.
 * @param text the file
 * @returns name to value
 */
export function devValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([a-z][a-z0-9._]*): (.*)$/.exec(line);
    if (m !== null) values.set(m[1], m[2].trim());
  }
  return values;
}
