// Benchmark helpers: timing a child process and its peak RSS (from /proc's VmHWM, sampled until it exits), and big test files.
import { spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'

/** Runs a command; resolves with wall time (ms), peak RSS (bytes, Linux), its output and (stamp) each stdout line's time. */
export function measure(cmd, args, { stamp = false, ...opts } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const since = () => Number(process.hrtime.bigint() - started) / 1e6
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts })
    let peak = 0
    let out = ''
    let err = ''
    const lines = []
    let partial = ''
    child.stdout.on('data', (d) => {
      out += d
      if (!stamp) return
      const parts = (partial + d).split('\n')
      partial = parts.pop()
      for (const text of parts) lines.push({ at: since(), text })
    })
    child.stderr.on('data', (d) => (err += d))
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peak = Math.max(peak, Number(m[1]) * 1024)
      } catch {
        // exited, or not Linux
      }
    }
    const timer = setInterval(sample, 20)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearInterval(timer)
      const ms = since()
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${err.slice(-2000)}`))
      resolve({ ms, peak, out, err, lines })
    })
  })
}

export async function best(n, fn) {
  const runs = []
  for (let i = 0; i < n; i++) {
    settle()
    runs.push(await fn(i))
  }
  return fastest(runs)
}

/**
 * Best of n for each of two contenders, run in turn (a, b, a, b, …), each after the disk has settled: whoever runs later
 * must not pay for the write-back of the files the earlier runs left at the server.
 */
export async function bestOfEach(n, a, b) {
  const ra = []
  const rb = []
  for (let i = 0; i < n; i++) {
    settle()
    ra.push(await a(i))
    settle()
    rb.push(await b(i))
  }
  return [fastest(ra), fastest(rb)]
}

const fastest = (runs) => runs.reduce((a, b) => (b.ms < a.ms ? b : a))

/** Flushes dirty pages to disk so the next run starts from a quiet disk. */
function settle() {
  spawnSync('sync')
}

/** A file of JSONL-looking lines, written in 8 MiB blocks (never whole in memory). */
export async function makeFile(path, bytes) {
  const line = Buffer.from(JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(180) }, { role: 'assistant', content: 'y'.repeat(180) }] }) + '\n')
  const block = Buffer.alloc(8 << 20)
  for (let i = 0; i < block.length; i += line.length) line.copy(block, i)
  const fh = await open(path, 'w')
  for (let off = 0; off < bytes; off += block.length) await fh.write(block, 0, Math.min(block.length, bytes - off))
  await fh.close()
}

export const MiB = 1024 * 1024
export const fmtMB = (b) => `${(b / MiB).toFixed(0)} MB`
export const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`
