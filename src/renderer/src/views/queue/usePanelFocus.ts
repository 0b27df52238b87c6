// The validation panel and the keyboard: Esc anywhere in the queue closes it, and focus goes back to the job's row.
import { useEffect, useRef, type RefObject } from 'react'
import { navigate, paths } from '../../router'
import type { JobGridHandle } from './JobGrid'

export function usePanelFocus(jobId: string | null, grid: RefObject<JobGridHandle | null>): void {
  const lastPanel = useRef<string | null>(null)

  useEffect(() => {
    if (jobId) lastPanel.current = jobId
    else if (lastPanel.current) {
      const id = lastPanel.current
      lastPanel.current = null
      requestAnimationFrame(() => grid.current?.focusJob(id))
    }
  }, [jobId, grid])

  // The panel handles Esc itself when focus is inside; a dialog or menu open on top keeps it.
  useEffect(() => {
    if (!jobId) return
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('[role="alertdialog"], [role="dialog"], [role="menu"]')) navigate(paths.queue())
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [jobId])
}
