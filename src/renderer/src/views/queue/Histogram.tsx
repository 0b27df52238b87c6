// A small SVG histogram of example lengths (log bins from the report), a dashed model-limit line, and a hidden table twin.
import type { TokenHistogramBin } from '../../../../shared/validation'
import { useT } from '../../context'

const W = 240
const H = 64

export function Histogram({ bins, limit }: { bins: TokenHistogramBin[]; limit: number | null }) {
  const tr = useT()
  const { t } = tr
  if (bins.length === 0) return null
  const max = Math.max(1, ...bins.map((b) => b.count))
  const bw = W / bins.length
  // The limit line sits inside the bin holding it, proportionally on a log scale.
  let limitX: number | null = null
  if (limit !== null) {
    const i = bins.findIndex((b) => limit >= b.min && (b.max === null || limit < b.max))
    const bin = bins[i]
    if (bin) {
      const lo = Math.log(Math.max(1, bin.min))
      const hi = Math.log(Math.max(bin.min + 1, bin.max ?? bin.min * 2))
      const frac = hi > lo ? (Math.log(Math.max(1, limit)) - lo) / (hi - lo) : 0
      limitX = (i + Math.min(1, Math.max(0, frac))) * bw
    }
  }
  // A range takes the word form of its last number ("0–31 tokens", ru "32–63 токена").
  const range = (b: TokenHistogramBin) => {
    if (b.max === null) return tr.tp('histogram.rangeOpen', b.min, { min: b.min })
    const max = Math.max(b.min, b.max - 1)
    return tr.tp('histogram.range', max, { min: b.min, max })
  }

  return (
    <figure className="histogram">
      <figcaption>{t('histogram.title')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 2}`} width={W} height={H + 2} aria-hidden="true" focusable="false">
        {bins.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(2, (b.count / max) * H)
          return <rect key={i} className="histogram-bar" x={i * bw + 1} y={H - h} width={Math.max(1, bw - 2)} height={h} rx={1} />
        })}
        <line className="histogram-axis" x1={0} y1={H + 1} x2={W} y2={H + 1} />
        {limitX !== null && <line className="histogram-limit" x1={limitX} y1={0} x2={limitX} y2={H} strokeDasharray="3 3" />}
      </svg>
      {limit !== null && <p className="small muted">{tr.tp('histogram.limit', limit)}</p>}
      <table className="visually-hidden">
        <caption>{t('histogram.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('histogram.tokens')}</th>
            <th scope="col">{t('histogram.count')}</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((b, i) => (
            <tr key={i}>
              <td>{range(b)}</td>
              <td>{tr.num(b.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  )
}
