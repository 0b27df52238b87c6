// The `{name}` fillers: `fill` for texts without word forms (UI strings), `fillFinding` for finding texts whose counts
// pick a word form (`{n:example|examples}`). No imports, so the validator's worker can use them without the UI's tables.

/** Replaces `{name}` placeholders; unknown placeholders stay visible rather than printing "undefined". */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name]
    return v === undefined ? whole : String(v)
  })
}

/** `{name}` or `{name:one|few|many}` (a word form picked by the count `name`). */
const PLACEHOLDER = /\{(\w+)(?::([^{}]*))?\}/g
const PLURAL_ORDER = ['one', 'few', 'many', 'other'] as const

const pluralRules = new Map<string, Intl.PluralRules>()

function pluralCategory(lang: 'en' | 'ru', n: number): string {
  let rules = pluralRules.get(lang)
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang === 'ru' ? 'ru-RU' : 'en-US')))
  return rules.select(n)
}

/**
 * Fills placeholders; `{n:form|form|form}` picks the form for n by Intl.PluralRules (one | few | many | other, a missing
 * `other` is `few`; English needs two: `{n:example|examples}`). An unknown placeholder stays visible rather than vanishing.
 */
export function fillFinding(template: string, params: Record<string, string | number>, lang: 'en' | 'ru' = 'en'): string {
  return template.replace(PLACEHOLDER, (whole, name: string, forms: string | undefined) => {
    if (!(name in params)) return whole
    const value = params[name] as string | number
    if (forms === undefined) return String(value)
    const n = typeof value === 'number' ? value : Number(String(value).replace(/[\s,]/g, ''))
    const list = forms.split('|')
    if (!Number.isFinite(n)) return list[list.length - 1] ?? ''
    const i = PLURAL_ORDER.indexOf(pluralCategory(lang, n) as (typeof PLURAL_ORDER)[number])
    return list[i] ?? (i === 3 ? list[1] : undefined) ?? list[list.length - 1] ?? ''
  })
}
