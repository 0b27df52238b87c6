/// <reference lib="dom" />
// A small WCAG 2 contrast check over the page's visible text (axe's color-contrast rule, without axe): each text's colour
// against the background it is painted on (ancestors' backgrounds composited), 4.5:1, or 3:1 for large text.
import type { Page } from 'playwright-core'

export interface ContrastViolation {
  text: string
  ratio: number
  fg: string
  bg: string
}

export function contrastViolations(page: Page): Promise<ContrastViolation[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number]
    const parse = (c: string): RGBA | null => {
      let m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(c)
      if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])]
      m = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/.exec(c)
      if (m) return [Number(m[1]) * 255, Number(m[2]) * 255, Number(m[3]) * 255, m[4] === undefined ? 1 : Number(m[4])]
      return null
    }
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3] + bottom[3] * (1 - top[3])
      if (a === 0) return [0, 0, 0, 0]
      const mix = (i: number): number => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a
      return [mix(0), mix(1), mix(2), a]
    }
    const lum = (c: RGBA): number => {
      const ch = (v: number): number => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    }
    const background = (el: Element): RGBA => {
      const layers: RGBA[] = []
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor)
        if (c && c[3] > 0) {
          layers.push(c)
          if (c[3] >= 1) break
        }
      }
      let bg: RGBA = [255, 255, 255, 1]
      if (layers.length > 0 && layers[layers.length - 1]![3] >= 1) bg = layers.pop()!
      for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i]!, bg)
      return bg
    }
    const hidden = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e)
        if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return true
        if (e.getAttribute('aria-hidden') === 'true' && e.classList.contains('bar')) return true
        if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return true
        if ((e as HTMLElement).matches?.(':disabled')) return true
      }
      const r = el.getBoundingClientRect()
      return r.width <= 1 || r.height <= 1 || r.bottom < 0 || r.top > innerHeight
    }
    const out: { text: string; ratio: number; fg: string; bg: string }[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const seen = new Set<Element>()
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      if (!el || seen.has(el) || !n.textContent?.trim()) continue
      seen.add(el)
      if (hidden(el)) continue
      const s = getComputedStyle(el)
      const fg0 = parse(s.color)
      if (!fg0) continue
      const bg = background(el)
      const fg = fg0[3] < 1 ? over(fg0, bg) : fg0
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number]
      const ratio = (l1 + 0.05) / (l2 + 0.05)
      const size = parseFloat(s.fontSize)
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700)
      if (ratio < (large ? 3 : 4.5) - 0.01) out.push({ text: n.textContent.trim().slice(0, 60), ratio: Math.round(ratio * 100) / 100, fg: s.color, bg: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})` })
    }
    return out
  })
}
