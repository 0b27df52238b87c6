// Settings: uploads at once, part size, speed limit, auto-start, default expiry per purpose, notifications, theme, language.
import { PURPOSES } from '../../../shared/purposes'
import { useEffect, useState } from 'react'
import type { Settings } from '../../../shared/api'
import { useActions, useFerry, useT } from '../context'
import { purposeName } from '../../../shared/messages'

const MiB = 1024 * 1024
// Vision files are kept until deleted: no expiry to choose.
const EXPIRY_PURPOSES = PURPOSES.filter((p) => p !== 'vision')
const EXPIRY_DAYS = [1, 3, 7, 14, 30] as const

/** A number field that commits a clamped whole value on blur or Enter, and shows the saved value otherwise. */
function NumberField({
  id,
  label,
  value,
  min,
  max,
  step = 1,
  help,
  allowEmpty,
  onCommit
}: {
  id: string
  label: string
  value: number | null
  min: number
  max: number
  step?: number
  help?: string
  allowEmpty?: boolean
  onCommit(v: number | null): void
}) {
  const [text, setText] = useState(value === null ? '' : String(value))
  useEffect(() => setText(value === null ? '' : String(value)), [value])
  const commit = () => {
    const trimmed = text.trim()
    if (trimmed === '' && allowEmpty) {
      if (value !== null) onCommit(null)
      return
    }
    const n = Number(trimmed.replace(',', '.'))
    if (!Number.isFinite(n)) return setText(value === null ? '' : String(value))
    const clamped = Math.min(max, Math.max(min, Math.round(n)))
    setText(String(clamped))
    if (clamped !== value) onCommit(clamped)
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={step}
        value={text}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {help && (
        <span id={`${id}-help`} className="help">
          {help}
        </span>
      )}
    </div>
  )
}

export function SettingsView() {
  const tr = useT()
  const { t } = tr
  const settings = useFerry((s) => s.settings)
  const actions = useActions()
  const update = (patch: Partial<Settings>) => void actions.updateSettings(patch)

  return (
    <div className="view settings-view">
      <h1>{t('settings.title')}</h1>

      <section className="settings-section" aria-labelledby="set-uploads">
        <h2 id="set-uploads">{t('settings.uploads')}</h2>
        <NumberField id="set-concurrency" label={t('settings.concurrency')} value={settings.concurrency} min={1} max={6} onCommit={(v) => update({ concurrency: v ?? 2 })} />
        <NumberField id="set-part" label={t('settings.partSize')} value={settings.partSizeMiB} min={8} max={64} step={8} onCommit={(v) => update({ partSizeMiB: v ?? 64 })} />
        <NumberField
          id="set-speed"
          label={t('settings.speedLimit')}
          value={settings.speedLimit === null ? null : Math.max(1, Math.round(settings.speedLimit / MiB))}
          min={1}
          max={10_000}
          allowEmpty
          help={t('settings.speedLimitHelp')}
          onCommit={(v) => update({ speedLimit: v === null ? null : v * MiB })}
        />
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={settings.autoStart} onChange={(e) => update({ autoStart: e.target.checked })} /> {t('settings.autoStart')}
          </label>
        </div>
      </section>

      <section className="settings-section" aria-labelledby="set-expiry">
        <h2 id="set-expiry">{t('settings.expiry')}</h2>
        <div className="field-grid">
          {EXPIRY_PURPOSES.map((p) => {
            const current = settings.expiry[p] ?? null
            const days = current === null ? '' : String(Math.round(current / 86_400))
            return (
              <div key={p} className="field">
                <label htmlFor={`set-exp-${p}`}>{purposeName(tr, p)}</label>
                <select
                  id={`set-exp-${p}`}
                  value={days}
                  onChange={(e) => update({ expiry: { ...settings.expiry, [p]: e.target.value === '' ? null : Number(e.target.value) * 86_400 } })}
                >
                  <option value="">{t('settings.expiryNever')}</option>
                  {days !== '' && !EXPIRY_DAYS.includes(Number(days) as (typeof EXPIRY_DAYS)[number]) && <option value={days}>{tr.tp('settings.expiryDays', Number(days))}</option>}
                  {EXPIRY_DAYS.map((d) => (
                    <option key={d} value={String(d)}>
                      {tr.tp('settings.expiryDays', d)}
                    </option>
                  ))}
                </select>
              </div>
            )
          })}
        </div>
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={settings.notifications} onChange={(e) => update({ notifications: e.target.checked })} /> {t('settings.notifications')}
          </label>
        </div>
      </section>

      <section className="settings-section" aria-labelledby="set-look">
        <h2 id="set-look">{t('settings.appearance')}</h2>
        <fieldset className="radio-group">
          <legend>{t('settings.theme')}</legend>
          {(['system', 'light', 'dark'] as const).map((th) => (
            <label key={th}>
              <input type="radio" name="theme" checked={settings.theme === th} onChange={() => update({ theme: th })} /> {t(`settings.theme.${th}`)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="set-lang">{t('settings.language')}</label>
          <select id="set-lang" value={settings.language} onChange={(e) => update({ language: e.target.value as Settings['language'] })}>
            <option value="en" lang="en">
              English
            </option>
            <option value="ru" lang="ru">
              Русский
            </option>
          </select>
        </div>
      </section>
    </div>
  )
}
