// A modal alert dialog for destructive choices: the safe button is focused, Tab stays inside, Esc cancels, focus returns.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'

export interface ConfirmDialogProps {
  title: string
  children?: ReactNode
  safeLabel: string
  dangerLabel: string
  onSafe(): void
  onDanger(): void
  /** A third way between the safe and the dangerous one (e.g. "Keep both"). */
  middle?: { label: string; onClick(): void }
}

export function ConfirmDialog({ title, children, safeLabel, dangerLabel, onSafe, onDanger, middle }: ConfirmDialogProps) {
  const id = useId()
  const ref = useRef<HTMLDivElement>(null)
  const safe = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    safe.current?.focus()
    return () => {
      if (before && document.contains(before)) before.focus()
    }
  }, [])

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      onSafe()
    } else if (e.key === 'Tab') {
      const items = ref.current?.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')
      if (!items || items.length === 0) return
      const first = items[0]!
      const last = items[items.length - 1]!
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault()
        first.focus()
      }
    }
  }

  return (
    <div className="overlay">
      <div
        ref={ref}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-t`} className="dialog-title">
          {title}
        </h2>
        <div id={`${id}-d`} className="dialog-body">
          {children}
        </div>
        <div className="dialog-buttons">
          <button ref={safe} type="button" className="btn" onClick={onSafe} autoFocus>
            {safeLabel}
          </button>
          {middle && (
            <button type="button" className="btn" onClick={middle.onClick}>
              {middle.label}
            </button>
          )}
          <button type="button" className="btn btn-danger" onClick={onDanger}>
            {dangerLabel}
          </button>
        </div>
      </div>
    </div>
  )
}
