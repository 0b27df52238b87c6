// Before an upload: runs the validator on fine-tune, batch and evals files and refuses a file with errors (unless --force).
import { validateInWorker } from '../core/validate/worker-client'
import { PROVIDER_NAMES } from '../core/providers'
import type { ProviderId } from '../core/providers/types'
import type { ValidationPurpose } from '../shared/validation'
import { formatReport } from './commands/validate'
import type { Output } from './output'

const CHECKED_PURPOSES = new Set<string>(['fine-tune', 'batch', 'evals'])

/** True when the file may be uploaded. Files the provider would refuse are reported and skipped; --force sends them anyway. */
export async function checkContent(path: string, purpose: string, provider: ProviderId, force: boolean, out: Output): Promise<boolean> {
  if (!CHECKED_PURPOSES.has(purpose)) return true
  // OpenAI's rules also stand for NetMind, Yandex and the other OpenAI-compatible services (validation-rules.md).
  const report = await validateInWorker(path, { purpose: purpose as ValidationPurpose, profile: 'openai', method: null, all: false, tokens: 'off' })
  if (report.valid) return true
  const errors = report.counts.filter((c) => c.severity === 'error').reduce((n, c) => n + c.total, 0)
  const who = PROVIDER_NAMES[provider]
  if (force) {
    out.say(`${path}: ${errors} problem${errors === 1 ? '' : 's'} that ${who} may refuse; uploading anyway because of --force.`)
    return true
  }
  if (!out.json) process.stderr.write(formatReport(report))
  out.error(path, {
    code: 'invalid_content',
    message: `Not uploaded: the file has ${errors} problem${errors === 1 ? '' : 's'} that ${who} won’t accept.`,
    hint: `Fix the lines listed (ferry validate ${path} --purpose ${purpose} shows them all), or add --force to upload anyway.`
  })
  return false
}
