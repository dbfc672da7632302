/**
 * `nghebot import PATH...`: loads content files or folders into the store, all or nothing.
 */
import type { AppConfig } from '../../config.js';
import { ContentError } from '../../content/load.js';
import { importPaths } from '../../content/import.js';
import { openStore } from '../../store/index.js';
import { CliError } from '../errors.js';
import type { Command } from './command.js';

export const importCommand: Command = {
  summary: 'nhập nội dung (YAML, JSON, CSV; tệp hoặc thư mục)',
  usage: 'import PATH...',
  async run(args: string[], config: AppConfig) {
    if (args.length === 0) throw new CliError('cần ít nhất một đường dẫn: nghebot import content/');
    const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI });
    // Ctrl-C stops the import before it is published: the store is left exactly as it was.
    const stop = new AbortController();
    const onInterrupt = (): void => stop.abort();
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
    try {
      const r = await importPaths(store, args, { signal: stop.signal });
      process.stdout.write(
        `Đã nhập ${r.files.length} tệp: ${r.inserted} mục mới, ${r.updated} mục cập nhật, ${r.unchanged} mục không đổi.\n`,
      );
      return 0;
    } catch (err) {
      if (err instanceof ContentError) {
        process.stderr.write(`${err.message}\n`);
        return 1;
      }
      if (stop.signal.aborted && (err as Error)?.name === 'AbortError') {
        process.stderr.write('Đã dừng nhập: nội dung không thay đổi.\n');
        return 130;
      }
      throw err;
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
      await store.close();
    }
  },
};
