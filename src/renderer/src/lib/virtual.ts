// Virtual-list helpers: an element-size observer that assumes a typical viewport while the element has no layout yet.
import { observeElementRect, type Virtualizer } from '@tanstack/react-virtual'

const FALLBACK = { width: 1000, height: 800 }

/** Like the default observer, but a 0×0 element (not laid out yet, or a DOM without layout) counts as 1000×800. */
export function observeRectWithFallback<T extends Element>(
  instance: Virtualizer<T, Element>,
  cb: (rect: { width: number; height: number }) => void
): void | (() => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK))
}
