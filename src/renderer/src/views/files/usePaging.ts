// Paging the Files list: the first page when the account changes, the next one as the rendered rows near the last loaded.
import { useEffect } from 'react'
import { useActions } from '../../context'
import type { FilesState } from '../../store/state'

/** The next page is asked for once the rendered rows come this close to the last loaded one. */
const NEAR_END = 20

export interface PagingInput {
  accountId: string | null
  files: FilesState
  /** A search looks only at loaded rows: it never pages by itself (Search all loads the rest). */
  searching: boolean
  /** Rows shown, and the index of the last one rendered (-1: none). */
  rows: number
  lastRendered: number
}

export function usePaging({ accountId, files, searching, rows, lastRendered }: PagingInput): void {
  const actions = useActions()

  useEffect(() => {
    void actions.loadFiles({ purpose: '' })
  }, [accountId, actions])

  const wantMore =
    files.accountId === accountId &&
    files.status === 'ready' &&
    files.hasMore &&
    !files.loadingMore &&
    !files.moreError &&
    !searching &&
    lastRendered >= rows - NEAR_END
  useEffect(() => {
    if (wantMore) void actions.loadMoreFiles()
  }, [wantMore, actions])
}
