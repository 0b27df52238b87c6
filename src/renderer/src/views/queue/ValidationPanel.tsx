// The check of one file (`#/queue/:jobId`): verdict, problems grouped per rule with snippets, stats, histogram, decision.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Finding, ValidationReport } from '../../../../shared/validation'
import { can } from '../../../../shared/lifecycle'
import type { TextKey } from '../../../../shared/locale'
import { Icon } from '../../components/Icon'
import { useActions, useFerry, useT } from '../../context'
import { providerName, purposeName } from '../../../../shared/messages'
import { errorTotal, findingText, groupFindings, groupWhere, problemLines, snippetPieces, warningTotal, type FindingGroup } from '../../lib/validation'
import { offersUploadAnyway } from '../../store/job-moves'
import { Histogram } from './Histogram'

const PREVIEW = 3
const SHOW_ALL_MAX = 1000

export function ValidationPanel({ jobId, onClose }: { jobId: string; onClose(): void }) {
  const tr = useT()
  const { t } = tr
  const actions = useActions()
  const job = useFerry((s) => s.jobs[jobId])
  const [report, setReport] = useState<ValidationReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [all, setAll] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const titleId = useId()

  const checking = !job || job.state === 'queued' || job.state === 'validating'
  const checkKey = job ? `${job.state}|${job.purpose}|${job.check?.errors}|${job.check?.warnings}` : ''

  useEffect(() => {
    heading.current?.focus()
  }, [jobId])

  useEffect(() => {
    if (!job || checking) return
    let live = true
    void (async () => {
      const r = await actions.validationReport(jobId, all)
      if (!live) return
      if (r.ok) {
        setReport(r.value)
        setError(null)
      } else setError([r.error.message, r.error.hint].filter(Boolean).join(' '))
    })()
    return () => {
      live = false
    }
  }, [jobId, checkKey, all])

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault()
      e.stopPropagation()
      onClose()
    }
  }

  if (!job) {
    return (
      <aside className="panel" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <div className="panel-head">
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {t('panel.notFound')}
          </h2>
          <CloseButton onClose={onClose} />
        </div>
      </aside>
    )
  }

  const provider = providerName(tr, job.provider)
  const groups = report ? groupFindings(report, tr.lang) : []
  const errors = report ? errorTotal(report) : 0
  // Problems on lines make "n lines have problems"; a file-level error alone (too large, …) is told in its own words.
  const lineErrors = report ? problemLines(report) : 0
  const fileError = report?.errors.find((f) => f.line === null)
  const warnings = report ? warningTotal(report) : 0
  const hasErrors = report ? !report.valid || errors > 0 : job.state === 'needs-fixing'
  const wrongPurpose = report?.errors.find((f) => f.code === 'E_WRONG_PURPOSE')
  const detected = wrongPurpose ? String(wrongPurpose.params.detected ?? job.check?.detectedPurpose ?? '') : ''
  // "Check again" and a new purpose both check the file again: only where the table allows a check.
  const mayCheck = can(job.state, 'check')

  let verdict: { text: string; tone: string; icon: 'check' | 'triangle' | 'x' }
  if (checking) verdict = { text: t('panel.checking'), tone: 'active', icon: 'check' }
  else if (!report) verdict = { text: error ?? t('panel.loading'), tone: error ? 'danger' : 'neutral', icon: 'check' }
  else if (report.fatal && report.errors[0]) verdict = { text: findingText(report.errors[0], tr.lang).message, tone: 'danger', icon: 'x' }
  else if (hasErrors && lineErrors === 0 && fileError) verdict = { text: findingText(fileError, tr.lang).message, tone: 'danger', icon: 'x' }
  else if (hasErrors) verdict = { text: tr.tp('verdict.errors', lineErrors || errors, { provider }), tone: 'danger', icon: 'x' }
  else if (warnings > 0) verdict = { text: tr.tp('verdict.warnings', warnings), tone: 'attention', icon: 'triangle' }
  else verdict = { text: t('verdict.ready', { provider }), tone: 'success', icon: 'check' }

  return (
    <aside className="panel" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <div className="panel-head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {t('panel.title', { name: job.file.name, purpose: purposeName(tr, job.purpose), provider })}
        </h2>
        <CloseButton onClose={onClose} />
      </div>
      <div className="panel-body">
        <p className={`verdict tone-${verdict.tone}`} role="status">
          <Icon name={verdict.icon} />
          <span>{verdict.text}</span>
        </p>

        {report && (
          <div className="groups">
            {groups.map((g, i) => (
              <Group
                key={g.code}
                group={g}
                initiallyOpen={i === 0 && g.severity === 'error'}
                showAll={all}
                onShowAll={() => setAll(true)}
                truncated={report.truncated}
              />
            ))}
          </div>
        )}

        {wrongPurpose && detected && mayCheck && (
          <p>
            <button type="button" className="btn btn-primary" onClick={() => void actions.setPurpose(job.id, detected)}>
              {t('decision.changeTo', { detected: purposeName(tr, detected) })}
            </button>
          </p>
        )}

        {report && <Stats report={report} />}

        {!checking && (
          <div className="decision">
            {hasErrors && <p className="decision-text">{t('decision.fix')}</p>}
            <div className="decision-buttons">
              {!hasErrors && offersUploadAnyway(job) && (
                <button type="button" className="btn btn-primary" onClick={() => void actions.startJobs([job.id])}>
                  {t('uploadAnyway')}
                </button>
              )}
              {mayCheck && (
                <button type="button" className="btn" onClick={() => void actions.recheck([job.id])}>
                  {t('action.checkAgain')}
                </button>
              )}
            </div>
          </div>
        )}
      </div>
    </aside>
  )
}

function CloseButton({ onClose }: { onClose(): void }) {
  const { t } = useT()
  return (
    <button type="button" className="btn-icon" aria-label={t('action.close')} onClick={onClose}>
      <Icon name="close" />
    </button>
  )
}

function Group({
  group,
  initiallyOpen,
  showAll,
  onShowAll,
  truncated
}: {
  group: FindingGroup
  initiallyOpen: boolean
  showAll: boolean
  onShowAll(): void
  truncated: boolean
}) {
  const tr = useT()
  const { t } = tr
  const [open, setOpen] = useState(initiallyOpen)
  const [expanded, setExpanded] = useState(false)
  const bodyId = useId()
  const where = groupWhere(tr, group)
  const shown = expanded ? group.findings.slice(0, SHOW_ALL_MAX) : group.findings.slice(0, PREVIEW)
  const sevKey: TextKey = group.severity === 'error' ? 'group.error' : group.severity === 'warning' ? 'group.warning' : 'group.info'
  const tone = group.severity === 'error' ? 'danger' : group.severity === 'warning' ? 'attention' : 'neutral'
  const more = group.findings.length > PREVIEW || group.total > group.findings.length

  return (
    <section className={`group group-${group.severity}`}>
      <h3 className="group-title">
        <button type="button" className="group-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen((o) => !o)}>
          <Icon name="chevron" className={`chevron${open ? ' is-open' : ''}`} />
          <span className={`tone-${tone}`}>
            <Icon name={group.severity === 'error' ? 'x' : group.severity === 'warning' ? 'triangle' : 'info'} />
            <span className="visually-hidden">{t(sevKey)}: </span>
          </span>
          <span>{t('group.header', { where, message: group.message })}</span>
        </button>
      </h3>
      <div id={bodyId} hidden={!open} className="group-body">
        {/* What to do first; a second line (a command or a function name) is for developers, set smaller. */}
        {group.hint.split('\n').map((line, i) => (
          <p key={i} className={i === 0 ? 'hint' : 'hint small'}>
            {line}
          </p>
        ))}
        {shown.length > 0 && group.lines.length > 0 && (
          <ul className="findings" aria-label={t('group.listed')}>
            {shown.map((f, i) => (
              <FindingItem key={`${f.line}-${i}`} finding={f} />
            ))}
          </ul>
        )}
        {group.lines.length === 0 && shown.some((f) => f.snippet) && (
          <ul className="findings">
            {shown.map((f, i) => (
              <FindingItem key={i} finding={f} />
            ))}
          </ul>
        )}
        {more && !expanded && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => {
              setExpanded(true)
              if (truncated && !showAll) onShowAll()
            }}
          >
            {t('group.showAll')}
          </button>
        )}
        {expanded && group.findings.length > PREVIEW && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setExpanded(false)}>
            {t('group.showFewer')}
          </button>
        )}
      </div>
    </section>
  )
}

function FindingItem({ finding }: { finding: Finding }) {
  const { t, lang } = useT()
  const pieces = finding.snippet ? snippetPieces(finding.snippet) : null
  return (
    <li className="finding">
      {finding.line !== null && <span className="finding-line">{t('snippet.line', { n: String(finding.line) })}</span>}
      {pieces ? (
        <code className="snippet">
          {pieces.before}
          {pieces.mark && <mark>{pieces.mark}</mark>}
          {pieces.after}
        </code>
      ) : (
        <span className="finding-message">{findingText(finding, lang).message}</span>
      )}
    </li>
  )
}

function Stats({ report }: { report: ValidationReport }) {
  const tr = useT()
  const { t } = tr
  const d = report.detected
  const s = report.stats
  const tokens = s.tokens
  const isBatch = d.purpose === 'batch' || d.format === 'batch'
  const compact = new Intl.NumberFormat(tr.lang === 'ru' ? 'ru-RU' : 'en-US', { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 })
  const rows: [string, string][] = [
    [t('stats.format'), d.format ? t(`format.${d.format}` as TextKey) : t('format.unknown')],
    [isBatch ? t('stats.requests') : t('stats.examples'), tr.num(s.examples)]
  ]
  if (isBatch && d.model) rows.push([t('stats.model'), d.model])
  if (tokens) {
    // Counted tokens are shown as counted (as `ferry validate` says "exact"); only an estimate is "about".
    if (tokens.method === 'exact') rows.push([t('stats.tokensCounted'), tr.num(tokens.total)])
    else rows.push([t('stats.tokens'), t('stats.tokensValue', { n: compact.format(tokens.total) })])
    rows.push([
      t('stats.longest'),
      tokens.maxLine !== null ? tr.tp('stats.longestValue', tokens.max, { line: String(tokens.maxLine) }) : tr.tp('stats.longestValueNoLine', tokens.max)
    ])
  }
  return (
    <section className="stats" aria-label={t('stats.title')}>
      <dl className="stats-list">
        {rows.map(([k, v]) => (
          <div key={k} className="stat">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {tokens && tokens.histogram.length > 0 && <Histogram bins={tokens.histogram} limit={tokens.limit} />}
    </section>
  )
}
