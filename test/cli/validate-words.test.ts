// Issue 9 items 13, 14, 16, 17, 18 through the built CLI (a real process, the validator in its worker): counts take their
// word forms, one figure for each count, hints a person can follow before the developer's line, `validate` refuses what
// `upload` would refuse, and sentences that begin with a provider's name begin with a capital.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultEpochs } from '../../src/core/validate/tokens'
import { sparseFile, tempDir } from '../helpers'
import { chatLines } from '../core/validate/helpers'
import { ensureBuilt, ferry } from './cli-helpers'

beforeAll(() => ensureBuilt())

interface JsonReport {
  valid: boolean
  errors: { line: number | null; code: string; message: string; hint: string }[]
  errorLines?: number
  stats: { examples: number; tokens: { total: number; method: string } | null; billableTrainingTokens: { epochs: number } | null }
}

async function home(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = await tempDir()
  return { dir, env: { FERRY_HOME: join(dir, 'home') } }
}

const json = (stdout: string): JsonReport => JSON.parse(stdout.trim().split('\n')[0] as string) as JsonReport

describe('ferry validate says counts in words that fit them', () => {
  it('says "1 example" and "1 epoch", never "1 examples" or "1 epochs"', async () => {
    const { dir, env } = await home()
    const one = join(dir, 'one.jsonl')
    await writeFile(one, chatLines(1).join('\n') + '\n')
    const r = await ferry(['validate', one], env)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('file: Only 1 example; at least 10 are required.')
    expect(r.stdout).toMatch(/^ {2}1 example, \d+ tokens \(exact\)/m)
    expect(r.stdout).not.toMatch(/\b1 (examples|epochs|lines|errors)\b/)

    // 12,501 examples train for 1 epoch by OpenAI's formula.
    const many = join(dir, 'many.jsonl')
    await writeFile(many, chatLines(12_501).join('\n') + '\n')
    const m = await ferry(['validate', many], env)
    expect(m.stdout).toMatch(/^ {2}12,501 examples, .* billable training tokens \(1 epoch\)$/m)
  })

  it('counts the examples of a file with a broken line once: 13 examples, epochs for 13', async () => {
    const { dir, env } = await home()
    const lines = chatLines(12)
    lines.splice(5, 0, '{"messages": [oops]}')
    const path = join(dir, 'thirteen.jsonl')
    await writeFile(path, lines.join('\n') + '\n')
    const r = json((await ferry(['validate', '--json', path], env)).stdout)
    expect(r.stats.examples).toBe(13)
    expect(r.errorLines).toBe(1)
    expect(r.stats.billableTrainingTokens?.epochs).toBe(defaultEpochs(13))
    const human = (await ferry(['validate', path], env)).stdout
    expect(human).toContain('not valid: 1 line has problems (1 error)')
    expect(human).toMatch(new RegExp(`^ {2}13 examples, .*\\(${defaultEpochs(13)} epochs\\)$`, 'm'))
  })

  it('gives the token count the upload’s check gives for the same file', async () => {
    const { dir, env } = await home()
    const path = join(dir, 'tokens.jsonl')
    await writeFile(path, chatLines(20).join('\n') + '\n')
    const validated = json((await ferry(['validate', '--json', '--purpose', 'fine-tune', path], env)).stdout)
    expect((await ferry(['upload', '--provider', 'sandbox', '--purpose', 'fine-tune', '--json', path], env)).code).toBe(0)
    const jobs = join(env.FERRY_HOME as string, 'jobs')
    const reportFile = (await readdir(jobs)).find((f) => f.endsWith('.report.json'))
    const checked = JSON.parse(await readFile(join(jobs, reportFile as string), 'utf8')) as JsonReport
    expect(checked.stats.tokens).toEqual(validated.stats.tokens)
    expect(checked.stats.examples).toBe(validated.stats.examples)
  })

  it('says the lines with problems when ferry upload refuses a file, as validate and the app do', async () => {
    const { dir, env } = await home()
    const path = join(dir, 'broken.jsonl')
    const lines = chatLines(20)
    lines.splice(3, 0, '{"messages": [oops]}', '{"messages": [oops]}')
    lines.push('{"messages": []}')
    await writeFile(path, lines.join('\n') + '\n')
    expect(json((await ferry(['validate', '--json', path], env)).stdout).errorLines).toBe(3)
    const up = await ferry(['upload', '--provider', 'sandbox', '--purpose', 'fine-tune', path], env)
    expect(up.code).toBe(1)
    expect(up.stderr).toContain(`${path}: Not uploaded: 3 lines have problems that Sandbox won’t accept.`)
  })
})

describe('ferry validate hints', () => {
  it('leads with what to do, and gives the command for developers on a line of its own', async () => {
    const { dir, env } = await home()
    const pretty = join(dir, 'pretty.json')
    await writeFile(pretty, JSON.stringify(chatLines(3).map((l) => JSON.parse(l) as unknown), null, 2) + '\n')
    const r = await ferry(['validate', pretty], env)
    const lines = r.stdout.split('\n')
    const group = lines.findIndex((l) => l.includes('E_NOT_JSON_LINES'))
    const at = lines.findIndex((l, i) => i > group && l.startsWith('    hint: '))
    expect(lines[at]).toMatch(/^ {4}hint: Export the data again as "JSON Lines" \(\.jsonl\)/)
    expect(lines[at]).not.toMatch(/jq|JSON\.stringify|json\.dumps/)
    expect(lines[at + 1]).toBe(' '.repeat(10) + 'For developers: jq -c ".[]" file.json > file.jsonl (a list), or jq -c . file.json > file.jsonl (objects one after another).')

    const tools = join(dir, 'tools.jsonl')
    const call = { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: { city: 'Paris' } } }] }
    const line = JSON.stringify({ messages: [{ role: 'user', content: 'Weather?' }, call, { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' }] })
    await writeFile(tools, [...chatLines(10), line].join('\n') + '\n')
    const t = (await ferry(['validate', tools], env)).stdout.split('\n')
    const toolGroup = t.findIndex((l) => l.includes('E_TOOL_ARGUMENTS_NOT_STRING'))
    const hint = t.findIndex((l, i) => i > toolGroup && l.startsWith('    hint: '))
    expect(t[hint]).toContain('Where the line has "arguments": { … }, put the braces and all inside them in quotes')
    expect(t[hint]).not.toMatch(/JSON\.stringify|json\.dumps/)
    expect(t[hint + 1]).toBe(' '.repeat(10) + 'For developers: JSON.stringify(args) in JavaScript, json.dumps(args) in Python.')
  })
})

describe('ferry validate checks what ferry upload checks', () => {
  it('refuses train.csv for its type in the words ferry upload uses', async () => {
    const { dir, env } = await home()
    const csv = join(dir, 'train.csv')
    await writeFile(csv, 'question,answer\nhi,hello\n')
    const up = await ferry(['upload', '--provider', 'sandbox', '--purpose', 'fine-tune', csv], env)
    expect(up.code).toBe(1)
    const said = 'The Ferry sandbox takes fine-tune files only as .jsonl; this one is .csv.'
    expect(up.stderr).toContain(`${csv}: ${said}\n  Save the data as .jsonl (one JSON object per line).`)

    const v = await ferry(['validate', '--provider', 'sandbox', csv], env)
    expect(v.code).toBe(1)
    expect(v.stdout).toContain(`  error extension_unsupported (1)\n    file: ${said}\n    hint: Save the data as .jsonl (one JSON object per line).`)
    // Without a provider, OpenAI's rules (the default profile's).
    const j = json((await ferry(['validate', '--json', csv], env)).stdout)
    expect(j.valid).toBe(false)
    expect(j.errors).toContainEqual(expect.objectContaining({ line: null, code: 'extension_unsupported', message: 'OpenAI takes fine-tune files only as .jsonl; this one is .csv.' }))
    // A CSV table is one whole-file problem (E_CSV_FILE), not a problem on each line.
    expect(j.errorLines).toBe(0)
  })

  it('refuses a batch file over the provider’s size limit as the queue’s check does', async () => {
    const { dir, env } = await home()
    const big = await sparseFile(dir, 'big.jsonl', 201 * 1024 * 1024)
    const j = json((await ferry(['validate', '--json', '--purpose', 'batch', big], env)).stdout)
    expect(j.valid).toBe(false)
    expect(j.errors).toContainEqual(expect.objectContaining({ line: null, code: 'file_too_large', message: 'The file is 201 MB; the limit is 200 MB for batch.' }))
  })
})

describe('sentences that begin with a provider’s name', () => {
  it('begin with a capital letter', async () => {
    const { env } = await home()
    const missing = await ferry(['files', 'get', 'file-nope', '--provider', 'sandbox'], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^The Ferry sandbox could not find it \(404\)\. The Ferry sandbox said: "/)
    const noAddress = await ferry(['files', 'ls', '--provider', 'compatible'], { ...env, FERRY_API_KEY: 'sk-test-key' })
    expect(noAddress.stderr).toMatch(/^The provider needs the API address \(base URL\) of your account\./)
  })
})
