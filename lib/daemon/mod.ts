/**
 * Daemon plumbing shared by upsd and drivers: PID files, signalling a running instance, backgrounding.
 * @module
 */
export * from "./pidfile.ts";
export * from "./detach.ts";
