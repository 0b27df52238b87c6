// `ferry validate <file...>`: checks JSONL files against a provider's rules. Exit 0 valid, 1 invalid, 2 usage error.
import { InvalidArgumentError, Option, type Command } from 'commander'
import { asFerryError } from '../../core/errors'
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
    detected: r.detected,
    stats: r.stats
  })
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
  const verdict = r.valid ? (w > 0 ? `valid, ${w} warning${w === 1 ? '' : 's'} to check` : 'valid') : `not valid: ${e} error${e === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}`
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
      if (hint) out.push(`    hint: ${hint}`)
    }
  }
  const s = r.stats
  if (s.tokens) {
    const t = s.tokens
    const how = t.method === 'exact' ? 'exact' : t.method === 'sampled' ? `estimated from ${t.exactExamples} counted examples` : 'estimated'
    const billable = s.billableTrainingTokens ? `; about ${s.billableTrainingTokens.total.toLocaleString('en-US')} billable training tokens (${s.billableTrainingTokens.epochs} epochs)` : ''
    out.push(`  ${s.examples.toLocaleString('en-US')} examples, ${t.total.toLocaleString('en-US')} tokens (${how}), longest ${t.max.toLocaleString('en-US')}${billable}`)
  } else out.push(`  ${s.examples.toLocaleString('en-US')} lines`)
  return out.join('\n') + '\n'
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check JSONL files against a provider’s rules before uploading')
    .argument('<file...>', 'JSONL files to check')
    .addOption(new Option('--purpose <purpose>', 'what the file is for').argParser(oneOf(PURPOSES, '--purpose')).default('auto'))
    .addOption(new Option('--profile <profile>', 'whose rules to apply').argParser(oneOf(PROFILE_IDS, '--profile')).default('openai'))
    .addOption(new Option('--method <method>', 'fine-tuning method (default: detect)').argParser(oneOf(METHODS, '--method')))
    .addOption(new Option('--tokens <mode>', 'token counting: sample, exact or off').argParser(oneOf(['sample', 'exact', 'off'] as const, '--tokens')).default('sample'))
    .option('--json', 'print one JSON object per file per line')
    .option('--all', 'list every finding (no cap per code)')
    .action(async (files: string[], flags: ValidateFlags) => {
      let exit = 0
      const progress = !flags.json && process.stderr.isTTY
      for (const file of files) {
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
        if (!report.valid) exit = Math.max(exit, 1)
        process.stdout.write(flags.json ? reportToJson(report) + '\n' : formatReport(report, { all: flags.all }))
      }
      process.exitCode = exit
    })
}
