import { chmodSync, lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

class FileModeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'FileModeError'
  }
}

const FOLDER_MODE = 0o700
const FILE_MODE = 0o600

/**
 * Patient records, PIN hashes and keys are for this account alone: the folder and everything in it
 * is made owner-only (folders 0700, files 0600). What cannot be fixed (a file another account owns)
 * stops the start with a message saying what to do. Windows keeps permissions in ACLs, not modes.
 */
export function enforceOwnerOnly(root: string, what: string): void {
  if (process.platform === 'win32') return
  const uid = process.getuid?.()
  const visit = (path: string): void => {
    const stat = lstatSync(path, { throwIfNoEntry: false })
    // Gone since the folder was listed (SQLite removes its -shm and -journal files): nothing to fix.
    if (!stat) return
    // A link is not followed: what it points to is not ours to change.
    if (stat.isSymbolicLink()) return
    const wanted = stat.isDirectory() ? FOLDER_MODE : FILE_MODE
    if (uid !== undefined && stat.uid !== uid) {
      throw new FileModeError(
        `${path} in the ${what} belongs to another account (uid ${stat.uid}). ` +
          `Give it to this account (chown) or move it away, then start again.`
      )
    }
    if ((stat.mode & 0o777) !== wanted) {
      try {
        chmodSync(path, wanted)
      } catch (error) {
        throw new FileModeError(
          `${path} in the ${what} can be read by other accounts and its permissions cannot be changed ` +
            `(${(error as Error).message}). Make it readable by this account only (chmod ${wanted.toString(8)}), then start again.`
        )
      }
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
  }
  visit(root)
}
