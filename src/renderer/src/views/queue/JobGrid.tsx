// The job list: a virtualised ARIA grid (one tab stop, roving focus) that stays smooth with thousands of jobs.
import { useVirtualizer } from '@tanstack/react-virtual'
import { observeRectWithFallback } from '../../lib/virtual'
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react'
import type { JobView } from '../../../../shared/api'
import { useActions, useFerry, useT } from '../../context'
import type { JobAction } from '../../../../shared/jobs'
import { jobActions, offersRemove } from '../../store/job-moves'
import { JobRow, ROW_HEIGHT } from './JobRow'

export interface JobGridHandle {
  focusJob(id: string): void
}

export interface JobGridProps {
  ids: string[]
  now: number
  onAction(job: JobView, action: JobAction): void
  onOpen(id: string): void
}

export const JobGrid = forwardRef<JobGridHandle, JobGridProps>(function JobGrid({ ids, now, onAction, onOpen }, ref) {
  const { t } = useT()
  const actions = useActions()
  const selection = useFerry((s) => s.selection)
  const jobs = useFerry((s) => s.jobs)
  const autoStart = useFerry((s) => s.settings.autoStart)
  const scroller = useRef<HTMLDivElement>(null)
  const [activeIndex, setActiveIndex] = useState(0)
  const pendingFocus = useRef<number | null>(null)

  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 1000, height: 800 },
    observeElementRect: observeRectWithFallback
  })

  const active = Math.min(activeIndex, Math.max(0, ids.length - 1))

  const focusIndex = useCallback(
    (i: number) => {
      if (ids.length === 0) return
      const idx = Math.max(0, Math.min(ids.length - 1, i))
      setActiveIndex(idx)
      virtualizer.scrollToIndex(idx, { align: 'auto' })
      const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${idx}"]`)
      // A row already in the DOM takes focus now; one scrolled into view takes it after the next render.
      if (el) el.focus()
      else pendingFocus.current = idx
    },
    [ids.length, virtualizer]
  )

  useEffect(() => {
    const idx = pendingFocus.current
    if (idx === null) return
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${idx}"]`)
    if (el) {
      pendingFocus.current = null
      el.focus({ preventScroll: false })
    }
  })

  useImperativeHandle(ref, () => ({
    focusJob(id: string) {
      const i = ids.indexOf(id)
      if (i >= 0) focusIndex(i)
    }
  }))

  const selected = new Set(selection)

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement
    if (target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') return
    const onRow = target.getAttribute('role') === 'row'
    const id = ids[active]
    const job = id ? jobs[id] : undefined
    const mod = e.ctrlKey || e.metaKey
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        return focusIndex(active + 1)
      case 'ArrowUp':
        e.preventDefault()
        return focusIndex(active - 1)
      case 'Home':
        if (!onRow) return
        e.preventDefault()
        return focusIndex(0)
      case 'End':
        if (!onRow) return
        e.preventDefault()
        return focusIndex(ids.length - 1)
      case 'PageDown':
        e.preventDefault()
        return focusIndex(active + 8)
      case 'PageUp':
        e.preventDefault()
        return focusIndex(active - 8)
    }
    if (!onRow || !job) return
    // P and R press the row's own button, so a key never does what the row does not offer.
    const offered = jobActions(job, autoStart)
    const press = (...choices: JobAction[]) => {
      const a = choices.find((c) => offered.includes(c))
      if (a) onAction(job, a)
    }
    if (e.key === ' ') {
      e.preventDefault()
      actions.toggleSelected(job.id)
    } else if (e.key === 'Enter') {
      e.preventDefault()
      onOpen(job.id)
    } else if (!mod && (e.key === 'p' || e.key === 'P')) {
      e.preventDefault()
      press('resume', 'pause')
    } else if (!mod && (e.key === 'r' || e.key === 'R')) {
      e.preventDefault()
      press('retry', 'retryNow', 'uploadAgain')
    } else if (e.key === 'Delete') {
      e.preventDefault()
      if (offersRemove(job.state)) onAction(job, 'remove')
    } else if (mod && (e.key === 'c' || e.key === 'C') && job.remoteId) {
      e.preventDefault()
      onAction(job, 'copyId')
    }
  }

  const onToggle = useCallback((id: string) => actions.toggleSelected(id), [actions])
  const onPurpose = useCallback((id: string, purpose: string) => void actions.setPurpose(id, purpose), [actions])

  return (
    <div
      ref={scroller}
      className="grid-scroll"
      role="grid"
      aria-label={t('queue.list')}
      aria-rowcount={ids.length}
      aria-multiselectable="true"
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const id = ids[item.index]
          if (!id) return null
          return (
            <JobRow
              key={id}
              id={id}
              index={item.index}
              now={now}
              active={item.index === active}
              selected={selected.has(id)}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onAction={onAction}
              onToggle={onToggle}
              onPurpose={onPurpose}
              onFocusRow={setActiveIndex}
            />
          )
        })}
      </div>
    </div>
  )
})
