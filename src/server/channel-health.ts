/**
 * Which channels are up, for /healthz. A channel that could not start (a wrong Telegram token, Zalo
 * refusing the refresh token) is reported down instead of the whole bot failing or claiming "ok".
 */
export interface ChannelState {
  name: string;
  ok: boolean;
  /** Why it is down, in a few words; never a token or a URL. */
  detail?: string;
}

export class ChannelHealth {
  private readonly down = new Map<string, string>();

  constructor(private readonly names: readonly string[]) {}

  markDown(name: string, detail: string): void {
    this.down.set(name, detail);
  }

  markUp(name: string): void {
    this.down.delete(name);
  }

  report(): ChannelState[] {
    return this.names.map((name) => {
      const detail = this.down.get(name);
      return detail === undefined ? { name, ok: true } : { name, ok: false, detail };
    });
  }
}
