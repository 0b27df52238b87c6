// Renders a validation finding (code + params) in a UI language: the CLI and the report use English,
// the renderer the user's language. Pure data and Intl only (no node modules): shared by both tsconfigs.
import { JSON_DETAILS_EN, VALIDATION_EN, type CodeText, type JsonDetailKey, type JsonDetailTexts, type ValidationCode, type ValidationTexts } from './validation-en'
import { JSON_DETAILS_RU, VALIDATION_RU } from './validation-ru'
import { fillFinding } from './fill'

export { JSON_DETAILS_EN, VALIDATION_EN, type CodeText, type JsonDetailKey, type JsonDetailTexts, type ValidationCode, type ValidationTexts } from './validation-en'
export { JSON_DETAILS_RU, VALIDATION_RU } from './validation-ru'
export { fillFinding } from './fill'

export type ValidationLanguage = 'en' | 'ru'
export type FindingParamValues = Record<string, string | number>

export const VALIDATION_TEXTS: Record<ValidationLanguage, ValidationTexts> = { en: VALIDATION_EN, ru: VALIDATION_RU }
export const JSON_DETAIL_TEXTS: Record<ValidationLanguage, JsonDetailTexts> = { en: JSON_DETAILS_EN, ru: JSON_DETAILS_RU }

export function isValidationCode(code: string): code is ValidationCode {
  return Object.hasOwn(VALIDATION_EN, code)
}

export function isJsonDetailKey(key: unknown): key is JsonDetailKey {
  return typeof key === 'string' && Object.hasOwn(JSON_DETAILS_EN, key)
}

/** `{name}` or `{name:one|few|many}` (a word form picked by the count `name`; fillFinding fills both). */
const PLACEHOLDER = /\{(\w+)(?::([^{}]*))?\}/g

/** The placeholder names a template uses, sorted and without repeats. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort()
}

/** A finding's message and hint in `lang`, or null for a code no table knows. */
export function renderFinding(code: string, params: FindingParamValues, lang: ValidationLanguage): CodeText | null {
  if (!isValidationCode(code)) return null
  const text = (VALIDATION_TEXTS[lang] ?? VALIDATION_EN)[code]
  const localized = lang === 'ru' ? localizeParamsRu(params) : params
  const detail = jsonDetail(params, lang)
  const values = detail === null ? localized : { ...localized, detail }
  return { message: fillFinding(text.message, values, lang), hint: fillFinding(text.hint, values, lang) }
}

/** The JSON scanner's {detail} in `lang`, from params.detailKey and the params its phrase names; null: keep params.detail. */
export function jsonDetail(params: FindingParamValues, lang: ValidationLanguage): string | null {
  if (!isJsonDetailKey(params.detailKey)) return null
  return fillFinding((JSON_DETAIL_TEXTS[lang] ?? JSON_DETAILS_EN)[params.detailKey], params, lang)
}

// --- Russian words for the English fragments the validator puts in params (types, formats, reasons) ---

const RU_VALUES: Record<string, string> = {
  // typeName()
  text: 'текст',
  'a number': 'число',
  'a list': 'список',
  'a list [ ]': 'список [ ]',
  'an object': 'объект',
  // FORMAT_NAMES
  'chat ("messages")': 'диалог ("messages")',
  'preference (DPO)': 'предпочтения (DPO)',
  'plain text': 'простой текст',
  'batch request': 'пакетный запрос',
  'evals row': 'строка для оценки',
  // METHOD_NAMES (preference (DPO) above reads as a method too)
  supervised: 'обычное (supervised)',
  reinforcement: 'с подкреплением (RFT)',
  // purposes
  'fine-tune': 'дообучение',
  batch: 'пакетная обработка',
  evals: 'оценка',
  // E_ROLE_ORDER
  'the start': 'начала примера',
  // E_BINARY_FILE kinds
  'a ZIP archive or an Excel .xlsx workbook': 'архив ZIP или книгу Excel .xlsx',
  'a PDF document': 'документ PDF',
  'a GZIP archive': 'архив GZIP',
  'a PNG image': 'картинку PNG',
  'an old Excel .xls or Word .doc file': 'старый файл Excel .xls или Word .doc',
  'a Parquet file': 'файл Parquet',
  'an SQLite database': 'базу данных SQLite',
  'binary data': 'двоичные данные',
  // E_UNKNOWN_FORMAT hints (foreignShapeHint)
  'This looks like ShareGPT ("conversations"); convert it to "messages" with roles user/assistant.':
    'Похоже на ShareGPT ("conversations"): преобразуйте в "messages" с ролями user/assistant.',
  'This looks like Alpaca ("instruction"/"output"); convert it to "messages" with roles user/assistant.':
    'Похоже на Alpaca ("instruction"/"output"): преобразуйте в "messages" с ролями user/assistant.',
  'This looks like Gemini ("contents"); convert it to "messages" and the role "model" to "assistant".':
    'Похоже на Gemini ("contents"): преобразуйте в "messages", а роль "model" замените на "assistant".',
  'This looks like TRL preference data ("chosen"/"rejected"); use input, preferred_output and non_preferred_output.':
    'Похоже на данные предпочтений TRL ("chosen"/"rejected"): используйте input, preferred_output и non_preferred_output.',
  'Check the spelling: the key is "messages".': 'Проверьте написание: поле называется "messages".',
  // {why} of content parts, tools and tool calls
  '"detail" must be "auto", "low" or "high"': '"detail" должен быть "auto", "low" или "high"',
  'a text part needs a "text" string': 'в текстовой части нужна строка "text"',
  'an image part needs "image_url": {"url": …}': 'в части с картинкой нужен "image_url": {"url": …}',
  'it is not an object': 'это не объект',
  'it has no "type"': 'нет "type"',
  '"type" is not text': '"type" — не текст',
  'it must be a list of 1 to 128 functions': 'нужен список из 1–128 функций',
  'it must be a list': 'нужен список',
  '"function_call" needs a "name"': 'в "function_call" нужен "name"',
  '"tool_calls" must be a non-empty list': '"tool_calls" должен быть непустым списком',
  'it has no "id"': 'нет "id"',
  'it needs "function": {"name": …}': 'нужен "function": {"name": …}',
  'it needs "type": "function"': 'нужен "type": "function"'
}

const RU_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown type "([\s\S]*)"$/, (m) => `неизвестный тип "${m[1]}"`],
  [/^item (\d+) needs a "name"$/, (m) => `в элементе ${m[1]} нужен "name"`],
  [/^"parameters" of ([\s\S]*) must be an object$/, (m) => `"parameters" у ${m[1]} должен быть объектом`],
  [/^item (\d+) is not an object$/, (m) => `элемент ${m[1]} — не объект`],
  [/^item (\d+) needs ([\s\S]*)$/, (m) => `в элементе ${m[1]} нужен ${m[2]}`],
  [/^([\s\S]*) needs "description" and "parameters"$/, (m) => `у ${m[1]} нужны "description" и "parameters"`],
  [/^(\d+) calls, (\d+) results$/, (m) => `вызовов: ${m[1]}, результатов: ${m[2]}`],
  [/^(\d+(?:\.\d)?) (GB|MB|KB)$/, (m) => `${(m[1] as string).replace('.', ',')} ${RU_UNITS[m[2] as string]}`],
  [/^(\d+) bytes$/, (m) => `${m[1]} ${fillFinding('{n:байт|байта|байт}', { n: Number(m[1]) }, 'ru')}`]
]

const RU_UNITS: Record<string, string> = { GB: 'ГБ', MB: 'МБ', KB: 'КБ' }

/** Params that carry the validator's English words (types, formats, sizes, reasons); keys, ids, roles and data never do. */
const WORDY_PARAMS = new Set(['type', 'lineFmt', 'fileFmt', 'fmt', 'method', 'detected', 'purpose', 'prev', 'kind', 'hint', 'why', 'id', 'size', 'limit'])

/** Russian words for the known English fragments in params; anything else (ids, names, keys, numbers) stays. */
export function localizeParamsRu(params: FindingParamValues): FindingParamValues {
  const out: FindingParamValues = {}
  for (const [k, v] of Object.entries(params)) out[k] = typeof v === 'string' && WORDY_PARAMS.has(k) ? localizeValueRu(v) : v
  return out
}

function localizeValueRu(v: string): string {
  const exact = RU_VALUES[v]
  if (exact !== undefined) return exact
  for (const [re, to] of RU_PATTERNS) {
    const m = re.exec(v)
    if (m) return to(m)
  }
  return v
}
