// Files dropped anywhere on the queue: whether something is being dragged over it, and the handlers that take the drop.
import { useState, type DragEvent } from 'react'

export function useDropFiles(onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false)
  const handlers = {
    onDragOver(e: DragEvent) {
      e.preventDefault()
      if (!dragging) setDragging(true)
    },
    onDragLeave(e: DragEvent) {
      if (e.currentTarget === e.target) setDragging(false)
    },
    onDrop(e: DragEvent) {
      e.preventDefault()
      setDragging(false)
      const files = Array.from(e.dataTransfer?.files ?? [])
      if (files.length > 0) onFiles(files)
    }
  }
  return { dragging, handlers }
}
