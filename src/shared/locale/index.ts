// Picks a language's strings and formats numbers, sizes, durations and relative times through Intl.
import { en, type Messages, type Plural, type PluralKey, type TextKey } from './en'
import { ru } from './ru'
import { fill } from './fill'

export type { Messages, MessageKey, Plural, PluralKey, TextKey } from './en'
export { fill } from './fill'
export type Language = 'en' | 'ru'
export type Params = Record<string, string | number>

export const MESSAGES: Record<Language, Messages> = { en, ru }

export interface Translator {
  lang: Language
  /** A plain string. Numbers in params are formatted for the language. */
  t(key: TextKey, params?: Params): string
  /** A count-dependent string; `n` is formatted and passed as `{n}`. */
  tp(key: PluralKey, n: number, params?: Params): string
  num(n: number): string
  /** Base-1024 size: "1.2 GB", "180 MB", "512 B" (ru: "1,2 ГБ"). */
  bytes(n: number): string
  /** "38 MB/s". */
  speed(bytesPerSecond: number): string
  /** A short duration: "45 sec", "3 min", "1 hr 20 min"; `long` spells units out ("3 minutes"). */
  duration(seconds: number, style?: 'short' | 'long'): string
  /** "just now", "2 hours ago", "in 3 days". */
  relative(at: number, now: number): string
  /** "14:05". */
  clock(at: number): string
  /** "Apr 3, 2026, 14:05". */
  dateTime(at: number): string
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

export function createTranslator(lang: Language): Translator {
  const table = MESSAGES[lang] ?? en
  const locale = lang === 'ru' ? 'ru-RU' : 'en-US'
  const plural = new Intl.PluralRules(locale)
  const numFmt = new Intl.NumberFormat(locale)
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const clockFmt = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false })
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  const unitFmt = (unit: string, style: 'short' | 'long') => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: style })
  const unitCache = new Map<string, Intl.NumberFormat>()
  const unit = (n: number, u: string, style: 'short' | 'long'): string => {
    const k = `${u}:${style}`
    let f = unitCache.get(k)
    if (!f) unitCache.set(k, (f = unitFmt(u, style)))
    return f.format(n)
  }

  const fmtParams = (params: Params): Params => {
    const out: Params = {}
    for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'number' ? numFmt.format(v) : v
    return out
  }

  const bytes = (n: number): string => {
    if (!Number.isFinite(n) || n < 0) n = 0
    let i = 0
    let v = n
    while (v >= 1024 && i < UNITS.length - 1) {
      v /= 1024
      i++
    }
    const u = table[`unit.${UNITS[i] ?? 'B'}` as TextKey]
    // One decimal below 10 ("2.0 GB", "1.2 GB"), whole numbers above ("180 MB"); bytes are always whole.
    if (i > 0 && v < 9.95) return `${oneDecimal.format(v)} ${u}`
    return `${whole.format(v)} ${u}`
  }

  return {
    lang,
    t: (key, params) => fill(table[key] ?? en[key], params ? fmtParams(params) : undefined),
    tp: (key, n, params) => {
      const entry: Plural = table[key] ?? en[key]
      const form = plural.select(n) as keyof Plural
      const template = entry[form] ?? entry.other
      return fill(template, fmtParams({ ...params, n }))
    },
    num: (n) => numFmt.format(n),
    bytes,
    speed: (bps) => fill(table['job.speed'], { speed: bytes(bps) }),
    duration: (seconds, style = 'short') => {
      const s = Number.isFinite(seconds) && seconds > 0 ? seconds : 0
      if (s < 60) return unit(Math.max(1, Math.round(s)), 'second', style)
      if (s < 3600) return unit(Math.round(s / 60), 'minute', style)
      const h = Math.floor(s / 3600)
      const m = Math.round((s - h * 3600) / 60)
      return m === 0 || h >= 10 ? unit(h, 'hour', style) : `${unit(h, 'hour', style)} ${unit(m, 'minute', style)}`
    },
    relative: (at, now) => {
      const diff = (at - now) / 1000
      const abs = Math.abs(diff)
      if (abs < 60) return table['files.justNow']
      if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute')
      if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour')
      if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day')
      if (abs < 86400 * 365) return rtf.format(Math.round(diff / (86400 * 30)), 'month')
      return rtf.format(Math.round(diff / (86400 * 365)), 'year')
    },
    clock: (at) => clockFmt.format(at),
    dateTime: (at) => dateFmt.format(at)
  }
}
