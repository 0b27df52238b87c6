// `ferry validate <file...>`: checks JSONL files (or the .jsonl files in a folder) against a provider's rules. Exit 0
// valid, 1 invalid, 2 usage error.
import { InvalidArgumentError, Option, type Command } from 'commander'
import { asFerryError, FerryError } from '../../core/errors'
import { providerRefusal, withFileFinding } from '../../core/jobs/checks'
import { DEFAULT_BASE_URLS, limitsAdapter } from '../../core/providers'
import { PROVIDER_IDS, type ProviderAdapter, type ProviderId } from '../../core/providers/types'
import { fillFinding } from '../../shared/locale/fill'
import type { CliContext } from '../context'
import { expandFolders } from '../jsonl-files'
import { validateInWorker } from '../../core/validate/worker-client'
import type { Finding, PurposeChoice, ProfileId, TrainingMethod, ValidationReport } from '../../shared/validation'
import { CHECKED_PURPOSES } from '../../shared/purposes'

const PURPOSES: PurposeChoice[] = [...CHECKED_PURPOSES, 'auto']
const PROFILE_IDS: ProfileId[] = ['openai', 'together', 'mistral']
const METHODS: TrainingMethod[] = ['supervised', 'dpo', 'reinforcement']
const SHOWN_PER_GROUP = 5

interface ValidateFlags {
  purpose: PurposeChoice
  profile: ProfileId
  method?: TrainingMethod
  json?: boolean
  all?: boolean
  tokens: 'sample' | 'exact' | 'off'
  account?: string
  provider?: ProviderId
}

/**
 * Whose file rules (extension, size: what `ferry upload` checks before a byte goes) apply: --account's or --provider's,
 * else OpenAI's for the OpenAI profile; none for profiles Ferry does not upload to. Only limits, so no key is asked for.
 */
function fileRulesOf(flags: ValidateFlags, ctx: CliContext): ProviderAdapter | null {
  if (flags.account) {
    const account = ctx.accounts().find(flags.account)
    if (!account) throw new FerryError('account_not_found', `There is no account named "${flags.account}".`, { hint: 'See your accounts with: ferry accounts ls' })
    return limitsAdapter(account)
  }
  const provider = flags.provider ?? (flags.profile === 'openai' ? 'openai' : null)
  if (provider === null) return null
  // The rules do not depend on the address; one is needed only to make the adapter.
  const baseUrl = DEFAULT_BASE_URLS[provider] ?? 'http://127.0.0.1:9/v1'
  return limitsAdapter({ id: 'validate', name: provider, provider, baseUrl })
}

function oneOf<T extends string>(values: readonly T[], what: string): (v: string) => T {
  return (v: string): T => {
    if (!(values as readonly string[]).includes(v)) throw new InvalidArgumentError(`${what} must be one of: ${values.join(', ')}`)
    return v as T
  }
}

/** The one-line JSON form of a report (the `--json` contract). */
export function reportToJson(r: ValidationReport): string {
  const slim = (f: Finding): Pick<Finding, 'line' | 'code' | 'message' | 'hint' | 'params'> => ({
    line: f.line,
    code: f.code,
    message: f.message,
    hint: f.hint,
    params: f.params
  })
  return JSON.stringify({
    file: r.file,
    valid: r.valid,
    errors: r.errors.map(slim),
    warnings: r.warnings.map(slim),
    counts: r.counts,
    truncated: r.truncated,
    errorLines: r.errorLines ?? 0,
    detected: r.detected,
    stats: r.stats
  })
}

/** "1 example", "2 examples": the count with its English word form (Intl.PluralRules, as the finding texts). */
function count(n: number, one: string, other: string): string {
  return fillFinding(`{n} {n:${one}|${other}}`, { n: n.toLocaleString('en-US') })
}

/** A hint's lines: what to do, then (after a line break) a line for developers, each under the one before. */
function hintLines(hint: string): string[] {
  return hint.split('\n').map((line, i) => (i === 0 ? `    hint: ${line}` : `          ${line}`))
}

function lineLabel(lines: (number | null)[], total: number): string {
  if (lines[0] === null) return 'whole file'
  const shown = lines.slice(0, SHOWN_PER_GROUP).join(', ')
  return total > lines.length || lines.length > SHOWN_PER_GROUP ? `lines ${shown} and ${total - Math.min(lines.length, SHOWN_PER_GROUP)} more` : lines.length > 1 ? `lines ${shown}` : `line ${shown}`
}

/** Human output: a verdict, then findings grouped by code (errors first), `line N: message` and the hint. */
export function formatReport(r: ValidationReport, opts: { all?: boolean } = {}): string {
  const out: string[] = []
  const d = r.detected
  const shape = [d.purpose, d.format === d.purpose ? null : d.format, d.method].filter(Boolean).join(', ')
  const e = r.counts.filter((c) => c.severity === 'error').reduce((n, c) => n + c.total, 0)
  const w = r.counts.filter((c) => c.severity === 'warning').reduce((n, c) => n + c.total, 0)
  // Lines with problems, each once, as the app's row and panel say it; the errors are the findings listed below.
  const lines = r.errorLines ?? 0
  const problems = lines > 0 ? `${count(lines, 'line has', 'lines have')} problems (${count(e, 'error', 'errors')})` : count(e, 'error', 'errors')
  const verdict = r.valid ? (w > 0 ? `valid, ${count(w, 'warning', 'warnings')} to check` : 'valid') : `not valid: ${problems}${w ? `, ${count(w, 'warning', 'warnings')}` : ''}`
  out.push(`${r.file}: ${verdict}${shape ? ` (${shape}; ${d.profile})` : ''}`)
  for (const [label, list] of [
    ['error', r.errors],
    ['warning', r.warnings]
  ] as const) {
    const groups = new Map<string, Finding[]>()
    for (const f of list) {
      const g = groups.get(f.code)
      if (g) g.push(f)
      else groups.set(f.code, [f])
    }
    for (const [code, findings] of groups) {
      const total = r.counts.find((c) => c.code === code)?.total ?? findings.length
      out.push(`  ${label} ${code} (${total})`)
      const shown = opts.all ? findings : findings.slice(0, SHOWN_PER_GROUP)
      for (const f of shown) out.push(`    ${f.line === null ? 'file' : `line ${f.line}`}: ${f.message}`)
      if (total > shown.length) out.push(`    … and ${total - shown.length} more (${lineLabel(findings.map((f) => f.line), total)})`)
      const hint = findings[0]?.hint
      if (hint) out.push(...hintLines(hint))
    }
  }
  const s = r.stats
  if (s.tokens) {
    const t = s.tokens
    const how = t.method === 'exact' ? 'exact' : t.method === 'sampled' ? `estimated from ${count(t.exactExamples, 'counted example', 'counted examples')}` : 'estimated'
    const b = s.billableTrainingTokens
    const billable = b ? `; about ${count(b.total, 'billable training token', 'billable training tokens')} (${count(b.epochs, 'epoch', 'epochs')})` : ''
    const examples = d.purpose === 'batch' ? count(s.examples, 'request', 'requests') : count(s.examples, 'example', 'examples')
    out.push(`  ${examples}, ${count(t.total, 'token', 'tokens')} (${how}), longest ${t.max.toLocaleString('en-US')}${billable}`)
  } else out.push(`  ${count(s.examples, 'line', 'lines')}`)
  return out.join('\n') + '\n'
}

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('Check JSONL files against a provider’s rules before uploading')
    .argument('<file...>', 'JSONL files to check, or folders of them')
    .addOption(new Option('--purpose <purpose>', 'what the file is for').argParser(oneOf(PURPOSES, '--purpose')).default('auto'))
    .addOption(new Option('--profile <profile>', 'whose rules to apply').argParser(oneOf(PROFILE_IDS, '--profile')).default('openai'))
    .addOption(new Option('--method <method>', 'fine-tuning method (default: detect)').argParser(oneOf(METHODS, '--method')))
    .addOption(new Option('--tokens <mode>', 'token counting: sample, exact or off').argParser(oneOf(['sample', 'exact', 'off'] as const, '--tokens')).default('sample'))
    .option('--account <name>', 'check the file rules (type, size) of this saved account’s provider')
    .addOption(new Option('--provider <id>', 'check this provider’s file rules (default: openai)').argParser(oneOf(PROVIDER_IDS, '--provider')))
    .option('--json', 'print one JSON object per file per line')
    .option('--all', 'list every finding (no cap per code)')
    .action(async (files: string[], flags: ValidateFlags) => {
      const rules = fileRulesOf(flags, ctx)
      let exit = 0
      const progress = !flags.json && process.stderr.isTTY
      for (const file of await expandFolders(files)) {
        let report: ValidationReport
        try {
          report = await validateInWorker(file, {
            purpose: flags.purpose,
            profile: flags.profile,
            method: flags.method ?? null,
            all: flags.all === true,
            tokens: flags.tokens,
            onProgress: progress ? (n, total) => process.stderr.write(`\r${file}: ${Math.floor((n / Math.max(1, total)) * 100)}%`) : undefined
          })
        } catch (err) {
          const e = asFerryError(err)
          // A path that is not a readable file is a usage error; anything else is a failure.
          const usage = ['file_missing', 'not_a_file', 'file_unreadable'].includes(e.code)
          exit = Math.max(exit, usage ? 2 : 1)
          if (flags.json) process.stdout.write(JSON.stringify({ file, valid: false, error: e.toInfo() }) + '\n')
          else process.stderr.write(`${file}: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`)
          continue
        }
        if (progress) process.stderr.write('\r\x1b[K')
        if (rules) {
          // What `ferry upload` would refuse whatever the lines say, as the queue's check reports it: a whole-file error.
          const purpose = flags.purpose === 'auto' ? (report.detected.purpose ?? 'fine-tune') : flags.purpose
          const refusal = await providerRefusal(file, purpose, rules, undefined, report.stats.bytes)
          if (refusal) report = withFileFinding(report, refusal)
        }
        if (!report.valid) exit = Math.max(exit, 1)
        process.stdout.write(flags.json ? reportToJson(report) + '\n' : formatReport(report, { all: flags.all }))
      }
      process.exitCode = exit
    })
}
