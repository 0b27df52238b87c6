// The queue's filter tabs (All · Active · Needs attention) with their counts; ← → move between them.
import type { KeyboardEvent } from 'react'
import { useT } from '../../context'
import type { QueueFilter } from '../../store/selectors'

export function QueueTabs({ filter, counts, onFilter }: { filter: QueueFilter; counts: Record<QueueFilter, number>; onFilter(f: QueueFilter): void }) {
  const tr = useT()
  const { t } = tr
  const tabs: { id: QueueFilter; label: string }[] = [
    { id: 'all', label: t('queue.tab.all') },
    { id: 'active', label: t('queue.tab.active') },
    { id: 'attention', label: t('queue.tab.attention') }
  ]
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.findIndex((x) => x.id === filter)
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null
    if (next === null) return
    e.preventDefault()
    const tab = tabs[(next + tabs.length) % tabs.length]!
    onFilter(tab.id)
    document.getElementById(`tab-${tab.id}`)?.focus()
  }

  return (
    <div role="tablist" aria-label={t('queue.filters')} className="tabs" onKeyDown={onKey}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          id={`tab-${tab.id}`}
          type="button"
          role="tab"
          aria-selected={filter === tab.id}
          aria-controls="queue-grid-panel"
          tabIndex={filter === tab.id ? 0 : -1}
          className="tab"
          onClick={() => onFilter(tab.id)}
        >
          {tab.label} <span className="tab-count">{tr.num(counts[tab.id])}</span>
        </button>
      ))}
    </div>
  )
}
