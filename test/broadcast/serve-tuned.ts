/**
 * `nghebot serve`, exactly as src/cli/commands/serve.ts runs it, plus broadcast tuning read from
 * NGHEBOT_BROADCAST_TUNING (JSON). For the crash test and the benchmark, which spawn the bot as a
 * real process and kill it: they need shorter leases and higher rates than production, and the
 * configuration has no variables for those.
 */
import { createServerApp } from '../../src/app.js';
import type { BroadcastRuntimeOptions } from '../../src/broadcast/runtime.js';
import { loadConfig } from '../../src/config.js';
import { installShutdown } from '../../src/server/shutdown.js';

const tuning = JSON.parse(process.env.NGHEBOT_BROADCAST_TUNING ?? '{}') as BroadcastRuntimeOptions;
const app = await createServerApp(loadConfig(), { broadcast: tuning });
installShutdown({ close: () => app.stop() }, app.logger);
const address = await app.listen();
process.stdout.write(`ready ${address}\n`);
