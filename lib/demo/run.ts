/**
 * `nut demo`: a simulated UPS (the embedded Eaton 5P 650 dump playing a power-cut story through our
 * dummy-ups driver) served by our upsd on 127.0.0.1, watched live through our client library and by our
 * upsmon in a rehearsal (lib/demo/monitor.ts): the whole stack in one process, no root, no hardware,
 * nothing left behind.
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
import { DemoMonitor } from "./monitor.ts";

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
        `  upsmon watches it as a primary, in a rehearsal: it reports what it would do, and does none of it.\n` +
        (o.durationSeconds === undefined ? "  Ctrl-C to stop.\n" : "") + "\n",
    );
    const screen = new Screen(o.io, o.live);
    const monitor = new DemoMonitor({
      system: `${DEMO_UPS}@127.0.0.1:${port}`,
      user: DEMO_USER,
      report: (line) => screen.line(`${clockTime()}  upsmon: ${line}`),
    });
    cleanup.unshift(() => monitor.stop());
    monitor.start();
    o.onReady?.({ host: "127.0.0.1", port });
    await watch(o, port, screen, monitor);
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

/** The local time as HH:MM:SS. */
function clockTime(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** The terminal: a live panel kept at the bottom (when live), lines scrolling above it. */
class Screen {
  #io: Output;
  #live: boolean;
  #panelLines = 0;
  #shown = "";

  constructor(io: Output, live: boolean) {
    this.#io = io;
    this.#live = live;
  }

  /** Shows the panel (live mode only), redrawn when it changed. */
  panel(lines: string[]): void {
    if (!this.#live) return;
    const text = lines.join("\n") + "\n";
    if (text === this.#shown) return;
    this.#erase();
    this.#io.out(text);
    this.#shown = text;
    this.#panelLines = lines.length;
  }

  /** Prints a line above the panel (the panel is drawn again at the next update). */
  line(text: string): void {
    this.#erase();
    this.#io.out(text + "\n");
  }

  #erase(): void {
    if (this.#panelLines) this.#io.out(`\x1b[${this.#panelLines}A\x1b[J`);
    this.#panelLines = 0;
    this.#shown = "";
  }
}

async function watch(o: DemoOptions, port: number, screen: Screen, monitor: DemoMonitor): Promise<void> {
  const end = o.durationSeconds === undefined ? Infinity : Date.now() + o.durationSeconds * 1000;
  await using client = await NutClient.connect("127.0.0.1", port, { timeoutMs: 5000 });
  let status: string | undefined;
  // Poll often enough to see every step of the story (a quarter step, at most once a second).
  const pollMs = Math.min(1000, (o.step * 1000) / 4);
  while (Date.now() < end && !o.signal?.aborted) {
    const values: Record<string, string> = {};
    for (const v of await client.listVar(DEMO_UPS)) values[v.name] = v.value;
    const now = clockTime();
    const events = values["ups.status"] === undefined ? [] : statusEvents(status, values["ups.status"]);
    if (o.live) {
      if (events.length) {
        screen.line(`${now}  ${events.join(" ")}: ups.status is now "${values["ups.status"]}"`);
      }
      screen.panel(renderPanel(DEMO_UPS, values));
    } else if (values["ups.status"] !== status) {
      screen.line(
        `${now}  ${events.join(" ") || "STATUS"}: ups.status "${values["ups.status"]}", battery.charge ${
          values["battery.charge"]
        } %, battery.runtime ${values["battery.runtime"]} s, input.voltage ${values["input.voltage"]} V`,
      );
    }
    // The power is back: the next rehearsal starts (the last one ended with the shutdown it would do).
    if (events.includes("ONLINE")) monitor.start();
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
