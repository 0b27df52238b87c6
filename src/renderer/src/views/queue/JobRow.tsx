// One queue row: name, size, account chip, purpose, state (icon + word + colour), actions, then the bar or the message.
import { memo, type CSSProperties } from 'react'
import type { JobView } from '../../../../shared/api'
import type { JobAction } from '../../../../shared/jobs'
import { can } from '../../../../shared/lifecycle'
import type { TextKey, Translator } from '../../../../shared/locale'
import { Chip, ProgressBar, StatusBadge } from '../../components/bits'
import { Icon } from '../../components/Icon'
import { useFerry, useT } from '../../context'
import { jobMessage, providerName, purposeName } from '../../../../shared/messages'
import { progressText } from '../../lib/progress-text'
import { jobActions } from '../../store/job-moves'
import { isResumableProvider, jobStatus, progressView, retrySecondsLeft, type ProgressView } from '../../store/selectors'
import type { JobTimes } from '../../store/state'

export const ROW_HEIGHT = 92
import { PURPOSES } from '../../../../shared/purposes'
const RESUME_NOTE_MS = 15_000
const FINISHING_SLOW_MS = 120_000

const ACTION_LABEL: Record<JobAction, TextKey> = {
  pause: 'action.pause',
  resume: 'action.resume',
  cancel: 'action.cancel',
  retry: 'action.retry',
  retryNow: 'action.retryNow',
  remove: 'action.remove',
  uploadAnyway: 'uploadAnyway',
  review: 'action.review',
  showProblems: 'action.showProblems',
  checkAgain: 'action.checkAgain',
  start: 'action.start',
  copyId: 'copyId',
  showInFiles: 'action.showInFiles',
  uploadAgain: 'action.uploadAgain',
  fixKey: 'action.fixKey',
  startOver: 'action.startOver'
}

const PRIMARY: ReadonlySet<JobAction> = new Set(['uploadAnyway', 'fixKey', 'copyId', 'start'])

export interface JobRowProps {
  id: string
  index: number
  style: CSSProperties
  now: number
  active: boolean
  selected: boolean
  onAction(job: JobView, action: JobAction): void
  onToggle(id: string): void
  onPurpose(id: string, purpose: string): void
  onFocusRow(index: number): void
}

export const JobRow = memo(function JobRow(props: JobRowProps) {
  const { id, index, style, now, active, selected, onAction, onToggle, onPurpose, onFocusRow } = props
  const tr = useT()
  const { t } = tr
  const job = useFerry((s) => s.jobs[id])
  const progress = useFerry((s) => s.progress[id])
  const times = useFerry((s) => s.times[id])
  const autoStart = useFerry((s) => s.settings.autoStart)
  if (!job) return null

  const status = jobStatus(job, times, now)
  const pv = progressView(job, progress, now)
  const actions = jobActions(job, autoStart)
  const nameId = `job-${id}-name`
  const tab = active ? 0 : -1
  // A new purpose means checking the file again: possible only where the table allows a check.
  const purposeLocked = !can(job.state, 'check')

  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-index={index}
      data-job-id={id}
      tabIndex={tab}
      className={`job-row${selected ? ' is-selected' : ''}`}
      style={style}
      onFocus={() => {
        if (!active) onFocusRow(index)
      }}
    >
      <div role="gridcell" className="cell-select">
        <input type="checkbox" tabIndex={tab} checked={selected} aria-label={t('row.select', { name: job.file.name })} onChange={() => onToggle(id)} />
      </div>
      <div role="gridcell" className="cell-name" id={nameId} title={job.file.path}>
        <span className="file-name">{job.file.name}</span>
      </div>
      <div role="gridcell" className="cell-size" title={tr.tp('row.bytes', job.file.size)}>
        {tr.bytes(job.file.size)}
      </div>
      <div role="gridcell" className="cell-account" title={providerName(tr, job.provider)}>
        <AccountChip accountId={job.accountId} />
        <span className="account-name">{job.accountName}</span>
      </div>
      <div role="gridcell" className="cell-purpose">
        <select
          tabIndex={tab}
          value={job.purpose}
          disabled={purposeLocked}
          aria-label={t('row.purpose', { name: job.file.name })}
          onChange={(e) => onPurpose(id, e.target.value)}
        >
          {(PURPOSES as readonly string[]).includes(job.purpose) ? null : <option value={job.purpose}>{job.purpose}</option>}
          {PURPOSES.map((p) => (
            <option key={p} value={p}>
              {purposeName(tr, p)}
            </option>
          ))}
        </select>
      </div>
      <div role="gridcell" className="cell-state">
        <StatusBadge status={status} />
      </div>
      <div role="gridcell" className="cell-actions">
        {job.state === 'finishing' && <span className="muted small">{t('job.cantStop')}</span>}
        {actions.map((a) =>
          a === 'remove' ? (
            // Remove is the least used: an icon with its name for screen readers and a tooltip, to leave room for the rest.
            <button
              key={a}
              type="button"
              tabIndex={tab}
              className="btn btn-small btn-icon-small"
              aria-label={t(ACTION_LABEL[a])}
              aria-describedby={nameId}
              title={t(ACTION_LABEL[a])}
              onClick={() => onAction(job, a)}
            >
              <Icon name="trash" />
            </button>
          ) : (
            <button
              key={a}
              type="button"
              tabIndex={tab}
              className={`btn btn-small${PRIMARY.has(a) ? ' btn-primary' : ''}`}
              aria-describedby={nameId}
              title={a === 'pause' && !isResumableProvider(job.provider) ? t('job.pauseRestarts', { provider: providerName(tr, job.provider) }) : undefined}
              onClick={() => onAction(job, a)}
            >
              {t(ACTION_LABEL[a])}
            </button>
          )
        )}
      </div>
      <div role="gridcell" className="cell-detail">
        <Detail tr={tr} job={job} times={times} now={now} pv={pv} />
      </div>
    </div>
  )
})

function AccountChip({ accountId }: { accountId: string }) {
  const chip = useFerry((s) => s.accounts.find((a) => a.id === accountId)?.chip)
  return <Chip chip={chip} />
}

interface Note {
  text: string
  tone?: string
  strong?: string
  title?: string
}

function Detail({ tr, job, times, now, pv }: { tr: Translator; job: JobView; times: JobTimes | undefined; now: number; pv: ProgressView | null }) {
  const { t } = tr
  const provider = providerName(tr, job.provider)
  const notes: Note[] = []

  const resumed = job.resumedFrom ?? 0
  if (pv && resumed > 0 && job.state !== 'finishing' && (times?.resumedAt === undefined || now - times.resumedAt < RESUME_NOTE_MS)) {
    notes.push({ text: t('job.resumed', { x: tr.bytes(resumed), y: tr.bytes(job.file.size) }) })
  }
  if (pv && job.restarted && !isResumableProvider(job.provider)) notes.push({ text: t('job.restartedFromStart', { provider }) })

  const msg = jobMessage(tr, job, job.state === 'retrying' ? retrySecondsLeft(job, times, now) : null)
  if (msg) notes.push({ strong: msg.title, text: msg.body, tone: msg.tone, title: msg.details })

  let bar = null
  if (pv) {
    if (job.state === 'finishing') {
      const slow = times?.finishingSince !== undefined && now - times.finishingSince >= FINISHING_SLOW_MS
      const text = t('job.finishing')
      bar = (
        <>
          <ProgressBar value={100} busy valuetext={text} label={job.file.name} />
          <span className="detail-text">{slow ? `${text}. ${t('job.finishingSlow')}` : text}</span>
        </>
      )
    } else if (pv.preparing) {
      const text = t('job.preparing', { provider })
      bar = (
        <>
          <ProgressBar value={0} valuetext={text} label={job.file.name} />
          <span className="detail-text">{text}</span>
        </>
      )
    } else {
      const pt = progressText(tr, pv)
      bar = (
        <>
          <ProgressBar value={pv.percent} valuetext={pt.valuetext} label={job.file.name} />
          <span className="detail-text">{pv.stalled ? [pt.parts[0], t('job.stalled')].join(' · ') : pt.parts.join(' · ')}</span>
        </>
      )
    }
  } else if (job.state === 'completed') {
    const d = times?.uploadStartedAt !== undefined && times.completedAt !== undefined ? (times.completedAt - times.uploadStartedAt) / 1000 : null
    const size = tr.bytes(job.file.size)
    notes.unshift({ tone: 'success', text: d !== null ? t('job.doneIn', { size, duration: tr.duration(d) }) : t('job.done', { size }) })
    if (job.remoteId) notes.push({ text: t('job.remoteId', { id: job.remoteId }) })
  } else if (job.state === 'has-warnings' && job.check) {
    notes.push({ text: tr.tp('verdict.warnings', job.check.warnings), tone: 'attention' })
  } else if (job.state === 'ready') {
    notes.push({ text: t('job.checkedOk', { provider }) })
  }

  return (
    <div className="detail">
      {bar && <div className="detail-bar">{bar}</div>}
      {notes.length > 0 && (
        <div className="detail-notes">
          {notes.map((n, i) => (
            <span key={i} className={`note${n.tone ? ` tone-${n.tone}` : ''}`} title={n.title}>
              {n.strong && <strong>{n.strong} </strong>}
              {n.text}
            </span>
          ))}
        </div>
      )}
    </div>
  )
}
