/**
 * The UPS monitor (NUT's upsmon): a pure core that decides ({@linkcode evaluate}: state + event +
 * upsmon.conf → next state + actions), and the edges that observe and act: sessions to the data
 * servers, status sources (polling by default; status push from our own server beside it, push_source.ts),
 * notifications, the shutdown (directly, through the privileged parent, or reported in a dry run).
 *
 * ```ts ignore
 * import { Monitor, SystemNotifier, DirectShutdown, UpsSession } from "./mod.ts";
 * const monitor = new Monitor({
 *   conf, log,
 *   notifier: new SystemNotifier({ notifyCmd: conf.notifyCmd, log }),
 *   shutdown: new DirectShutdown({ shutdownCmd: conf.shutdownCmd, powerDownFlag: conf.powerDownFlag, log }, true),
 *   openSession: (entry) => new UpsSession({ entry, login: true, log }),
 * });
 * monitor.start();
 * Deno.exit(await monitor.exited);
 * ```
 * @module
 */
export * from "./types.ts";
export * from "./notify_types.ts";
export * from "./state.ts";
export * from "./evaluate.ts";
export * from "./reconfigure.ts";
export * from "../os/clock.ts";
export * from "./session.ts";
export * from "./source.ts";
export * from "./push_source.ts";
export * from "./notifier.ts";
export * from "./shutdown.ts";
export * from "./power_down_flag.ts";
export * from "./privsep.ts";
export * from "./dry_run.ts";
export * from "./monitor.ts";
