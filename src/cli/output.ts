// How the CLI speaks: one JSON object per line with --json, otherwise progress bars (cli-progress) and plain sentences on stderr.
import cliProgress from 'cli-progress'
import type { ErrorInfo } from '../shared/errors'
import { formatBytes, formatDuration } from '../core/units'

export interface Output {
  json: boolean
  /** A machine-readable line (stdout) in --json mode. */
  event(obj: Record<string, unknown>): void
  /** A sentence for a person (stderr), silent in --json mode. */
  say(text: string): void
  error(file: string | null, err: ErrorInfo): void
}

export function makeOutput(json: boolean): Output {
  return {
    json,
    event: (obj) => {
      if (json) process.stdout.write(JSON.stringify(obj) + '\n')
    },
    say: (text) => {
      if (!json) process.stderr.write(text + '\n')
    },
    // Exit 1 means "stderr says why", with --json too: the JSON line for programs, the sentence for people.
    error: (file, err) => {
      if (json) process.stdout.write(JSON.stringify({ event: 'failed', file, error: err }) + '\n')
      process.stderr.write(`${file ? file + ': ' : ''}${err.message}${err.hint ? `\n  ${err.hint}` : ''}${err.requestId ? `\n  (request id ${err.requestId})` : ''}\n`)
    }
  }
}

/** One bar per file on stderr, with speed and time left; nothing when stderr is not a terminal. */
export class Bars {
  private readonly multi?: cliProgress.MultiBar
  private readonly bars = new Map<string, cliProgress.SingleBar>()

  constructor(enabled: boolean) {
    if (!enabled || !process.stderr.isTTY) return
    this.multi = new cliProgress.MultiBar(
      {
        format: ' {bar} {percentage}% | {name} | {done} of {size} | {speed} | {eta_text}',
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        stream: process.stderr
      },
      cliProgress.Presets.shades_classic
    )
  }

  update(key: string, name: string, sent: number, total: number, speed: number, eta: number | null): void {
    if (!this.multi) return
    const payload = {
      name,
      done: formatBytes(sent),
      size: formatBytes(total),
      speed: speed > 0 ? `${formatBytes(speed)}/s` : '…',
      eta_text: sent >= total ? 'finishing…' : eta === null ? 'estimating…' : `${formatDuration(eta)} left`
    }
    let bar = this.bars.get(key)
    if (!bar) {
      bar = this.multi.create(total, sent, payload)
      this.bars.set(key, bar)
    } else bar.update(sent, payload)
  }

  log(text: string): void {
    if (this.multi) this.multi.log(text + '\n')
    else process.stderr.write(text + '\n')
  }

  stop(): void {
    this.multi?.stop()
  }
}

