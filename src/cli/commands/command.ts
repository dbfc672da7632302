/** What every CLI command module exports; the table of them is in index.ts. */
import type { AppConfig } from '../../config.js';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], config: AppConfig): Promise<number>;
}
