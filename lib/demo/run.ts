/**
 * `nut demo`: a simulated UPS (the embedded Eaton 5P 650 dump playing a power-cut story through our
 * dummy-ups driver) served by our upsd on 127.0.0.1 and watched live through our client library: the
 * whole stack in one process, no root, no hardware, nothing left behind.
 * @module
 */
import net from "node:net";
import { join } from "node:path";
import { dummyUps } from "../drivers/dummy_ups/mod.ts";
import { buildInstanceConfig } from "../driver/instance_config.ts";
import { startDriverInstance } from "../driver/instance.ts";
import { NutClient } from "../client/client.ts";
import { Upsd } from "../server/upsd.ts";
import { resolveServerSettings } from "../server/config.ts";
import { parseUpsConf } from "../../config/ups_conf.ts";
import { parseUpsdConf } from "../../config/upsd_conf.ts";
import { parseUpsdUsers } from "../../config/upsd_users.ts";
import type { Output } from "../cli/io.ts";
import { Logger } from "../log.ts";
import { EATON_5P_650_DEV } from "./eaton_5p_650.ts";
import { powerCutSequence } from "./power_cut.ts";
import { renderPanel, statusEvents } from "./view.ts";

/** Options of the demo. */
export interface DemoOptions {
  /** TCP port on 127.0.0.1 (0 = any free one). */
  port: number;
  /** Seconds between steps of the story. */
  step: number;
  /** Stop after this many seconds (undefined: until interrupted). */
  durationSeconds?: number;
  /** Redraw a panel (terminal) instead of printing one line per change. */
  live: boolean;
  /** Where to write. */
  io: Output;
  /** Aborts the demo. */
  signal?: AbortSignal;
  /** Called once everything is up, with the address. */
  onReady?: (address: { host: string; port: number }) => void;
}

/** The UPS name the demo serves. */
export const DEMO_UPS = "demo";

/** The demo's user for upscmd/upsrw (upsd.users), printed at start. */
export const DEMO_USER = { name: "admin", password: "demo" } as const;

/**
 * Runs the demo until the duration ends or the signal aborts.
 * @param o options
 */
export async function runDemo(o: DemoOptions): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "nut-demo-" });
  const log = new Logger({ sink: (sev, msg) => sev === "error" ? o.io.err(msg + "\n") : undefined });
  const cleanup: Array<() => Promise<void> | void> = [() => Deno.remove(dir, { recursive: true })];
  try {
    const seq = join(dir, "eaton-5p-650.seq");
    await Deno.writeTextFile(
      seq,
      EATON_5P_650_DEV + "\n" +
        powerCutSequence({ step: o.step, onlineSteps: 3, drainPerStep: 16, chargePerStep: 20 }),
    );
    const upsConf = parseUpsConf(
      `[${DEMO_UPS}]\n driver = dummy-ups\n port = ${seq}\n mode = dummy-loop\n desc = "Eaton 5P 650 (simulated power cut)"\n`,
      join(dir, "ups.conf"),
    );
    const driver = await startDriverInstance({
      program: dummyUps,
      config: buildInstanceConfig({
        program: dummyUps,
        upsName: DEMO_UPS,
        global: upsConf.global,
        section: upsConf.sections[0],
        confFile: upsConf.file,
      }),
      statePath: dir,
      confPath: dir,
      log,
    });
    cleanup.unshift(() => driver.stop());

    const upsd = await startServer(dir, upsConf, o.port, log);
    cleanup.unshift(() => upsd.server.stop());
    const port = upsd.port;
    o.io.out(
      `nut demo: UPS "${DEMO_UPS}" served on 127.0.0.1:${port} (a real Eaton 5P 650 dump playing a power cut)\n` +
        `  try:  upsc ${DEMO_UPS}@127.0.0.1:${port}      nut client get ${DEMO_UPS}@127.0.0.1:${port} --json\n` +
        `        upscmd -u ${DEMO_USER.name} -p ${DEMO_USER.password} -l ${DEMO_UPS}@127.0.0.1:${port}\n` +
        (o.durationSeconds === undefined ? "  Ctrl-C to stop.\n" : "") + "\n",
    );
    o.onReady?.({ host: "127.0.0.1", port });
    await watch(o, port);
  } finally {
    for (const c of cleanup) await Promise.resolve(c()).catch(() => {});
  }
}

async function startServer(
  dir: string,
  upsConf: ReturnType<typeof parseUpsConf>,
  port: number,
  log: Logger,
): Promise<{ server: Upsd; port: number }> {
  const candidates = port === 0 ? [await freePort()] : [port, await freePort()];
  let lastError: unknown;
  for (const p of candidates) {
    const settings = resolveServerSettings({
      upsConf,
      upsdConf: parseUpsdConf(`LISTEN 127.0.0.1 ${p}\n`, join(dir, "upsd.conf")),
      users: parseUpsdUsers(
        `[${DEMO_USER.name}]\n password = ${DEMO_USER.password}\n actions = SET FSD\n instcmds = ALL\n upsmon primary\n`,
        join(dir, "upsd.users"),
      ),
    }, (name) => name === "NUT_STATEPATH" ? dir : undefined);
    const server = new Upsd({ settings, log });
    try {
      await server.listen();
      await server.start();
      return { server, port: server.addresses[0].port };
    } catch (e) {
      lastError = e;
      await server.stop();
    }
  }
  throw lastError;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function watch(o: DemoOptions, port: number): Promise<void> {
  const end = o.durationSeconds === undefined ? Infinity : Date.now() + o.durationSeconds * 1000;
  await using client = await NutClient.connect("127.0.0.1", port, { timeoutMs: 5000 });
  let status: string | undefined;
  let panelLines = 0;
  let shown = "";
  // Poll often enough to see every step of the story (a quarter step, at most once a second).
  const pollMs = Math.min(1000, (o.step * 1000) / 4);
  while (Date.now() < end && !o.signal?.aborted) {
    const values: Record<string, string> = {};
    for (const v of await client.listVar(DEMO_UPS)) values[v.name] = v.value;
    const now = new Date().toTimeString().slice(0, 8);
    const events = values["ups.status"] === undefined ? [] : statusEvents(status, values["ups.status"]);
    if (o.live) {
      const lines = renderPanel(DEMO_UPS, values);
      const text = lines.join("\n") + "\n";
      if (text !== shown) {
        if (panelLines) o.io.out(`\x1b[${panelLines}A\x1b[J`);
        o.io.out(text);
        shown = text;
        panelLines = lines.length;
      }
      if (events.length) {
        o.io.out(`${now}  ${events.join(" ")}: ups.status is now "${values["ups.status"]}"\n`);
        panelLines = 0;
        shown = "";
      }
    } else if (values["ups.status"] !== status) {
      o.io.out(
        `${now}  ${events.join(" ") || "STATUS"}: ups.status "${values["ups.status"]}", battery.charge ${
          values["battery.charge"]
        } %, battery.runtime ${values["battery.runtime"]} s, input.voltage ${values["input.voltage"]} V\n`,
      );
    }
    status = values["ups.status"];
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, Math.max(0, Math.min(pollMs, end - Date.now())));
      o.signal?.addEventListener("abort", () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
}
