import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';

describe('logger', () => {
  it('redacts personal fields and secrets at the top of a line and one level down', () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger('info', stream);
    logger.info({ phone: '0912345678', fullName: 'Nguyễn Văn A', text: 'số em 0912345678', step: 'confirm' }, 'top');
    logger.info({ enrolment: { phone: '0912345678', name: 'A' }, token: 'secret' }, 'nested');
    expect(lines[0]).toMatchObject({ phone: '[redacted]', fullName: '[redacted]', text: '[redacted]', step: 'confirm' });
    expect(lines[1]).toMatchObject({ enrolment: { phone: '[redacted]', name: '[redacted]' }, token: '[redacted]' });
    expect(JSON.stringify(lines)).not.toContain('0912345678');
  });
});
