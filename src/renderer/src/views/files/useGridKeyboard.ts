// The Files grid's keys (UI.md §7): ↑ ↓ Home End move the one focused row, Space selects, Ctrl/Cmd+C copies the ID, Delete asks.
import { useState, type KeyboardEvent, type RefObject } from 'react'
import type { Virtualizer } from '@tanstack/react-virtual'
import type { RemoteFileView } from '../../../../shared/api'

export interface GridKeyboardInput {
  rows: RemoteFileView[]
  virtualizer: Virtualizer<HTMLDivElement, Element>
  scroller: RefObject<HTMLDivElement | null>
  onToggle(id: string): void
  onCopy(id: string): void
  onDelete(id: string): void
}

export function useGridKeyboard({ rows, virtualizer, scroller, onToggle, onCopy, onDelete }: GridKeyboardInput) {
  const [activeIndex, setActiveIndex] = useState(0)

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement
    if (target.getAttribute('role') !== 'row') return
    const move = (i: number) => {
      e.preventDefault()
      const idx = Math.max(0, Math.min(rows.length - 1, i))
      setActiveIndex(idx)
      virtualizer.scrollToIndex(idx)
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${idx}"]`)?.focus())
    }
    const f = rows[activeIndex]
    if (e.key === 'ArrowDown') move(activeIndex + 1)
    else if (e.key === 'ArrowUp') move(activeIndex - 1)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(rows.length - 1)
    else if (e.key === ' ' && f) {
      e.preventDefault()
      onToggle(f.id)
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c' && f) {
      e.preventDefault()
      onCopy(f.id)
    } else if (e.key === 'Delete' && f) {
      e.preventDefault()
      onDelete(f.id)
    }
  }

  /** The row that holds the grid's one tab stop. */
  const tabStop = Math.min(activeIndex, rows.length - 1)
  return { tabStop, setActiveIndex, onKeyDown }
}
