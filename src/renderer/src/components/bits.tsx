// Small shared pieces: account chip, state badge, progress bar, visually hidden text.
import type { ReactNode } from 'react'
import type { AccountView } from '../../../shared/api'
import type { StatusView } from '../store/selectors'
import { useT } from '../context'
import { Icon } from './Icon'

export function Chip({ chip }: { chip: AccountView['chip'] | undefined }) {
  const color = chip ? ((chip.color % 8) + 8) % 8 : 7
  return (
    <span className={`chip chip-c${color}`} aria-hidden="true">
      {chip?.initials ?? '?'}
    </span>
  )
}

export function StatusBadge({ status }: { status: StatusView }) {
  const { t } = useT()
  return (
    <span className={`status tone-${status.tone}`}>
      <Icon name={status.icon} />
      <span className="status-word">{t(status.key, status.params)}</span>
    </span>
  )
}

export function ProgressBar({ value, valuetext, label, busy }: { value: number | null; valuetext: string; label: string; busy?: boolean }) {
  const pct = value === null ? null : Math.max(0, Math.min(100, Math.round(value)))
  return (
    <div
      className={`bar${pct === null ? ' bar-indeterminate' : ''}${busy ? ' bar-busy' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      aria-valuetext={valuetext}
    >
      <div className="bar-fill" style={{ width: `${pct ?? 100}%` }} />
    </div>
  )
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>
}
