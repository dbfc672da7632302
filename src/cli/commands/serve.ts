/**
 * `nghebot serve` (npm start): the bot — web chat, Telegram and Zalo channels, scheduled jobs —
 * on one HTTP server, until SIGTERM/SIGINT.
 */
import type { AppConfig } from '../../config.js';
import { createServerApp } from '../../app.js';
import { CliError } from '../errors.js';
import type { Command } from './command.js';

export const serveCommand: Command = {
  summary: 'chạy bot (máy chủ HTTP, kênh Telegram/Zalo, trang chat web)',
  usage: 'serve',
  async run(_args: string[], config: AppConfig) {
    const app = await createServerApp(config);
    const { installShutdown } = await import('../../server/shutdown.js');
    installShutdown({ close: () => app.stop() }, app.logger);
    try {
      await app.listen();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
      await app.stop().catch(() => undefined);
      throw new CliError(
        code === 'EADDRINUSE'
          ? `cổng ${config.PORT} đang có chương trình khác dùng (có thể một bot khác đang chạy). Dừng nó, hoặc chọn cổng khác: PORT=${config.PORT + 1} npm start`
          : `không được phép mở cổng ${config.PORT} trên ${config.HOST}; chọn cổng từ 1024 trở lên, ví dụ PORT=3000`,
      );
    }
    // Keep running: the server and channels hold the event loop open.
    return await new Promise<number>(() => {});
  },
};
