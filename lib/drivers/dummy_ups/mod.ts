/**
 * dummy-ups: a simulated device played from a definition file (`.dev` / `.seq`, modes dummy-once,
 * dummy-loop, dummy), or a repeater of another NUT server's device (`port = ups@host[:port]`).
 * Behaviour follows NUT 2.8.0's driver (docs/man/dummy-ups.txt); see README of the differences in the
 * module docs of each part. With the `simulate_shutdown` flag (an extension), a simulated load switch
 * answers the shutdown and load commands (load_switch.ts) and killpower; without it, nothing changes.
 * @module
 */
import { isAbsolute, join } from "node:path";
import { HANDLER_STATUS, type HandlerStatus } from "../../sock/messages.ts";
import type { Driver, DriverContext, DriverParams, DriverProgram } from "../../driver/types.ts";
import { ESSENTIAL_VARS, knownVar } from "./known_vars.ts";
import { dummySetVar, DummyStatus, writeDummyVar } from "./dummy_state.ts";
import { DevPlayer } from "./player.ts";
import { FileKindError } from "../../os/open_regular.ts";
import { Repeater } from "./repeater.ts";
import { LOAD_SWITCH_COMMANDS, LoadSwitch } from "./load_switch.ts";

/** The modes, as `driver.parameter.mode` shows them. */
export type DummyMode = "dummy-once" | "dummy-loop" | "dummy" | "repeater";

const MODES = new Set(["dummy-once", "dummy-loop", "dummy", "repeater"]);

/**
 * Chooses the mode as NUT 2.8.0 does: an explicit `mode` wins (`dummy` means looping); otherwise an `@`
 * in the port means repeater, `*.seq` loops, `*.dev` is read once, anything else is `dummy` (looping).
 * @param port the port option
 * @param mode the mode option, if any
 * @returns the mode to publish
 * @throws {Error} for an unsupported mode value
 * @example
 * ```ts
 * import { assertEquals } from "../../testing/asserts.ts";
 * assertEquals([chooseMode("a.dev"), chooseMode("a.seq"), chooseMode("a.txt"), chooseMode("u@h")],
 *   ["dummy-once", "dummy-loop", "dummy", "repeater"]);
 * ```
 */
export function chooseMode(port: string, mode?: string): DummyMode {
  if (mode !== undefined && !MODES.has(mode)) throw new Error(`Unsupported mode was specified: ${mode}`);
  if (mode === "repeater" || (mode === undefined && port.includes("@"))) return "repeater";
  if (mode === "dummy-loop" || mode === "dummy-once") return mode;
  if (mode === "dummy") return "dummy-loop";
  if (port.endsWith(".seq")) return "dummy-loop";
  if (port.endsWith(".dev")) return "dummy-once";
  return "dummy";
}

/** One dummy-ups instance. */
class DummyUps implements Driver {
  #ctx: DriverContext;
  #status: DummyStatus;
  #player: DevPlayer | undefined;
  #repeater: Repeater | undefined;
  #switch: LoadSwitch | undefined;

  constructor(ctx: DriverContext) {
    this.#ctx = ctx;
    this.#status = new DummyStatus(ctx.state.getValue("driver.flag.ignorelb") !== undefined);
  }

  /**
   * The delays of the simulated switch: the `offdelay` / `ondelay` options, else `ups.delay.shutdown` /
   * `ups.delay.start` (20 / 30 when unset).
   */
  #delays(): { shutdown: number; start: number } {
    const read = (name: string, dflt: number) => {
      const m = /^\s*(\d+)/.exec(this.#ctx.state.getValue(name) ?? "");
      return m ? Number(m[1]) : dflt;
    };
    return { shutdown: read("ups.delay.shutdown", 20), start: read("ups.delay.start", 30) };
  }

  /** Sets up the simulated load switch (`simulate_shutdown`): its commands, delays and timers. */
  #initSwitch(): void {
    const { state, params } = this.#ctx;
    this.#switch = new LoadSwitch();
    for (const cmd of LOAD_SWITCH_COMMANDS) state.addCmd(cmd);
    const delay = (name: string, option: string, dflt: string) => {
      const v = params.get(option);
      if (v !== undefined || state.getValue(name) === undefined) writeDummyVar(state, name, v ?? dflt);
    };
    delay("ups.delay.shutdown", "offdelay", "20");
    delay("ups.delay.start", "ondelay", "30");
    this.#applySwitch();
  }

  /** Moves the simulated switch to now: status OFF, timers, and a wake-up at its next change. */
  #applySwitch(): void {
    const sw = this.#switch;
    if (!sw) return;
    const { state, params } = this.#ctx;
    // The options win over a definition file read again (as an override would).
    for (const [name, option] of [["ups.delay.shutdown", "offdelay"], ["ups.delay.start", "ondelay"]]) {
      const v = params.get(option);
      if (v !== undefined && state.getValue(name) !== v) writeDummyVar(state, name, v);
    }
    const view = sw.tick(this.#ctx.clock.now(), this.#status.linePower());
    this.#status.setLoadOff(state, !view.loadOn);
    for (
      const [name, value] of [["ups.timer.shutdown", view.timerShutdown], [
        "ups.timer.start",
        view.timerStart,
      ]]
    ) {
      if (state.getValue(name as string) !== String(value)) {
        writeDummyVar(state, name as string, String(value));
      }
    }
    const next = sw.nextChange();
    if (next !== undefined) this.#ctx.wakeAt(next);
  }

  #path(port: string): string {
    return isAbsolute(port) ? port : join(this.#ctx.confPath, port);
  }

  initUps(): void {
    const ctx = this.#ctx;
    // An explicit "dummy" is published as "dummy-loop", the mode it selects (as NUT 2.8.0 does).
    const mode = chooseMode(ctx.port, ctx.params.get("mode"));
    ctx.state.setInfo("driver.parameter.mode", mode);
    if (mode === "repeater") {
      this.#repeater = new Repeater({
        target: ctx.port,
        state: ctx.state,
        status: this.#status,
        log: ctx.log,
        username: ctx.params.get("username"),
        password: ctx.params.get("password"),
      });
    } else {
      this.#player = new DevPlayer({
        path: this.#path(ctx.port),
        mode: mode === "dummy-once" ? "once" : "loop",
        state: ctx.state,
        status: this.#status,
        log: ctx.log,
        wakeAt: (ms) => ctx.wakeAt(ms),
        now: () => ctx.clock.now(),
      });
    }
  }

  async initInfo(): Promise<void> {
    const { state } = this.#ctx;
    if (this.#player) {
      for (const name of ESSENTIAL_VARS) {
        const k = knownVar(name);
        state.setInfo(name, k.initial ?? "");
        state.setFlags(name, k.flags);
        if (k.length !== undefined) state.setAux(name, k.length);
      }
      try {
        await this.#player.step();
      } catch (e) {
        const reason = e instanceof FileKindError ? e.reason : (e as Error).message;
        throw new Error(`Can't open dummy-ups definition file ${this.#player.path}: ${reason}`);
      }
    } else if (this.#repeater) {
      try {
        await this.#repeater.poll();
      } catch (e) {
        if (!this.#ctx.params.has("repeater_disable_strict_start")) {
          throw new Error(`Error: ${(e as Error).message}`);
        }
        this.#ctx.log.warn(`Warning: ${(e as Error).message}`);
        this.#repeater.disconnect();
      }
    }
    state.addCmd("load.off");
    if (this.#player && this.#ctx.params.has("simulate_shutdown")) this.#initSwitch();
  }

  async updateInfo(): Promise<void> {
    if (this.#player) await this.#player.step();
    else if (this.#repeater) await this.#repeater.poll();
    this.#applySwitch();
  }

  reconnect(): void {
    this.#repeater?.disconnect();
  }

  shutdown(): void {
    // With the simulated switch, killpower does what drivers do on line or battery: shutdown.return.
    if (!this.#switch) throw new Error("shutdown not supported");
    this.#ctx.log.notice("Initiating UPS shutdown: shutdown.return");
    this.#switch.command("shutdown.return", undefined, this.#ctx.clock.now(), this.#delays());
    this.#applySwitch();
  }

  instCmd(name: string, param: string | undefined): HandlerStatus | Promise<HandlerStatus> {
    if (this.#repeater?.forwarding) return this.#repeater.instCmd(name, param);
    if (this.#switch && (LOAD_SWITCH_COMMANDS as readonly string[]).includes(name)) {
      if (!this.#switch.command(name, param, this.#ctx.clock.now(), this.#delays())) {
        return HANDLER_STATUS.INVALID;
      }
      this.#ctx.log.info(`instcmd: ${name}${param === undefined ? "" : ` ${param}`}: simulated`);
      this.#applySwitch();
      return HANDLER_STATUS.HANDLED;
    }
    this.#ctx.log.notice(`instcmd: unknown command [${name}] [${param ?? "(null)"}]`);
    return HANDLER_STATUS.UNKNOWN;
  }

  setVar(name: string, value: string): HandlerStatus | Promise<HandlerStatus> {
    if (this.#repeater) return this.#repeater.setVar(name, value);
    return dummySetVar(this.#ctx.state, this.#status, name, value);
  }

  reload(params: DriverParams, port: string): string[] {
    const pending: string[] = [];
    if (port !== this.#ctx.port) pending.push("port");
    if (params.get("mode") !== this.#ctx.params.get("mode")) pending.push("mode");
    if (!pending.length) this.#player?.rewind();
    return pending;
  }

  cleanup(): void {
    this.#repeater?.disconnect();
  }
}

/** The dummy-ups driver program. */
export const dummyUps: DriverProgram = {
  name: "dummy-ups",
  description: "Device simulation and repeater driver",
  version: "0.15",
  // As NUT 2.8.0's: a dump file is served as it is (dumps of NUT 2.8.1+ carry their own driver.state).
  reportsLifecycle: false,
  vars: [
    {
      kind: "VALUE",
      name: "mode",
      description:
        "Specify mode instead of guessing it from port value (dummy = dummy-loop, dummy-once, repeater)",
    },
    {
      kind: "FLAG",
      name: "repeater_disable_strict_start",
      description: "Do not terminate the driver encountering errors when starting the repeater mode",
    },
    { kind: "VALUE", name: "username", description: "Repeater: upsd user to forward SET and INSTCMD" },
    { kind: "VALUE", name: "password", description: "Repeater: password of that user", sensitive: true },
    {
      kind: "FLAG",
      name: "simulate_shutdown",
      description:
        "Simulate the load switch: shutdown.return/stayoff/stop/reboot, load.off/on[.delay], ups.timer.* (nut extension)",
    },
    {
      kind: "VALUE",
      name: "offdelay",
      description: "With simulate_shutdown: ups.delay.shutdown (default 20)",
    },
    { kind: "VALUE", name: "ondelay", description: "With simulate_shutdown: ups.delay.start (default 30)" },
  ],
  create: (ctx) => new DummyUps(ctx),
};
