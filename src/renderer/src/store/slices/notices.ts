// The notices slice: what the person is told — the host's one-time notices, toasts, and "Copy ID" saying that it copied.
import { createTranslator } from '../../../../shared/locale'
import { dismissNotice } from '../reducers'
import { initialNotices, type NoticesState, type Toast } from '../state'
import type { SliceBase, Tell } from './context'

export interface NoticesActions {
  toast(text: string, tone?: Toast['tone']): void
  dismissToast(id: number): void
  dismissNotice(index: number): void
  copyId(id: string): Promise<void>
}

export interface NoticesSlice extends NoticesState {
  toasts: Toast[]
}

/** At most this many toasts at once; the oldest goes first. */
const MAX_TOASTS = 4

export function createNoticesSlice({ set, get, clock }: SliceBase, copy: (text: string) => Promise<boolean>) {
  let seq = 0
  const tell: Tell = {
    toast(text, tone = 'info') {
      const id = ++seq
      set((s) => ({ toasts: [...s.toasts.slice(1 - MAX_TOASTS), { id, text, tone }] }))
      clock.setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), tone === 'error' ? 10_000 : 5_000)
    },
    fail: (error) => tell.toast([error.message, error.hint].filter(Boolean).join(' '), 'error'),
    tr: () => createTranslator(get().settings.language)
  }

  const actions: NoticesActions = {
    toast: tell.toast,
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
    dismissNotice: (index) => set((s) => dismissNotice(s, index)),
    async copyId(id) {
      const ok = await copy(id)
      tell.toast(ok ? tell.tr().t('toast.copied', { id }) : tell.tr().t('toast.copyFailed'), ok ? 'info' : 'error')
    }
  }

  const state: NoticesSlice = { ...initialNotices(), toasts: [] }
  return { state, actions, tell }
}
