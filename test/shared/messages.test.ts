import { describe, expect, it } from 'vitest'
import { createTranslator } from '../../src/shared/locale'
import { repairedNotice } from '../../src/host/messages'
import { describeError, jobMessage } from '../../src/shared/messages'
import { job } from '../renderer/fake-bridge'

const tr = createTranslator('en')
const ctx = { provider: 'openai' as const, account: 'Work', name: 'train.jsonl' }
const err = (code: string, message = 'engine words') => ({ code, message, hint: '' })

describe('§6 messages from error codes', () => {
  it('maps each code to its title and button', () => {
    expect(describeError(tr, err('auth_failed'), ctx)).toMatchObject({
      title: 'Key not accepted.',
      body: 'OpenAI refused "Work"\'s key (incomplete or revoked?). Paste a new one; uploads wait.',
      action: 'fixKey'
    })
    expect(describeError(tr, err('key_needed'), ctx)).toMatchObject({ title: 'Key needed.', action: 'fixKey' })
    expect(describeError(tr, err('quota_exceeded'), ctx)).toMatchObject({ title: 'Out of quota.', action: 'retry' })
    expect(describeError(tr, err('source_changed'), ctx)).toMatchObject({ title: 'File changed.', action: 'startOver' })
    expect(describeError(tr, err('file_too_large', 'The file is 9 GB; the limit is 8 GB.'), ctx)).toMatchObject({
      title: 'Too large for OpenAI.',
      body: 'The file is 9 GB; the limit is 8 GB.'
    })
    expect(describeError(tr, err('upload_expired'), ctx).title).toBe('Restarted.')
    expect(describeError(tr, err('link_expired'), ctx).title).toBe('New upload link.')
    expect(describeError(tr, err('network'), ctx).title).toBe('Waiting for network.')
    expect(describeError(tr, err('disk_full'), ctx).title).toBe('Not enough space.')
    expect(describeError(tr, err('store_repaired'), ctx).title).toBe('Upload list repaired.')
  })

  it("words the host's notices in the user's language, with the path the damaged file was moved to", () => {
    const ru = createTranslator('ru')
    const moved = '/home/u/.config/Ferry/settings.json.damaged-1'
    expect(describeError(ru, repairedNotice('settings', [moved]), ctx)).toMatchObject({
      title: 'Настройки сброшены.',
      body: `Файл настроек был повреждён и перенесён в ${moved}. Задайте настройки заново.`
    })
    for (const what of ['accounts', 'account-details', 'keys'] as const) {
      const m = describeError(ru, repairedNotice(what, [moved]), ctx)
      expect(m.body).toContain(moved)
      expect(m.title).toMatch(/[а-я]/)
    }
    expect(describeError(tr, { code: 'queue_busy', message: 'x', hint: '', params: { pid: '4242' } }, ctx).body).toBe(
      'Process 4242 is uploading the queue right now; this window shows it and takes over when it ends.'
    )
  })

  it("keeps an unknown code's own plain words rather than inventing some", () => {
    expect(describeError(tr, { code: 'weird', message: 'Something odd happened.', hint: 'Try again.' }, ctx)).toMatchObject({
      title: 'Something odd happened.',
      body: 'Try again.'
    })
  })

  it('says what a file that needs fixing has, for its provider', () => {
    const m = jobMessage(tr, job({ id: 'a', state: 'needs-fixing', provider: 'openai', check: { valid: false, errors: 46, warnings: 0 } }), null)
    expect(m?.body).toBe("46 lines have problems OpenAI won't accept. Fix the file, then check it again.")
  })

  it('tells why bytes go again after an expired session or link: "Restarted." / "New upload link."', () => {
    expect(jobMessage(tr, job({ id: 'a', state: 'uploading', provider: 'openai', renewal: 'session_expired' }), null)).toMatchObject({
      title: 'Restarted.',
      body: "OpenAI's upload window closed (an unfinished upload stays open 1 hour at OpenAI, 2 at Azure), so Ferry began a new one. Nothing to do."
    })
    expect(jobMessage(tr, job({ id: 'a', state: 'uploading', provider: 'netmind', renewal: 'link_expired' }), null)?.title).toBe('New upload link.')
  })

  it('says in either language why a file cannot fit the upload window, and that a completed upload is not listed yet', () => {
    const window = { code: 'upload_window_too_short', message: 'engine words', hint: '', params: { speed: '120 KB', needs: '2 h 10 min', window: '1 h' } }
    expect(describeError(tr, window, ctx)).toMatchObject({
      title: 'Too slow to finish in time.',
      body: 'At 120 KB/s, "train.jsonl" needs about 2 h 10 min, but OpenAI closes an unfinished upload after 1 h. Upload it over a faster connection, or split it into smaller files.'
    })
    expect(describeError(createTranslator('ru'), window, ctx).body).toMatch(/^На скорости 120 KB\/с файлу «train\.jsonl» нужно около 2 h 10 min/)
    expect(describeError(tr, err('completed_not_listed'), ctx)).toMatchObject({ title: 'Uploaded; not listed yet.', tone: 'attention' })
  })

  it('is silent for a healthy upload', () => {
    expect(jobMessage(tr, job({ id: 'a', state: 'uploading' }), null)).toBeNull()
  })
})
