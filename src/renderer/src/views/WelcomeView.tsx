// First run: what Ferry does, the sandbox to try it safely, adding an account, and where each provider shows its key.
import { useActions, useFerry, useT } from '../context'
import { navigate, paths } from '../router'

export function WelcomeView() {
  const { t } = useT()
  const actions = useActions()
  const sandbox = useFerry((s) => s.accounts.find((a) => a.provider === 'sandbox'))

  const trySandbox = async (withSamples = false) => {
    if (sandbox) await actions.setActiveAccount(sandbox.id)
    if (withSamples) await actions.addSampleFiles()
    navigate(paths.queue())
  }

  const hints = [
    { provider: t('provider.openai'), text: t('hint.openai') },
    { provider: t('provider.netmind'), text: t('hint.netmind') },
    { provider: t('provider.yandex'), text: t('hint.yandex') },
    { provider: t('provider.compatible'), text: t('hint.other') }
  ]

  return (
    <div className="view welcome">
      <h1>{t('welcome.title')}</h1>
      <p className="lead">{t('welcome.lead')}</p>
      <div className="welcome-actions">
        <div className="welcome-choice">
          <button type="button" className="btn btn-primary btn-large" onClick={() => void trySandbox()}>
            {t('welcome.sandbox')}
          </button>
          <p className="muted">{t('welcome.sandboxNote')}</p>
          <button type="button" className="btn" onClick={() => void trySandbox(true)}>
            {t('welcome.samples')}
          </button>
        </div>
        <div className="welcome-choice">
          <button type="button" className="btn btn-large" onClick={() => navigate(paths.newAccount())}>
            {t('welcome.addAccount')}
          </button>
        </div>
      </div>
      <p>{t('welcome.keyExplain')}</p>
      <h2>{t('welcome.whereTitle')}</h2>
      <dl className="key-hints">
        {hints.map((h) => (
          <div key={h.provider} className="key-hint">
            <dt>{h.provider}</dt>
            <dd>{h.text}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
