// Pause and Ctrl-C keep what is about to arrive: a request that will end within a few seconds is let finish (its bytes count
// at the provider), one that would take longer is cut at once (little is lost: parts are sized to take seconds, part-plan.ts).

/** How long a stopping upload may go on to finish a request already under way. */
export const DRAIN_SECONDS = 5

export interface RequestSignal {
  signal: AbortSignal
  /** The request ended: let go of the job's signals. */
  done(): void
}

/**
 * The signal for one request of a job: aborted when the job is stopped hard (cancel), or when it is asked to stop softly
 * (pause, quit) and `secondsLeft()` says the request would outlast the drain window, or when that window has passed.
 */
export function requestSignal(hard: AbortSignal, soft: AbortSignal | undefined, secondsLeft: () => number): RequestSignal {
  const ctl = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const onHard = (): void => ctl.abort(hard.reason)
  const onSoft = (): void => {
    if (!(secondsLeft() <= DRAIN_SECONDS)) return ctl.abort(soft!.reason)
    // Twice the window before it is cut after all: bytes still in the socket's buffers make the estimate a little short.
    timer = setTimeout(() => ctl.abort(soft!.reason), 2 * DRAIN_SECONDS * 1000)
    timer.unref?.()
  }
  const done = (): void => {
    clearTimeout(timer)
    hard.removeEventListener('abort', onHard)
    soft?.removeEventListener('abort', onSoft)
  }
  if (hard.aborted) onHard()
  else if (soft?.aborted) onSoft()
  else {
    hard.addEventListener('abort', onHard, { once: true })
    soft?.addEventListener('abort', onSoft, { once: true })
  }
  return { signal: ctl.signal, done }
}

/** Seconds a request needs to send what is left, at the pace it has had so far (Infinity until it has sent anything). */
export function paceOf(total: number, startedAt = Date.now()): { sent(n: number): void; secondsLeft(): number } {
  let sent = 0
  return {
    sent: (n) => void (sent = n),
    secondsLeft: () => {
      const elapsed = (Date.now() - startedAt) / 1000
      if (sent >= total) return 0
      return sent > 0 && elapsed > 0 ? (total - sent) / (sent / elapsed) : Infinity
    }
  }
}

/** Either stop: what a flow's waits (retry backoff, the part pool) listen to. */
export function eitherStop(ctx: { signal: AbortSignal; stopping: AbortSignal }): AbortSignal {
  return AbortSignal.any([ctx.signal, ctx.stopping])
}

/** Runs one request of `total` body bytes under a request signal that lets it finish on a soft stop if it ends soon. */
export async function drainable<T>(
  ctx: { signal: AbortSignal; stopping: AbortSignal },
  total: number,
  run: (signal: AbortSignal, sent: (bytes: number) => void) => Promise<T>
): Promise<T> {
  const pace = paceOf(total)
  const req = requestSignal(ctx.signal, ctx.stopping, pace.secondsLeft)
  try {
    return await run(req.signal, pace.sent)
  } finally {
    req.done()
  }
}
