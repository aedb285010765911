/**
 * The driver framework: NUT's driver lifecycle (initUps, initInfo, updateInfo, shutdown, instCmd,
 * setVar), the poll loop, staleness, the driver socket, PID files and the common command line. Start
 * instances in-process with {@linkcode startDriverInstance}; run one per process with
 * {@linkcode runDriverCommand}.
 *
 * ```ts ignore
 * import { buildInstanceConfig, startDriverInstance } from "./mod.ts";
 * import { dummyUps } from "../drivers/dummy_ups/mod.ts";
 * const config = buildInstanceConfig({ program: dummyUps, upsName: "ups1",
 *   extra: [{ key: "port", value: "/etc/nut/evolution500.dev", origin: "-x" }] });
 * await using drv = await startDriverInstance({ program: dummyUps, config, statePath: "/run/nut", confPath: "/etc/nut" });
 * ```
 * @module
 */
export * from "./types.ts";
export * from "./driver_state.ts";
export * from "./instance_config.ts";
export * from "./instance.ts";
export * from "./dump.ts";
export * from "./op_queue.ts";
export * from "./sock_server.ts";
export * from "./takeover.ts";
export * from "./usage.ts";
export * from "./killpower.ts";
export { RUN_AS_GROUP, RUN_AS_USER, runDriverCommand } from "./cli.ts";
