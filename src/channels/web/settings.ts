/** The web channel's settings taken from the configuration, shared by `serve` and the server's fallback channel. */
import type { AppConfig } from '../../config.js';
import type { WebChannelDeps } from './channel.js';

export function webChannelSettings(config: AppConfig): Pick<WebChannelDeps, 'cookieSecret' | 'turnsPerMinute' | 'newVisitorsPerHour'> {
  return {
    ...(config.WEB_COOKIE_SECRET ? { cookieSecret: config.WEB_COOKIE_SECRET } : {}),
    turnsPerMinute: config.WEB_RATE_LIMIT,
    newVisitorsPerHour: config.WEB_NEW_VISITORS_PER_HOUR,
  };
}
