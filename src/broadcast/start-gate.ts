/**
 * How the outbox hands a request to a channel: the write-ahead start mark and the request's start
 * kept together per channel, and a deadline on the answer.
 */

/**
 * Writes the start mark and starts the request with no other lane of this channel doing the same
 * in between. The channel's HTTP client starts the request synchronously and flushes it to the
 * socket in a process.nextTick; our release is a nextTick queued after it. So at any instant at
 * most one lane is between "mark written" and "request handed to the socket" — the only state
 * a crash turns into a lost message. Without this, a burst of lanes would each write a mark
 * before any request left, and a kill then would lose the whole burst. (A request that must
 * first open a new connection leaves later; the gate cannot see that.)
 */
export class StartGate {
  /** The tail of the queue of lanes waiting to start a request. */
  private tail: Promise<void> = Promise.resolve();

  async start<T>(mark: () => Promise<boolean>, send: () => Promise<T>): Promise<T | 'lost'> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    let sending: Promise<T> | 'lost';
    try {
      // Not awaited here: the gate opens as soon as the request is on its way, not when it is answered.
      sending = (await mark()) ? send() : 'lost';
    } finally {
      process.nextTick(release);
    }
    return sending;
  }
}

/** 'ok', 'deadline' when no answer came within `ms`, else the error the send failed with. */
export async function sendWithDeadline(send: Promise<unknown>, ms: number): Promise<'ok' | 'deadline' | unknown> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = send.then(
    () => 'ok' as const,
    (err: unknown) => err,
  );
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), ms);
  });
  try {
    return await Promise.race([outcome, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
