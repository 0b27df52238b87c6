// Small line icons drawn inline (no image files, no remote fonts); always decorative next to a word.
import type { IconName } from '../store/selectors'

type Name = IconName | 'copy' | 'trash' | 'download' | 'close' | 'plus' | 'chevron' | 'file' | 'upload-cloud' | 'info'

const PATHS: Record<Name, string> = {
  clock: 'M12 7v5l3 2M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18z',
  search: 'M11 4a7 7 0 1 0 0 14a7 7 0 0 0 0-14zM16 16l5 5',
  x: 'M6 6l12 12M18 6L6 18',
  triangle: 'M12 3L2 20h20L12 3zM12 10v4M12 17v.5',
  check: 'M4 12l5 5L20 6',
  up: 'M12 20V5M6 11l6-6 6 6',
  pause: 'M8 5v14M16 5v14',
  'wifi-off': 'M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 12.5a10 10 0 0 1 5-2.7M19 12.5a10 10 0 0 0-2.2-1.6M12 20h.01',
  rotate: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5',
  hourglass: 'M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9',
  alert: 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM12 7v6M12 16v.5',
  slash: 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM5.6 18.4L18.4 5.6',
  key: 'M14 10a4 4 0 1 0-3 3.9L13 16h2v2h2v2h3v-3l-6.1-6.1',
  copy: 'M9 9h11v11H9zM5 15V4h11',
  trash: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  download: 'M12 4v12M6 10l6 6 6-6M4 20h16',
  close: 'M6 6l12 12M18 6L6 18',
  plus: 'M12 5v14M5 12h14',
  chevron: 'M9 6l6 6-6 6',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  'upload-cloud': 'M7 18a5 5 0 1 1 1-9.9A6 6 0 0 1 19 10a4 4 0 0 1-1 8M12 12v8M9 15l3-3 3 3',
  info: 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM12 11v6M12 7.5v.5'
}

export function Icon({ name, className }: { name: Name; className?: string }) {
  return (
    <svg className={`icon ${className ?? ''}`} viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
