/**
 * `nghebot serve` (npm start): the bot — web chat, Telegram and Zalo channels, scheduled jobs —
 * on one HTTP server, until SIGTERM/SIGINT.
 */
import type { AppConfig } from '../../config.js';
import { createServerApp } from '../../app.js';
import type { Command } from './index.js';

export const serveCommand: Command = {
  summary: 'chạy bot (máy chủ HTTP, kênh Telegram/Zalo, trang chat web)',
  usage: 'serve',
  async run(_args: string[], config: AppConfig) {
    const app = await createServerApp(config);
    const { installShutdown } = await import('../../server/shutdown.js');
    installShutdown({ close: () => app.stop() }, app.logger);
    await app.listen();
    // Keep running: the server and channels hold the event loop open.
    return await new Promise<number>(() => {});
  },
};
