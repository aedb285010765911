/**
 * A data server for the upslog and `nut check` tests: our dummy-ups for each device (a .dev text given by
 * the test) and our upsd on a free port of 127.0.0.1, with an admin user that may SET any variable (our
 * dummy-ups then publishes the new value, so a test can change what the server reports).
 * @module
 */
import { join } from "node:path";
import { NutClient } from "../lib/client/client.ts";
import { waitFor } from "./helpers.ts";
import {
  type NutSetup,
  nutSetup,
  type RunningServer,
  startOurDummy,
  startOurUpsd,
  waitServing,
} from "./server_harness.ts";

/** A running stack. */
export interface Stack extends AsyncDisposable {
  /** The setup (config and state directories). */
  setup: NutSetup;
  /** The server's port on 127.0.0.1. */
  port: number;
  /** `ups@127.0.0.1:port`. */
  ups(name: string): string;
  /**
   * Changes a variable through the server (SET VAR as admin) and waits until the server shows it.
   * @param ups the device
   * @param name the variable
   * @param value the new value
   */
  set(ups: string, name: string, value: string): Promise<void>;
}

/**
 * Starts dummy-ups for each device and upsd.
 * @param devices device name → .dev text
 * @param extra ups.conf sections of devices without a driver (e.g. `[dead]\n driver = dummy-ups\n port = x.dev\n`)
 * @returns the stack; dispose it to stop everything
 */
export async function startStack(devices: Record<string, string>, extra = ""): Promise<Stack> {
  let upsConf = "";
  for (const name of Object.keys(devices)) upsConf += `[${name}]\n driver = dummy-ups\n port = ${name}.dev\n`;
  const setup = await nutSetup(upsConf + extra);
  const stack = new AsyncDisposableStack();
  stack.use(setup);
  try {
    for (const [name, text] of Object.entries(devices)) {
      const dev = join(setup.confPath, `${name}.dev`);
      await Deno.writeTextFile(dev, text);
      await Deno.chmod(dev, 0o644);
      stack.use(await startOurDummy(setup, name));
    }
    const server: RunningServer = stack.use(await startOurUpsd(setup));
    for (const name of Object.keys(devices)) await waitServing(server.port, name);
    const moved = stack.move();
    return {
      setup,
      port: server.port,
      ups: (name) => `${name}@127.0.0.1:${server.port}`,
      async set(ups, name, value) {
        await using c = await NutClient.connect("127.0.0.1", server.port, { timeoutMs: 5000 });
        await c.username("admin");
        await c.password("secret");
        await c.setVar(ups, name, value);
        await waitFor(async () => (await c.getVar(ups, name)) === value, `${ups} ${name} = ${value}`);
      },
      [Symbol.asyncDispose]: () => moved.disposeAsync(),
    };
  } catch (e) {
    await stack.disposeAsync();
    throw e;
  }
}

/** A small UPS on line power. */
export const ONLINE_DEV = `device.mfr: Test
device.model: Line 1000
ups.status: OL
battery.charge: 100
battery.charge.low: 20
battery.runtime: 1575
battery.runtime.low: 180
ups.load: 23
input.voltage: 230.4
input.frequency: 50.0
ups.temperature: 31.5
`;
