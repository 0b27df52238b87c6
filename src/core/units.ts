// Sizes and times as Ferry counts them: binary megabytes (as the providers state their limits) and unix seconds.

export const MiB = 1024 * 1024

/** Sizes in base 1024 with the units people read (KB, MB, GB), as providers state their limits. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${n} bytes` : `${v >= 100 ? Math.round(v) : v.toFixed(1).replace(/\.0$/, '')} ${units[u]}`
}

export const nowUnix = (): number => Math.floor(Date.now() / 1000)

/** "40 s", "12 min", "2 h 5 min": durations as people say them. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`
  const m = Math.round((seconds % 3600) / 60)
  return `${Math.floor(seconds / 3600)} h${m ? ` ${m} min` : ''}`
}
