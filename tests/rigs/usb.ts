/**
 * The emulated USB HID UPS of the tests (tests/rigs/usb_hid_ups.py under umockdev, see tests/rigs/README.md):
 * a program that uses libusb-1.0 (NUT's C usbhid-ups, or our driver through libusb FFI) runs as a child of
 * the handler, which plays a real device from its report descriptor and recorded GET_REPORT answers, takes
 * events while it runs (report changes, interrupt data, unplug, replug) and logs what the program asked.
 * @module
 */
import { join } from "node:path";
import {
  NUT_SBIN,
  nutCommand,
  Proc,
  ROOT,
  type SpawnOptions,
  type TempDir,
  tempDir,
  waitFor,
} from "../helpers.ts";

/** The handler. */
export const USB_HID_UPS_PY: string = join(ROOT, "tests", "rigs", "usb_hid_ups.py");

/** USB HID device data copied into the repository (descriptor, reports, identity, NUT's dump). */
export const FIXTURE_HID: string = join(ROOT, "tests", "fixtures", "hid");

/** NUT 2.8.0's C usbhid-ups (Debian's nut-server). */
export const NUT_USBHID_UPS: string = join(NUT_SBIN, "usbhid-ups");

const WRAPPER = "/usr/bin/umockdev-wrapper";
const PYTHON = "/usr/bin/python3";

/** An emulated device: its files and its USB identity. */
export interface HidDevice {
  /** Base name (e.g. `apc-back-ups-cs-500_051d-0002`). */
  name: string;
  /** The report descriptor (`.rdesc.hex`). */
  descriptor: string;
  /** The GET_REPORT answers (`.reports.txt`), when there are any. */
  reports?: string;
  /** NUT's dump of the device (`.dev`), when there is one beside it. */
  dev?: string;
  /** idVendor, 4 hex digits. */
  vendorId: string;
  /** idProduct, 4 hex digits. */
  productId: string;
  /** bcdDevice, 4 hex digits. */
  bcdDevice: string;
  /** String descriptors by index. */
  strings: Record<string, string>;
  /** Index of the manufacturer string (0: none). */
  iManufacturer: number;
  /** Index of the product string (0: none). */
  iProduct: number;
  /** Index of the serial number string (0: none). */
  iSerialNumber: number;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A device of a data directory: `<name>.rdesc.hex`, `<name>.reports.txt` and `<name>.dev` when present, and
 * the identity of `<name>.usb.json`, else the ids of the name (`..._051d-0002`) with no strings.
 * @param name base name
 * @param dir the directory (tests/fixtures/hid by default; ../shared/data/hid works too)
 * @returns the device
 */
export function hidDevice(name: string, dir: string = FIXTURE_HID): HidDevice {
  const base = join(dir, name);
  const ids = /_([0-9a-f]{4})-([0-9a-f]{4})$/i.exec(name);
  const dev: HidDevice = {
    name,
    descriptor: `${base}.rdesc.hex`,
    reports: exists(`${base}.reports.txt`) ? `${base}.reports.txt` : undefined,
    dev: exists(`${base}.dev`) ? `${base}.dev` : undefined,
    vendorId: ids?.[1] ?? "0000",
    productId: ids?.[2] ?? "0000",
    bcdDevice: "0100",
    strings: {},
    iManufacturer: 0,
    iProduct: 0,
    iSerialNumber: 0,
  };
  if (exists(`${base}.usb.json`)) {
    const j = JSON.parse(Deno.readTextFileSync(`${base}.usb.json`));
    for (
      const k of ["vendorId", "productId", "bcdDevice", "iManufacturer", "iProduct", "iSerialNumber"] as const
    ) {
      if (j[k] !== undefined) (dev as unknown as Record<string, unknown>)[k] = j[k];
    }
    dev.strings = { ...j.strings };
  }
  return dev;
}

/**
 * Why the rig cannot run here (umockdev, its Python binding or libusb missing), or undefined when it can.
 * @returns a reason to skip, or undefined
 */
export function usbRigMissing(): string | undefined {
  if (Deno.build.os !== "linux") return "the USB rig needs Linux (umockdev)";
  for (const p of [WRAPPER, PYTHON]) {
    if (!exists(p)) return `${p} missing (run tests/setup_peers.sh as root: umockdev, python3-gi)`;
  }
  const probe = new Deno.Command(PYTHON, {
    args: ["-c", "import gi; gi.require_version('UMockdev', '1.0'); from gi.repository import UMockdev"],
    stdout: "null",
    stderr: "piped",
    env: { PYTHONDONTWRITEBYTECODE: "1" },
  }).outputSync();
  if (!probe.success) {
    const why = new TextDecoder().decode(probe.stderr).trim().split("\n").at(-1);
    return `umockdev's Python binding missing (${why}; run tests/setup_peers.sh as root: gir1.2-umockdev-1.0)`;
  }
  const libusb = [
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/lib/x86_64-linux-gnu",
    "/usr/lib",
  ]
    .some((d) => exists(join(d, "libusb-1.0.so.0")));
  if (!libusb) return "libusb-1.0.so.0 missing (run tests/setup_peers.sh as root: libusb-1.0-0)";
  return undefined;
}

/**
 * Why NUT's usbhid-ups cannot run under the rig, or undefined when it can.
 * @returns a reason to skip, or undefined
 */
export function nutUsbhidMissing(): string | undefined {
  const rig = usbRigMissing();
  if (rig) return rig;
  if (!exists(NUT_USBHID_UPS)) {
    return `${NUT_USBHID_UPS} missing (run tests/setup_peers.sh as root: nut-server)`;
  }
  return undefined;
}

/** One line of the rig's log: seconds since the start, a word, the rest. */
export interface RigLogLine {
  /** Seconds since the rig started. */
  t: number;
  /** What happened: get, set, int, event, plug, open, close, claim, string, exit, error, ... */
  kind: string;
  /** The rest of the line (hex bytes for get/set/int, the event for event, ...). */
  rest: string;
}

/** How to start a program under the rig. */
export interface UsbRigOptions extends Pick<SpawnOptions, "env" | "cwd"> {
  /** The emulated device. */
  device: HidDevice;
  /** The program and its arguments. */
  command: readonly string[];
  /** An events script given up front (see tests/rigs/README.md). */
  events?: string;
  /** Hard limit of the run, in seconds (default 120): the handler stops the program after it. */
  maxSeconds?: number;
  /** Where the log and control files go (a temporary directory of its own by default). */
  dir?: TempDir;
  /** Identical devices (default 1): copy K > 0 is at port 1-<60+K>, its serial string ends in "-K". */
  copies?: number;
}

/** A program running under the emulated UPS; stopped (with the handler) on dispose. */
export class UsbRig implements AsyncDisposable {
  #proc: Proc;
  #dir: TempDir;
  #ownDir: boolean;
  #logPath: string;
  #controlPath: string;

  private constructor(proc: Proc, dir: TempDir, ownDir: boolean, logPath: string, controlPath: string) {
    this.#proc = proc;
    this.#dir = dir;
    this.#ownDir = ownDir;
    this.#logPath = logPath;
    this.#controlPath = controlPath;
  }

  /**
   * Starts the handler with the program as its child.
   * @param options device, program, events, limits
   * @returns the running rig
   */
  static async start(options: UsbRigOptions): Promise<UsbRig> {
    const dir = options.dir ?? await tempDir("nut-usbrig-");
    const logPath = join(dir.path, "usb-rig.log");
    const controlPath = join(dir.path, "usb-rig.control");
    await Deno.writeTextFile(controlPath, "");
    const d = options.device;
    const args = [
      PYTHON,
      USB_HID_UPS_PY,
      "--descriptor",
      d.descriptor,
      ...(d.reports ? ["--reports", d.reports] : []),
      "--vid",
      d.vendorId,
      "--pid",
      d.productId,
      "--bcd",
      d.bcdDevice,
      "--imanufacturer",
      String(d.iManufacturer),
      "--iproduct",
      String(d.iProduct),
      "--iserial",
      String(d.iSerialNumber),
      ...Object.entries(d.strings).flatMap(([n, text]) => ["--string", `${n}=${text}`]),
      "--log",
      logPath,
      "--control",
      controlPath,
      "--max-seconds",
      String(options.maxSeconds ?? 120),
      ...(options.copies && options.copies > 1 ? ["--copies", String(options.copies)] : []),
    ];
    if (options.events !== undefined) {
      args.push("--events", await dir.write("usb-rig.events", options.events));
    }
    args.push("--", ...options.command);
    const proc = new Proc(WRAPPER, args, {
      env: { PYTHONDONTWRITEBYTECODE: "1", ...options.env },
      cwd: options.cwd,
    });
    return new UsbRig(proc, dir, options.dir === undefined, logPath, controlPath);
  }

  /** The handler's process id (the program is its child). */
  get pid(): number {
    return this.#proc.pid;
  }

  /** The program's standard output so far. */
  get stdout(): string {
    return this.#proc.stdout;
  }

  /** The program's error output so far (and the handler's own fatal errors). */
  get stderr(): string {
    return this.#proc.stderr;
  }

  /** Resolves with the handler's exit status: the program's (128 + signal when it was killed). */
  get status(): Promise<Deno.CommandStatus> {
    return this.#proc.status;
  }

  /** The directory of the log and control files. */
  get dir(): TempDir {
    return this.#dir;
  }

  /**
   * Runs events while the program runs (lines of the events language, `at SECONDS` allowed).
   * @param lines the events
   */
  async send(...lines: string[]): Promise<void> {
    await Deno.writeTextFile(this.#controlPath, lines.map((l) => l + "\n").join(""), { append: true });
  }

  /**
   * The log so far.
   * @returns its lines
   */
  async log(): Promise<RigLogLine[]> {
    let text = "";
    try {
      text = await Deno.readTextFile(this.#logPath);
    } catch { /* not written yet */ }
    const out: RigLogLine[] = [];
    for (const line of text.split("\n")) {
      const m = /^(\d+\.\d+) (\S+) ?(.*)$/.exec(line);
      if (m) out.push({ t: Number(m[1]), kind: m[2], rest: m[3] });
    }
    return out;
  }

  /**
   * Every SET_REPORT the program sent, as hex bytes (`11 14 00 00`: report 0x11).
   * @returns the reports in order
   */
  async sets(): Promise<string[]> {
    return (await this.log()).filter((l) => l.kind === "set").map((l) => l.rest);
  }

  /**
   * Waits for a log line.
   * @param match the condition
   * @param what description for the timeout error
   * @param timeoutMs limit
   * @returns the first matching line
   */
  async waitForLog(match: (l: RigLogLine) => boolean, what: string, timeoutMs = 10_000): Promise<RigLogLine> {
    const found = await waitFor(async () => (await this.log()).find(match), `rig log: ${what}`, timeoutMs);
    return found as RigLogLine;
  }

  /**
   * Stops the program (the handler sends it SIGTERM, SIGKILL 3 s later) and waits for both.
   * @returns the handler's exit status
   */
  async stop(): Promise<Deno.CommandStatus> {
    return await this.#proc.stop(6000);
  }

  /** @inheritdoc */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
    if (this.#ownDir) await this.#dir[Symbol.asyncDispose]();
  }
}

/** NUT's usbhid-ups running under the rig. */
export interface NutUsbhid extends AsyncDisposable {
  /** The rig (program output, log, events). */
  rig: UsbRig;
  /** NUT_CONFPATH (holds ups.conf). */
  confPath: string;
  /** NUT_STATEPATH. */
  statePath: string;
  /** The driver's socket, `<statepath>/usbhid-ups-<ups>`. */
  socket: string;
}

/**
 * Starts NUT 2.8.0's usbhid-ups, or ours with `ours` (`-a <ups> -F`, and `-u root` as root), on the emulated device,
 * with a ups.conf of its own (`port = auto`, the device's vendorid and the given options) in a temporary NUT_CONFPATH.
 * @param device the emulated device
 * @param options ups.conf options of the section (e.g. pollinterval), the section name, events, limits
 * @returns the running driver
 */
export async function startNutUsbhid(
  device: HidDevice,
  options: {
    ups?: string;
    conf?: Record<string, string>;
    events?: string;
    maxSeconds?: number;
    debug?: number;
    /** Run our usbhid-ups instead of NUT's. */
    ours?: boolean;
  } = {},
): Promise<NutUsbhid> {
  const ups = options.ups ?? "ups";
  const dir = await tempDir("nut-usbrig-");
  const statePath = join(dir.path, "state");
  await Deno.mkdir(statePath);
  await Deno.chmod(statePath, 0o777);
  const conf = { port: "auto", vendorid: device.vendorId, ...options.conf };
  await dir.write(
    "ups.conf",
    `[${ups}]\n  driver = usbhid-ups\n${Object.entries(conf).map(([k, v]) => `  ${k} = "${v}"\n`).join("")}`,
  );
  const debug = options.debug ? ["-" + "D".repeat(options.debug)] : [];
  const args = ["-a", ups, ...(Deno.uid() === 0 ? ["-u", "root"] : []), "-F", ...debug];
  // Ours: the same program name through the launcher's way of running main.ts.
  const ours = nutCommand("usbhid-ups");
  const rig = await UsbRig.start({
    device,
    command: options.ours ? [ours.cmd, ...ours.args, ...args] : [NUT_USBHID_UPS, ...args],
    env: {
      NUT_CONFPATH: dir.path,
      NUT_STATEPATH: statePath,
      NUT_QUIET_INIT_BANNER: "true",
      ...(options.ours ? ours.env : {}),
    },
    events: options.events,
    maxSeconds: options.maxSeconds,
    dir,
  });
  return {
    rig,
    confPath: dir.path,
    statePath,
    socket: join(statePath, `usbhid-ups-${ups}`),
    async [Symbol.asyncDispose]() {
      await rig[Symbol.asyncDispose]();
      await dir[Symbol.asyncDispose]();
    },
  };
}
