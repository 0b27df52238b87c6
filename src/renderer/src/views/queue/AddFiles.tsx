// The drop zone's form: paths typed one a line (Enter adds), the account they go to, and the OS's file picker in the desktop app.
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { Icon } from '../../components/Icon'
import { useActions, useFerry, useT } from '../../context'
import { PATH_FIELD_ID } from '../../lib/dom-ids'

export function AddFiles({ dragging, accountFor, onTarget }: { dragging: boolean; accountFor: string | undefined; onTarget(id: string): void }) {
  const { t } = useT()
  const actions = useActions()
  const accounts = useFerry((s) => s.accounts)
  const nativeDialogs = useFerry((s) => s.nativeDialogs)
  const [text, setText] = useState('')

  const add = async (e?: FormEvent) => {
    e?.preventDefault()
    if (await actions.addPaths(text.split(/\r?\n/), accountFor)) setText('')
  }
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault()
      void add()
    }
  }

  return (
    <form className={`dropzone${dragging ? ' is-dragging' : ''}`} onSubmit={(e) => void add(e)}>
      <p className="dropzone-text">
        <Icon name="upload-cloud" />
        {dragging ? t('queue.dropActive') : t('queue.drop')}
      </p>
      <div className="add-row">
        <div className="field grow">
          <label htmlFor={PATH_FIELD_ID}>{t('queue.pathLabel')}</label>
          <textarea
            id={PATH_FIELD_ID}
            rows={1}
            value={text}
            placeholder={t('queue.pathPlaceholder')}
            aria-describedby="add-paths-help"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
          />
          <span id="add-paths-help" className="help">
            {t('queue.pathHelp')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="add-target">{t('queue.to')}</label>
          <select id="add-target" value={accountFor ?? ''} onChange={(e) => onTarget(e.target.value)}>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.provider === 'sandbox' ? t('switcher.sandbox') : a.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={`btn add-button${nativeDialogs ? '' : ' btn-primary'}`}>
          {t('queue.addByPath')}
        </button>
        {nativeDialogs && (
          <button type="button" className="btn btn-primary add-button" onClick={() => void actions.chooseFiles(accountFor)}>
            {t('queue.choose')}
          </button>
        )}
      </div>
    </form>
  )
}
