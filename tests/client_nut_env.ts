/**
 * A NUT installation for the client tests, in a temporary directory: ups.conf with several devices
 * (NUT's dummy-ups on real device dumps, a crafted dump with odd values, scripted drivers for ENUM,
 * RANGE, commands and stale data, and a device whose driver is not running), upsd.users with users,
 * actions and instant commands, and a data server on a free port of 127.0.0.1.
 * @module
 */
import { join } from "node:path";
import { NutClient } from "../lib/client/mod.ts";
import { type DriverMessage, HANDLER_STATUS } from "../lib/sock/messages.ts";
import {
  FIXTURE_DDL,
  freePort,
  NUT_SBIN,
  Proc,
  spawnNut,
  type TempDir,
  tempDir,
  waitFor,
} from "./helpers.ts";
import { FakeDriver } from "./client_fake_driver.ts";

/** Device dumps (from the shared DDL) served by NUT's dummy-ups. */
export const DUMPS: Readonly<Record<string, string>> = {
  apc: "APC__Back-UPS_ES_525__usbhid-ups__2.6.0__01.dev",
  eaton: "Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev",
  qx: "2E__PS1000L__nutdrv_qx__2.8.1__01.dev",
};

/** A crafted dump: quotes, backslashes, braces, runs of spaces. */
export const ODD_DUMP = `ups.status: OL
ups.mfr: "Quote \\"inside\\" here"
ups.model: "back\\\\slash"
ups.contacts: "multiple   spaces  "
battery.charge: 100
ups.delay.shutdown: 20
test.brace: {x}
`;

/** The users of upsd.users. */
export const USERS = `[admin]
  password = secret
  actions = SET FSD
  instcmds = ALL
[mon]
  password = pw
  upsmon primary
[viewer]
  password = look
`;

/** A NUT data server with its devices. */
export interface NutEnv extends AsyncDisposable {
  /** Always 127.0.0.1. */
  host: string;
  /** The server's port. */
  port: number;
  /** The configuration and state directory. */
  dir: TempDir;
  /** The scripted driver of device "fake". */
  fake: FakeDriver;
  /** `ups@127.0.0.1:port`. */
  ups(name: string): string;
}

/** How to start a data server on the prepared directory. */
export interface ServerLauncher {
  /**
   * Starts the server.
   * @param env NUT_CONFPATH / NUT_STATEPATH
   * @returns the running process
   */
  start(env: Record<string, string>): Proc;
}

/** NUT 2.8.0's upsd. */
export const NUT_UPSD: ServerLauncher = {
  start: (env) => new Proc(`${NUT_SBIN}/upsd`, ["-F", "-u", "root"], { env }),
};

/** Our upsd. */
export const OUR_UPSD: ServerLauncher = {
  start: (env) => spawnNut("upsd", ["-F", "-u", "root"], { env }),
};

/** How to start the dummy-ups driver of one device. */
export interface DriverLauncher {
  /**
   * Starts the driver.
   * @param name the ups.conf section
   * @param env NUT_CONFPATH / NUT_STATEPATH
   * @returns the running process
   */
  start(name: string, env: Record<string, string>): Proc;
}

/** NUT 2.8.0's dummy-ups. */
export const NUT_DUMMY_UPS: DriverLauncher = {
  start: (name, env) => new Proc(`${NUT_SBIN}/dummy-ups`, ["-a", name, "-u", "root", "-F"], { env }),
};

/** Our dummy-ups. */
export const OUR_DUMMY_UPS: DriverLauncher = {
  start: (name, env) => spawnNut("dummy-ups", ["-a", name, "-u", "root", "-F"], { env }),
};

/** Options of {@linkcode startNutEnv}. */
export interface NutEnvOptions {
  /** Which upsd (NUT's by default). */
  server?: ServerLauncher;
  /** Which dummy-ups (NUT's by default). */
  driver?: DriverLauncher;
  /** Lines added to upsd.conf (e.g. CERTFILE). */
  upsdConf?: string;
}

/**
 * Builds the directory, starts the drivers and the server, and waits until every running device answers.
 * @param options which server and drivers to run, extra upsd.conf lines
 * @returns the environment; dispose it to stop everything
 */
export async function startNutEnv(options: NutEnvOptions = {}): Promise<NutEnv> {
  const server = options.server ?? NUT_UPSD;
  const driver = options.driver ?? NUT_DUMMY_UPS;
  const dir = await tempDir("nut-client-");
  const stack = new AsyncDisposableStack();
  stack.use(dir);
  try {
    const port = await freePort();
    let upsConf = "";
    for (const [name, rel] of Object.entries(DUMPS)) {
      await dir.write(`${name}.dev`, await Deno.readTextFile(join(FIXTURE_DDL, rel)));
      upsConf += `[${name}]\n  driver = dummy-ups\n  port = ${name}.dev\n  desc = "${name} from the DDL"\n`;
    }
    await dir.write("odd.dev", ODD_DUMP);
    upsConf += "[odd]\n  driver = dummy-ups\n  port = odd.dev\n";
    upsConf += '[fake]\n  driver = dummy-ups\n  port = fake.dev\n  desc = "Scripted \\"fake\\" device"\n';
    upsConf += "[stale]\n  driver = dummy-ups\n  port = stale.dev\n";
    upsConf += '[dead]\n  driver = dummy-ups\n  port = dead.dev\n  desc = "Driver not running"\n';
    await dir.write("ups.conf", upsConf);
    await dir.write("upsd.conf", `LISTEN 127.0.0.1 ${port}\n${options.upsdConf ?? ""}`);
    await dir.write("upsd.users", USERS, 0o600);
    const env = { NUT_CONFPATH: dir.path, NUT_STATEPATH: dir.path, NUT_ALTPIDPATH: dir.path };

    for (const name of [...Object.keys(DUMPS), "odd"]) {
      const p = stack.use(driver.start(name, env));
      await waitFor(
        () => Deno.stat(join(dir.path, `dummy-ups-${name}`)).then(() => true),
        `dummy-ups ${name}`,
      )
        .catch((e) => {
          throw new Error(`${(e as Error).message}\n${p.stderr}`);
        });
    }
    const fake = stack.use(
      await FakeDriver.start(dir.path, "fake", { dump: FAKE_DUMP, results: FAKE_RESULTS }),
    );
    stack.use(
      await FakeDriver.start(dir.path, "stale", {
        dump: [{ kind: "SETINFO", name: "ups.status", value: "OL" }, { kind: "DATASTALE" }],
      }),
    );
    const upsd = stack.use(server.start(env));
    await waitFor(async () => {
      await using c = await NutClient.connect("127.0.0.1", port, { timeoutMs: 1000, connectTimeoutMs: 1000 });
      // Every UPS served with its data: the server says WAIT while it reads a driver's dump.
      for (const name of [...Object.keys(DUMPS), "odd", "fake"]) {
        const status = (await c.listVar(name)).find((v) => v.name === "ups.status")?.value;
        if (status === undefined || status === "WAIT") return false;
      }
      return true;
    }, "the data server and its drivers").catch((e) => {
      throw new Error(`${(e as Error).message}\n--- server stderr:\n${upsd.stderr}`);
    });
    const moved = stack.move();
    return {
      host: "127.0.0.1",
      port,
      dir,
      fake,
      ups: (name) => `${name}@127.0.0.1:${port}`,
      [Symbol.asyncDispose]: () => moved.disposeAsync(),
    };
  } catch (e) {
    await stack.disposeAsync();
    throw e;
  }
}

/** What the scripted device "fake" publishes. */
const FAKE_DUMP: readonly DriverMessage[] = [
  { kind: "SETINFO", name: "device.mfr", value: "Fake" },
  { kind: "SETINFO", name: "ups.status", value: "OL" },
  { kind: "SETINFO", name: "ups.id", value: 'My "fake" UPS' },
  { kind: "SETFLAGS", name: "ups.id", flags: ["RW", "STRING"] },
  { kind: "SETAUX", name: "ups.id", aux: 32 },
  { kind: "SETINFO", name: "input.transfer.low", value: "103" },
  { kind: "SETFLAGS", name: "input.transfer.low", flags: ["RW", "NUMBER"] },
  { kind: "ADDENUM", name: "input.transfer.low", value: "100" },
  { kind: "ADDENUM", name: "input.transfer.low", value: "103" },
  { kind: "ADDENUM", name: "input.transfer.low", value: "106" },
  { kind: "SETINFO", name: "input.transfer.high", value: "258" },
  { kind: "SETFLAGS", name: "input.transfer.high", flags: ["RW", "NUMBER"] },
  { kind: "ADDRANGE", name: "input.transfer.high", min: 230, max: 250 },
  { kind: "ADDRANGE", name: "input.transfer.high", min: 255, max: 265 },
  { kind: "SETINFO", name: "battery.type", value: "PbAc" },
  { kind: "SETFLAGS", name: "battery.type", flags: ["RW", "STRING"] },
  { kind: "SETAUX", name: "battery.type", aux: 8 },
  { kind: "ADDENUM", name: "battery.type", value: "PbAc" },
  { kind: "ADDENUM", name: "battery.type", value: "Li-ion" },
  { kind: "SETINFO", name: "ups.delay.start", value: "a\\b" },
  { kind: "SETFLAGS", name: "ups.delay.start", flags: ["RW"] },
  { kind: "SETINFO", name: "ups.test.result", value: "" },
  { kind: "SETINFO", name: "custom.novalue", value: "" },
  { kind: "SETFLAGS", name: "custom.novalue", flags: ["RW", "STRING"] },
  { kind: "SETAUX", name: "custom.novalue", aux: 10 },
  { kind: "ADDCMD", name: "load.off" },
  { kind: "ADDCMD", name: "load.on" },
  { kind: "ADDCMD", name: "test.battery.start" },
  { kind: "ADDCMD", name: "beeper.toggle" },
  { kind: "ADDCMD", name: "fake.custom.cmd" },
  { kind: "DATAOK" },
];

/** How the scripted device answers commands and sets. */
const FAKE_RESULTS: Record<string, number> = {
  "test.battery.start": HANDLER_STATUS.FAILED,
  "beeper.toggle": HANDLER_STATUS.INVALID,
};

/**
 * Whether this checkout has our data server (the client tests then also run against it).
 * @returns true when cmd/server.ts exists
 */
export function ourServerPresent(): boolean {
  try {
    return Deno.statSync(new URL("../cmd/server.ts", import.meta.url)).isFile;
  } catch {
    return false;
  }
}
