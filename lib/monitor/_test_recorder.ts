/**
 * A notifier and shutdown executor for the monitor's unit tests (folder-private): records the notified
 * types (IGNOREd ones left out) and "SHUTDOWNCMD", in order.
 * @module
 */
import type { Notifier } from "./notifier.ts";
import type { ShutdownExecutor } from "./shutdown.ts";
import type { NotifyAction } from "./types.ts";

/** Records what the monitor notifies and when it would shut down. */
export class Recorder implements Notifier, ShutdownExecutor {
  events: string[] = [];
  notify(a: NotifyAction) {
    if (!a.flags.ignore) this.events.push(a.type);
  }
  wall() {}
  shutdown() {
    this.events.push("SHUTDOWNCMD");
    return Promise.resolve();
  }
}
