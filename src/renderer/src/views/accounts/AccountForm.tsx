// The add/edit account form: provider first, the fields that provider needs, the key (masked), keyring choice, Test connection.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import type { AccountView } from '../../../../shared/api'
import type { TextKey } from '../../../../shared/locale'
import { Icon } from '../../components/Icon'
import { useActions, useFerry, useT } from '../../context'
import {
  FORM_PROVIDERS,
  fieldsFor,
  hostOf,
  initialValues,
  keyTarget,
  saveError,
  testMessage,
  toInput,
  validateForm,
  type AccountFormValues,
  type FieldName,
  type FormProvider
} from '../../lib/account-form'
import { ACCOUNT_KEY_FIELD_ID } from '../../lib/dom-ids'
import { providerName } from '../../../../shared/messages'

export function KeyringWarning({ children }: { children?: ReactNode }) {
  const { t } = useT()
  return (
    <div className="banner tone-bg-attention" role="alert">
      <Icon name="triangle" />
      <div>
        <p>
          <strong>{t('err.keyring.title')}</strong> {t('err.keyring.body')}
        </p>
        {children}
      </div>
    </div>
  )
}

export function AccountForm({
  account,
  initialProvider,
  focusKey,
  onDone
}: {
  account: AccountView | undefined
  initialProvider: string | null
  focusKey: boolean
  onDone(): void
}) {
  const tr = useT()
  const { t } = tr
  const actions = useActions()
  const secure = useFerry((s) => s.secureKeyStorage)
  const editing = account !== undefined
  const [v, setV] = useState<AccountFormValues>(() => {
    const init = initialValues(account, initialProvider, secure)
    return focusKey ? { ...init, replaceKey: true } : init
  })
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({})
  const [showKey, setShowKey] = useState(false)
  const [busy, setBusy] = useState(false)
  const [test, setTest] = useState<{ text: string; ok: boolean } | null>(null)
  const [savedId, setSavedId] = useState<string | null>(account?.id ?? null)
  /** Where the saved key goes; a different address needs the key again (the host refuses it without one). */
  const [savedTarget, setSavedTarget] = useState<string | null>(account ? keyTarget(account.provider, account.baseUrl ?? '') : null)
  const keyRef = useRef<HTMLInputElement>(null)
  const nameRef = useRef<HTMLInputElement>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const id = useId()
  const f = fieldsFor(v.provider)
  const hostChanged = savedTarget !== null && keyTarget(v.provider, v.baseUrl) !== savedTarget
  const replacing = v.replaceKey || hostChanged

  useEffect(() => {
    if (focusKey) keyRef.current?.focus()
    else if (!editing) formRef.current?.querySelector<HTMLElement>('select, input')?.focus()
    else nameRef.current?.focus()
  }, [focusKey, editing])

  // The key stays in the input element only (uncontrolled): never in React state, never in a DOM attribute.
  const withKey = (): AccountFormValues => ({ ...v, replaceKey: replacing, key: keyRef.current?.value ?? '' })

  const set = <K extends keyof AccountFormValues>(k: K, value: AccountFormValues[K]) => setV((s) => ({ ...s, [k]: value }))

  const check = (): boolean => {
    // Once saved (Test connection saves a new account first), the key is at the host: Save needs no key again.
    const errs = validateForm(tr, withKey(), savedId !== null)
    setErrors(errs)
    const first = (['name', 'key', 'folderId', 'baseUrl'] as FieldName[]).find((k) => errs[k])
    if (first) document.getElementById(`${id}-${first}`)?.focus()
    return !first
  }

  /** Saves (add or update) and returns the account id, or null. */
  const save = async (): Promise<string | null> => {
    if (!check()) return null
    setBusy(true)
    const existing = savedId
    const input = toInput(withKey(), existing !== null)
    const r = existing ? await actions.updateAccount(existing, input) : await actions.addAccount(input)
    setBusy(false)
    if (!r.ok) {
      setTest({ text: saveError(tr, r.error), ok: false })
      return null
    }
    // The key has gone to the host; it is not kept here.
    if (keyRef.current) keyRef.current.value = ''
    setV((s) => ({ ...s, key: '', replaceKey: false }))
    setSavedId(r.value.id)
    setSavedTarget(keyTarget(v.provider, v.baseUrl))
    return r.value.id
  }

  const onSubmit = async () => {
    const saved = await save()
    if (saved) {
      actions.toast(t('accounts.saved'))
      onDone()
    }
  }

  const onTest = async () => {
    setTest(null)
    const saved = replacing || !savedId ? await save() : savedId
    if (!saved) return
    setBusy(true)
    const r = await actions.testAccount(saved)
    setBusy(false)
    const host = hostOf({ provider: v.provider, baseUrl: v.baseUrl.trim() || undefined })
    setTest(testMessage(tr, r.ok ? { ok: true, files: r.value.files } : { ok: false, error: r.error }, host))
  }

  const paste = async () => {
    try {
      const text = await navigator.clipboard.readText()
      if (text && keyRef.current) keyRef.current.value = text.trim()
    } catch {
      keyRef.current?.focus()
    }
  }

  const err = (k: FieldName) =>
    errors[k] ? (
      <span id={`${id}-${k}-err`} className="field-error tone-danger">
        {errors[k]}
      </span>
    ) : null
  const described = (k: FieldName, hint?: string) => [errors[k] ? `${id}-${k}-err` : '', hint ?? ''].filter(Boolean).join(' ') || undefined
  const req = <span className="required"> {t('form.required')}</span>

  return (
    <form
      ref={formRef}
      className="account-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void onSubmit()
      }}
    >
      <h2 id={`${id}-title`}>{editing ? t('form.editTitle', { name: account.name }) : t('form.addTitle')}</h2>

      <div className="field">
        <label htmlFor={`${id}-provider`}>{t('form.provider')}</label>
        <select id={`${id}-provider`} value={v.provider} disabled={editing} onChange={(e) => set('provider', e.target.value as FormProvider)}>
          {FORM_PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {providerName(tr, p)}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor={`${id}-name`}>
          {t('form.name')}
          {req}
        </label>
        <input
          ref={nameRef}
          id={`${id}-name`}
          type="text"
          value={v.name}
          required
          aria-required="true"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described('name')}
          onChange={(e) => set('name', e.target.value)}
        />
        {err('name')}
      </div>

      <div className="field">
        {editing && !replacing && account.maskedKey ? (
          <>
            <span className="label">{t('form.key')}</span>
            <p className="saved-key">
              <span>{t('form.savedKey', { last4: account.maskedKey.replace(/^•+/, '') })}</span>{' '}
              <button
                type="button"
                className="btn btn-small"
                onClick={() => {
                  set('replaceKey', true)
                  setTimeout(() => keyRef.current?.focus(), 0)
                }}
              >
                {t('form.replaceKey')}
              </button>
            </p>
          </>
        ) : (
          <>
            <label htmlFor={ACCOUNT_KEY_FIELD_ID}>
              {t('form.key')}
              {req}
            </label>
            <div className="key-row">
              <input
                ref={keyRef}
                id={ACCOUNT_KEY_FIELD_ID}
                type={showKey ? 'text' : 'password'}
                defaultValue=""
                required
                aria-required="true"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={errors.key ? true : undefined}
                aria-describedby={described('key', hostChanged ? `${id}-key-host` : undefined)}
              />
              <button type="button" className="btn btn-small" onClick={() => void paste()}>
                {t('form.paste')}
              </button>
              <button type="button" className="btn btn-small" aria-pressed={showKey} onClick={() => setShowKey((s) => !s)}>
                {showKey ? t('form.hide') : t('form.show')}
              </button>
            </div>
            {hostChanged && (
              <span id={`${id}-key-host`} className="help">
                {t('form.keyForNewHost')}
              </span>
            )}
            {err('key')}
          </>
        )}
      </div>

      {!secure && (editing ? replacing : true) && (
        <KeyringWarning>
          <fieldset className="radio-group">
            <legend>{t('keyring.choice')}</legend>
            <label>
              <input type="radio" name={`${id}-keep`} checked={v.sessionOnlyKey} onChange={() => set('sessionOnlyKey', true)} />{' '}
              {t('keyring.session')}
            </label>
            <label>
              <input type="radio" name={`${id}-keep`} checked={!v.sessionOnlyKey} onChange={() => set('sessionOnlyKey', false)} /> {t('keyring.save')}
            </label>
          </fieldset>
        </KeyringWarning>
      )}

      {f.folder && (
        <div className="field">
          <label htmlFor={`${id}-folderId`}>
            {t('form.folder')}
            {req}
          </label>
          <input
            id={`${id}-folderId`}
            type="text"
            value={v.folderId}
            required
            aria-required="true"
            aria-invalid={errors.folderId ? true : undefined}
            aria-describedby={described('folderId', `${id}-folder-hint`)}
            onChange={(e) => set('folderId', e.target.value)}
          />
          <span id={`${id}-folder-hint`} className="help">
            {t('form.folderHint')}
          </span>
          {err('folderId')}
        </div>
      )}

      {f.baseUrlRequired && <BaseUrlField id={id} v={v} set={set} label={f.baseUrlLabel} required errors={errors} err={err} described={described} />}
      {v.provider === 'azure' && <p className="help">{t('form.azureNote')}</p>}

      {f.keyHeader && (
        <div className="field">
          <label htmlFor={`${id}-scheme`}>{t('form.keyHeader')}</label>
          <select id={`${id}-scheme`} value={v.authScheme} onChange={(e) => set('authScheme', e.target.value as AccountFormValues['authScheme'])}>
            <option value="bearer">{t('form.header.bearer')}</option>
            <option value="api-key-header">{t('form.header.apiKeyHeader')}</option>
            <option value="api-key">{t('form.header.apiKey')}</option>
          </select>
        </div>
      )}
      {f.uploads && (
        <div className="field checkbox">
          <label>
            <input type="checkbox" checked={v.supportsUploads} onChange={(e) => set('supportsUploads', e.target.checked)} /> {t('form.largeUploads')}
          </label>
        </div>
      )}

      {f.org && (
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-org`}>{t('form.org')}</label>
            <input id={`${id}-org`} type="text" value={v.organization} onChange={(e) => set('organization', e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-project`}>{t('form.project')}</label>
            <input id={`${id}-project`} type="text" value={v.project} onChange={(e) => set('project', e.target.value)} />
          </div>
        </div>
      )}

      {!f.baseUrlRequired && (
        <details className="advanced" open={!!errors.baseUrl || undefined}>
          <summary>{t('form.advanced')}</summary>
          <BaseUrlField id={id} v={v} set={set} label="form.baseUrl" required={false} errors={errors} err={err} described={described} />
        </details>
      )}

      {test && (
        <p className={`test-result tone-${test.ok ? 'success' : 'danger'}`} role="status">
          <Icon name={test.ok ? 'check' : 'alert'} /> {test.text}
        </p>
      )}

      <div className="form-buttons">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('form.save')}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void onTest()}>
          {busy ? t('form.testing') : t('form.test')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  )
}

function BaseUrlField(props: {
  id: string
  v: AccountFormValues
  set<K extends keyof AccountFormValues>(k: K, value: AccountFormValues[K]): void
  label: TextKey
  required: boolean
  errors: Partial<Record<FieldName, string>>
  err(k: FieldName): ReactNode
  described(k: FieldName): string | undefined
}) {
  const { t } = useT()
  const { id, v, set, label, required, errors, err, described } = props
  return (
    <div className="field">
      <label htmlFor={`${id}-baseUrl`}>
        {t(label)}
        {required && <span className="required"> {t('form.required')}</span>}
      </label>
      <input
        id={`${id}-baseUrl`}
        type="url"
        value={v.baseUrl}
        required={required}
        aria-required={required || undefined}
        placeholder="https://"
        aria-invalid={errors.baseUrl ? true : undefined}
        aria-describedby={described('baseUrl')}
        onChange={(e) => set('baseUrl', e.target.value)}
      />
      {err('baseUrl')}
    </div>
  )
}
