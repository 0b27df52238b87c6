// Content parts and images (§4.5): part shapes, image placement, URLs, formats and sizes.
import { checks, clip, formatBytes, type RuleContext } from './context'
import { isObject } from '../detect'
import { checkSuspicious } from './quality'

const UNSUPPORTED_PARTS = new Set(['input_audio', 'audio', 'file', 'input_file', 'refusal'])
const DETAILS = new Set(['auto', 'low', 'high'])
const ODD_IMAGE_EXT = /\.(gif|bmp|tiff?|svg|heic)(?:[?#].*)?$/i
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export interface PartsSummary {
  chars: number
  images: number
  webImages: number
  /** Every text part is empty or whitespace. */
  blank: boolean
}

export function checkContentParts(parts: unknown[], role: string, ctx: RuleContext): PartsSummary {
  const out: PartsSummary = { chars: 0, images: 0, webImages: 0, blank: true }
  for (let j = 0; j < parts.length; j++) {
    const part = parts[j]
    const n = j + 1
    if (!isObject(part)) {
      ctx.sink.add('E_INVALID_CONTENT_PART', { j: n, why: 'it is not an object' })
      continue
    }
    const type = part.type
    if (typeof type !== 'string') {
      ctx.sink.add('E_INVALID_CONTENT_PART', { j: n, why: type === undefined ? 'it has no "type"' : '"type" is not text' })
      continue
    }
    if (type === 'text') {
      const text = part.text
      if (typeof text !== 'string') {
        ctx.sink.add('E_INVALID_CONTENT_PART', { j: n, why: 'a text part needs a "text" string' })
        continue
      }
      out.chars += text.length
      if (text.trim().length > 0) out.blank = false
      checkSuspicious(text, ctx)
      continue
    }
    if (type === 'image_url') {
      out.images++
      const holder = part.image_url
      const url = isObject(holder) ? holder.url : undefined
      if (typeof url !== 'string') {
        ctx.sink.add('E_INVALID_CONTENT_PART', { j: n, why: 'an image part needs "image_url": {"url": …}' })
        continue
      }
      const detail = isObject(holder) ? holder.detail : undefined
      if (detail !== undefined && (typeof detail !== 'string' || !DETAILS.has(detail))) {
        ctx.sink.add('E_INVALID_CONTENT_PART', { j: n, why: '"detail" must be "auto", "low" or "high"' })
        continue
      }
      if (role !== 'user') {
        ctx.sink.add('E_IMAGE_NOT_IN_USER_MESSAGE')
        continue
      }
      if (checkImageUrl(url, n, ctx)) out.webImages++
      out.blank = false
      continue
    }
    if (UNSUPPORTED_PARTS.has(type)) {
      ctx.sink.add('E_UNSUPPORTED_CONTENT_PART', { type })
      continue
    }
    ctx.sink.add('E_INVALID_CONTENT_PART', { j: n, why: `unknown type "${clip(type, 30)}"` })
  }
  return out
}

/** Checks one image URL; returns true for a web link. */
function checkImageUrl(url: string, j: number, ctx: RuleContext): boolean {
  const { images, limits } = ctx.profile
  if (/^https?:\/\//i.test(url)) {
    if (!images.webLinks) {
      ctx.sink.add('E_IMAGE_NOT_DATA_URL')
      return true
    }
    const ext = ODD_IMAGE_EXT.exec(url)
    if (ext && checks(ctx, 'W_IMAGE_URL_FORMAT')) ctx.sink.add('W_IMAGE_URL_FORMAT', { ext: (ext[1] as string).toUpperCase() })
    return true
  }
  const m = /^data:image\/([A-Za-z0-9.+-]+);base64,/.exec(url)
  if (!m) {
    ctx.sink.add('E_INVALID_IMAGE_URL', { url: clip(url) })
    return false
  }
  const type = (m[1] as string).toLowerCase()
  if (!images.types.includes(type)) {
    ctx.sink.add('E_IMAGE_FORMAT_UNSUPPORTED', { type: type.toUpperCase() })
    return false
  }
  const data = url.slice(m[0].length)
  if (data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data)) {
    ctx.sink.add('E_INVALID_IMAGE_URL', { url: clip(url) })
    return false
  }
  const bytes = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0)
  if (bytes > limits.maxImageBytes) ctx.sink.add('E_IMAGE_TOO_LARGE', { j, size: formatBytes(bytes) })
  return false
}
