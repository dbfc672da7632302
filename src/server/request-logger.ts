/**
 * The per-request logger (req.log), made only when the request logs something. Fastify binds a
 * child logger to every request; with redaction configured, making a pino child costs more CPU
 * than the rest of routing a webhook update (measured in the webhook bench's profile), and most
 * requests never log through it (the request line is written by the server's own hook).
 */
import type { Bindings, ChildLoggerOptions, LevelWithSilent, LogFn } from 'pino';
import type { FastifyBaseLogger } from 'fastify';

type Level = Exclude<LevelWithSilent, 'silent'>;

class LazyRequestLogger implements FastifyBaseLogger {
  #made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger & { isLevelEnabled(level: string): boolean },
    private readonly bindings: Bindings,
  ) {}

  #child(): FastifyBaseLogger {
    return (this.#made ??= this.parent.child(this.bindings));
  }

  #at(level: Level): LogFn {
    return ((...args: Parameters<LogFn>) => {
      if (this.#made || this.parent.isLevelEnabled(level)) this.#child()[level](...args);
    }) as LogFn;
  }

  get level(): string {
    return this.#made?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.#child().level = level;
  }

  fatal = this.#at('fatal');
  error = this.#at('error');
  warn = this.#at('warn');
  info = this.#at('info');
  debug = this.#at('debug');
  trace = this.#at('trace');
  silent: LogFn = () => undefined;

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#child().child(bindings, options);
  }
}

/** Fastify's childLoggerFactory: lazy unless the route sets its own level (then pino must build it). */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const parent = logger as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  if (options.level !== undefined || typeof parent.isLevelEnabled !== 'function') return logger.child(bindings, options);
  return new LazyRequestLogger(parent as FastifyBaseLogger & { isLevelEnabled(level: string): boolean }, bindings);
}
