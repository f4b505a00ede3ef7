import type { ExportedFile } from '@shared/contract'

/** Saves a file main made (CSV, PDF) through the browser's own download. */
export function download(file: ExportedFile): void {
  const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }))
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  document.body.append(link)
  link.click()
  link.remove()
  // The download has its own copy once started; give it a moment before freeing the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
