/**
 * The contract between the driver framework and a driver: NUT's fixed lifecycle (docs/new-drivers.txt)
 * as an interface. A driver is tables plus small decoders; the framework owns the poll loop, staleness,
 * the socket, the PID file and the command line.
 * @module
 */
import type { Logger } from "../log.ts";
import type { HandlerStatus } from "../sock/messages.ts";
import type { StatusBuilder } from "../state/status.ts";
import type { VarEntry, VarFlag } from "../state/types.ts";
import type { Clock } from "../os/clock.ts";
import type { TransportKind, Transports } from "../transport/mod.ts";

/** One `-x` option / ups.conf key a driver accepts (NUT's `addvar()`). */
export interface DriverVarSpec {
  /** `VALUE` takes `name=value`; `FLAG` is a bare word. */
  kind: "VALUE" | "FLAG";
  /** Key name, e.g. `mode`. */
  name: string;
  /** One-line description shown by `-h` and `-L`. */
  description: string;
  /** Not published as `driver.parameter.<name>` (passwords, community strings). */
  sensitive?: boolean;
}

/** The values of the driver-specific options of one instance (NUT's `getval()` / `testvar()`). */
export interface DriverParams {
  /**
   * The value of a VALUE option.
   * @param name option name (case-insensitive, as NUT)
   * @returns the value, or undefined when not given
   */
  get(name: string): string | undefined;
  /**
   * Whether an option was given at all (a FLAG, or a VALUE with any value).
   * @param name option name
   * @returns true when present
   */
  has(name: string): boolean;
}

/**
 * The writes a driver may make to its device state: everything but staleness (DATAOK/DATASTALE belong
 * to the framework, "don't hide calls to these functions deep inside helper functions").
 */
export interface DeviceWriter {
  /** Sets a variable (ignored for `override.*` variables); returns true when it changed. */
  setInfo(name: string, value: string): boolean;
  /** Removes a variable (ignored for `override.*` variables). */
  delInfo(name: string): boolean;
  /** Replaces the flags of a variable (ignored for `override.*` variables). */
  setFlags(name: string, flags: readonly string[]): boolean;
  /** Adds flags to a variable. */
  addFlags(name: string, ...flags: VarFlag[]): boolean;
  /** Sets the auxiliary number (maximum length of a RW STRING). */
  setAux(name: string, aux: number): boolean;
  /** Adds an accepted value. */
  addEnum(name: string, value: string): boolean;
  /** Removes an accepted value. */
  delEnum(name: string, value: string): boolean;
  /** Adds an accepted range. */
  addRange(name: string, min: number, max: number): boolean;
  /** Removes an accepted range. */
  delRange(name: string, min: number, max: number): boolean;
  /** Declares an instant command. */
  addCmd(name: string): boolean;
  /** Withdraws an instant command. */
  delCmd(name: string): boolean;
  /** The value of a variable, or undefined. */
  getValue(name: string): string | undefined;
  /** A variable with its flags, or undefined. */
  get(name: string): Readonly<VarEntry> | undefined;
  /** Whether a variable was fixed by `override.<name>` in ups.conf. */
  isImmutable(name: string): boolean;
}

/** What the framework gives a driver instance. */
export interface DriverContext {
  /** UPS section name (`-a <ups>`). */
  readonly upsName: string;
  /** Driver program name, e.g. `dummy-ups`. */
  readonly driverName: string;
  /** The `port` value of the section. */
  readonly port: string;
  /** Driver-specific options. */
  readonly params: DriverParams;
  /** The device state, writable except for staleness. */
  readonly state: DeviceWriter;
  /** This instance's logger. */
  readonly log: Logger;
  /** NUT's configuration directory (relative file names in `port` are resolved against it). */
  readonly confPath: string;
  /** Aborted when the instance stops: pending I/O should give up. */
  readonly signal: AbortSignal;
  /** Time: a driver reads the time and waits through it, never through Date.now() or setTimeout(). */
  readonly clock: Clock;
  /** The transports the program declared (`DriverProgram.transports`); a driver opens nothing else. */
  readonly transports: Transports;
  /**
   * Starts a `ups.status` transaction honouring the section's `ignorelb`.
   * @returns a new builder; call `commit()` once
   */
  status(): StatusBuilder;
  /**
   * Asks for an extra `updateInfo()` at an absolute time (e.g. when a TIMER expires), earlier than the
   * next regular poll. Later requests than the next poll are ignored.
   * @param epochMs wall-clock time in ms
   */
  wakeAt(epochMs: number): void;
}

/**
 * A driver instance: NUT's `upsdrv_*` functions. Every method may be async; the framework serializes
 * them (never two at once on one instance), bounds each with a timeout and passes an AbortSignal that
 * fires on that timeout.
 */
export interface Driver {
  /** Opens the port (`upsdrv_initups`); no detection here. Throwing is fatal. */
  initUps(signal: AbortSignal): void | Promise<void>;
  /** Detects the device and declares its variables and commands (`upsdrv_initinfo`); last chance to fail. */
  initInfo(signal: AbortSignal): void | Promise<void>;
  /** One poll pass (`upsdrv_updateinfo`): returns when the data is fresh, throws when the device failed. */
  updateInfo(signal: AbortSignal): void | Promise<void>;
  /** Tells the device to cut the load (`upsdrv_shutdown`, `-k`); throws when it cannot. */
  shutdown(signal: AbortSignal): void | Promise<void>;
  /** Runs an instant command; absent = every command is UNKNOWN. */
  instCmd?(
    name: string,
    param: string | undefined,
    signal: AbortSignal,
  ): HandlerStatus | Promise<HandlerStatus>;
  /** Sets a variable; absent = every SET is UNKNOWN. */
  setVar?(name: string, value: string, signal: AbortSignal): HandlerStatus | Promise<HandlerStatus>;
  /** Called after a failed `updateInfo()`, before the next one: re-open the link. */
  reconnect?(signal: AbortSignal): void | Promise<void>;
  /** Called on reload (`-c reload`, SIGHUP) with the new options; returns the names it could not apply. */
  reload?(params: DriverParams, port: string): string[];
  /** Releases the port (`upsdrv_cleanup`). */
  cleanup?(): void | Promise<void>;
}

/** A driver program: NUT's `upsdrv_info`, `upsdrv_makevartable()` and `upsdrv_help()`, plus a factory. */
export interface DriverProgram {
  /** Program name, as in ups.conf `driver = ...` (e.g. `dummy-ups`). */
  readonly name: string;
  /** Human description for the banner, e.g. `Device simulation and repeater driver`. */
  readonly description: string;
  /** The driver's own version (`driver.version.internal`). */
  readonly version: string;
  /** Driver-specific options, in the order `-h` lists them. */
  readonly vars: readonly DriverVarSpec[];
  /** The transports its instances get through their context (none: the driver needs no device). */
  readonly transports?: readonly TransportKind[];
  /** Extra help text printed after the options by `-h`. */
  readonly help?: string;
  /**
   * Consecutive failed polls after which the data is declared stale (default 1: the first failure, as
   * most NUT drivers do).
   */
  readonly staleAfterFailures?: number;
  /**
   * Whether the framework publishes `driver.state` (NUT 2.8.1+'s lifecycle words) and `driver.lastupdate`
   * (when the data was last read from the device, seconds since the epoch; the name NUT issue #2810
   * proposes). Default true; dummy-ups says false, as NUT 2.8.0's dummy-ups, which serves a dump file as
   * it is.
   */
  readonly reportsLifecycle?: boolean;
  /**
   * How much longer than the framework's deadline a shutdown of an instance with these options may take
   * (genericups holds its shutdown signal `sdtime` seconds). Default 0.
   * @param params the instance's options
   * @returns ms
   */
  shutdownHoldMs?(params: DriverParams): number;
  /**
   * Creates one instance.
   * @param ctx the instance's context
   * @returns the driver
   */
  create(ctx: DriverContext): Driver;
}
