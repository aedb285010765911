/**
 * How a driver reaches a serial UPS (RS-232, or a USB-serial bridge seen as a tty): a port opened with
 * its line settings, reads with a deadline, writes that drain, flush, break, and the modem lines that
 * contact-closure UPSes (genericups) speak with. Every call that waits has an explicit timeout and fails
 * with a {@linkcode TransportError}; none blocks the event loop (drivers share one process). The termios
 * implementation is ffi/termios.ts (lib/transport/system.ts hands it to drivers); record/playback fakes
 * are lib/transport/serial_playback.ts; answers are framed by lib/transport/read_until.ts.
 * @module
 */

/** Parity, as NUT's drivers name it. */
export type SerialParity = "none" | "even" | "odd";

/** Flow control. */
export type SerialFlow = "none" | "rtscts" | "xonxoff";

/** The line settings of a port. */
export interface SerialSettings {
  /** Speed in baud (a POSIX speed: 50 ... 4000000). */
  readonly baud: number;
  /** Data bits (default 8). */
  readonly dataBits?: 5 | 6 | 7 | 8;
  /** Parity (default none). */
  readonly parity?: SerialParity;
  /** Stop bits (default 1). */
  readonly stopBits?: 1 | 2;
  /** Flow control (default none). */
  readonly flow?: SerialFlow;
  /**
   * Drop DTR and RTS when the port is closed (HUPCL; default true). Contact-closure drivers (genericups)
   * say false, so that the lines they set outlive them (a shutdown signal held after the driver exits).
   */
  readonly hupcl?: boolean;
}

/** The modem lines a driver sets (RS-232 outputs of the computer). */
export interface ModemOutputs {
  /** Data Terminal Ready. */
  readonly dtr?: boolean;
  /** Request To Send. */
  readonly rts?: boolean;
}

/** The modem lines a driver reads (RS-232 inputs of the computer): true when asserted. */
export interface ModemInputs {
  /** Clear To Send. */
  readonly cts: boolean;
  /** Data Set Ready. */
  readonly dsr: boolean;
  /** Data Carrier Detect. */
  readonly dcd: boolean;
  /** Ring Indicator. */
  readonly ri: boolean;
}

/** Which buffered data `flush` drops. */
export type SerialQueue = "input" | "output" | "both";

/** An opened serial port. Close it (or `await using`) when done. */
export interface SerialPort extends AsyncDisposable {
  /** The device path, as opened (e.g. /dev/ttyS0). */
  readonly path: string;
  /**
   * Changes the line settings (speed, framing, flow control); raw mode always.
   * @param settings the new settings
   */
  configure(settings: SerialSettings): Promise<void>;
  /**
   * Writes every byte and waits until they have left (tcdrain), within the limit.
   * @param data the bytes
   * @param timeoutMs limit
   */
  write(data: Uint8Array, timeoutMs: number): Promise<void>;
  /**
   * Reads what is there, waiting up to the limit for the first byte.
   * @param max most bytes
   * @param timeoutMs limit
   * @returns the bytes (at least one), or an empty array when nothing came in time (not an error)
   */
  read(max: number, timeoutMs: number): Promise<Uint8Array>;
  /**
   * Drops buffered data (tcflush).
   * @param queue which
   */
  flush(queue: SerialQueue): Promise<void>;
  /**
   * Sends a break.
   * @param ms its length (the system rounds it)
   */
  sendBreak(ms: number): Promise<void>;
  /**
   * Sets or clears DTR and RTS (a line left out keeps its state).
   * @param lines what to change
   */
  setModemLines(lines: ModemOutputs): Promise<void>;
  /**
   * Reads CTS, DSR, DCD and RI.
   * @returns the lines
   */
  modemLines(): Promise<ModemInputs>;
  /** Closes the port, releasing its lock (idempotent). */
  close(): Promise<void>;
}

/** How a port is opened. */
export interface SerialOpenOptions {
  /** Take the port for this process alone: TIOCEXCL, flock and a UUCP lock file (default true). */
  readonly exclusive?: boolean;
}

/** Where serial ports are found and opened. */
export interface SerialBus {
  /**
   * Opens a port in raw mode with the given settings.
   * @param path the device (e.g. /dev/ttyS0, /dev/ttyUSB0)
   * @param settings line settings
   * @param options exclusivity
   * @returns the opened port
   */
  open(path: string, settings: SerialSettings, options?: SerialOpenOptions): Promise<SerialPort>;
  /**
   * The serial ports this system has (for `nut scan --serial`); none are opened.
   * @returns device paths, sorted
   */
  list(): Promise<string[]>;
}
