/** A document main made for download (CSV, PDF): the renderer turns it into a file to save. */
export interface ExportedFile {
  fileName: string
  mimeType: string
  base64: string
}
