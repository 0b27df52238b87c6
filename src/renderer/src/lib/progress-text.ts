// Words for a progress bar: the visible line ("1.2 GB of 2.0 GB · 38 MB/s · about 3 min left") and aria-valuetext.
import type { Translator } from '../../../shared/locale'
import { roundEta, type ProgressView } from '../store/selectors'

export interface ProgressText {
  /** aria-valuetext, with long units: "1.2 GB of 2.0 GB, about 3 minutes left". */
  valuetext: string
  /** The parts of the visible line, joined with " · ". */
  parts: string[]
}

export function progressText(tr: Translator, v: ProgressView): ProgressText {
  const sent = tr.bytes(v.sent)
  const total = tr.bytes(v.total)
  const amount = tr.t('job.progress', { sent, total })
  const parts = [amount]
  if (!v.running) return { valuetext: tr.t('job.valuetextPlain', { sent, total }), parts }
  if (v.speed > 0) parts.push(tr.speed(v.speed))
  let valuetext: string
  if (v.etaSeconds !== null) {
    const eta = roundEta(v.etaSeconds)
    parts.push(tr.t('job.eta', { time: tr.duration(eta, 'short') }))
    valuetext = tr.t('job.valuetext', { sent, total, time: tr.duration(eta, 'long') })
  } else {
    parts.push(tr.t('job.estimating'))
    valuetext = tr.t('job.valuetextEstimating', { sent, total })
  }
  return { valuetext, parts }
}
