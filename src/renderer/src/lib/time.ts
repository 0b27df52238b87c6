// Remote-file times for people: "just now", "2 hours ago", "in 3 days", "today at 14:05", "never".
import type { Translator } from '../../../shared/locale'

/** Providers report Unix seconds; the host may pass milliseconds. Either becomes milliseconds. */
export function toMs(t: number): number {
  return t < 1e11 ? t * 1000 : t
}

export function createdText(tr: Translator, createdAt: number, now: number): string {
  return tr.relative(toMs(createdAt), now)
}

export function expiresText(tr: Translator, expiresAt: number | null, now: number): { text: string; soon: boolean } {
  if (expiresAt === null) return { text: tr.t('files.never'), soon: false }
  const at = toMs(expiresAt)
  const soon = at - now < 86_400_000
  const a = new Date(at)
  const n = new Date(now)
  const sameDay = a.getFullYear() === n.getFullYear() && a.getMonth() === n.getMonth() && a.getDate() === n.getDate()
  if (sameDay && at >= now) return { text: tr.t('files.todayAt', { time: tr.clock(at) }), soon }
  return { text: tr.relative(at, now), soon }
}
