import { readFileSync } from 'node:fs'

export type TokenSource = { ok: true; value: string | null } | { ok: false; message: string }

/**
 * Where browser mode takes the Phensys token from: the environment or a file only. A command line
 * is readable by every account on the machine (`ps`, /proc/<pid>/cmdline), so the old flag is refused.
 */
export function phensysTokenFrom(given: {
  flag: string | undefined
  file: string | undefined
  environment: string | undefined
}): TokenSource {
  if (given.flag !== undefined)
    return {
      ok: false,
      message:
        '--phensys-token is refused: a command line can be read by every account on this machine. ' +
        'Put the token in PHENSYS_TOKEN, or in a file only you can read and pass --phensys-token-file FILE.'
    }
  if (given.file !== undefined) {
    try {
      const value = readFileSync(given.file, 'utf8').trim()
      return value ? { ok: true, value } : { ok: false, message: `${given.file} is empty: it should hold the token.` }
    } catch (error) {
      return { ok: false, message: `Cannot read the token file ${given.file}: ${(error as Error).message}` }
    }
  }
  return { ok: true, value: given.environment?.trim() || null }
}
