/**
 * Reading a peer's request lines from a node:net socket with backpressure: the socket is paused while
 * what it sent is being handled, the lines are handled a few per turn of the event loop, and none while
 * the replies already written wait in the socket beyond a bound (handling goes on once it drains). So a
 * peer that sends requests without end and never reads its replies makes us hold one read of requests
 * and about the bound of replies, and never holds the event loop. The server's frontends do the same
 * with their own turns (lib/server/request_pump.ts); this is the mechanism of the smaller line servers
 * (the driver's socket, the timer daemon).
 * @module
 */
import type net from "node:net";
import type { Buffer } from "node:buffer";
import { setImmediate } from "node:timers";

/** Replies waiting in a socket beyond which its requests wait. */
export const PACED_HIGH_WATER = 64 * 1024;

/** Lines handled per turn of the event loop. */
export const PACED_LINES_PER_TURN = 16;

/** Options of {@linkcode readPacedLines}. */
export interface PacedLinesOptions<L> {
  /**
   * Splits what was read into lines (a stateful framer or tokenizer).
   * @param chunk what the socket gave
   * @returns the lines it completed
   */
  split(chunk: Buffer | string): L[];
  /**
   * Handles one line (writing its reply to the socket); a promise is awaited before the next line.
   * @param line the line
   */
  handle(line: L): void | Promise<void>;
  /**
   * Called when `handle` throws (the connection goes on with the next line).
   * @param error what was thrown
   */
  onError(error: unknown): void;
  /** Replies waiting beyond which handling waits for the socket to drain ({@linkcode PACED_HIGH_WATER}). */
  highWater?: number;
  /** Lines per turn ({@linkcode PACED_LINES_PER_TURN}). */
  linesPerTurn?: number;
}

/** What {@linkcode readPacedLines} gives back. */
export interface PacedLines {
  /**
   * Takes a chunk as if the socket had read it (input held back before the reader was set up).
   * @param chunk the chunk
   */
  push(chunk: Buffer | string): void;
}

/**
 * Reads a socket's lines with backpressure (see the module's text) until it closes.
 * @param socket the socket
 * @param options how lines are split and handled
 * @returns a way to give it input read before
 */
export function readPacedLines<L>(socket: net.Socket, options: PacedLinesOptions<L>): PacedLines {
  const highWater = options.highWater ?? PACED_HIGH_WATER;
  const perTurn = options.linesPerTurn ?? PACED_LINES_PER_TURN;
  let lines: L[] = [];
  let next = 0;
  let busy = false;
  const gone = () => socket.destroyed || socket.closed;
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        socket.off("drain", done);
        socket.off("close", done);
        resolve();
      };
      socket.on("drain", done);
      socket.on("close", done);
    });
  const run = async () => {
    if (busy) return;
    busy = true;
    try {
      let turn = 0;
      while (next < lines.length && !gone()) {
        if (socket.writableLength > highWater) {
          await drained();
          continue;
        }
        try {
          const done = options.handle(lines[next++]);
          if (done) await done;
        } catch (e) {
          options.onError(e);
        }
        if (++turn >= perTurn) {
          turn = 0;
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      busy = false;
    }
    lines = [];
    next = 0;
    if (!gone()) socket.resume();
  };
  const push = (chunk: Buffer | string) => {
    const more = options.split(chunk);
    if (more.length === 0) return;
    lines = next >= lines.length ? more : lines.slice(next).concat(more);
    next = 0;
    socket.pause();
    void run();
  };
  socket.on("data", push);
  return { push };
}
