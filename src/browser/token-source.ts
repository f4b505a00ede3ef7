import { readFileSync } from 'node:fs'
import { tokenProblem } from '../shared/phensys/token'

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
      if (!value) return { ok: false, message: `${given.file} is empty: it should hold the token.` }
      return checked(value, `The token in ${given.file}`, `Write the token in ${given.file} again without it.`)
    } catch (error) {
      return { ok: false, message: `Cannot read the token file ${given.file}: ${(error as Error).message}` }
    }
  }
  const value = given.environment?.trim() || null
  return value === null
    ? { ok: true, value }
    : checked(value, 'The token in PHENSYS_TOKEN', 'Set PHENSYS_TOKEN again without it.')
}

/**
 * The settings' check (`tokenProblem`), at start: a token no header can carry would fail every
 * Phensys call after the core started, so the start stops, naming the character and what to do.
 */
function checked(value: string, where: string, remedy: string): TokenSource {
  const problem = tokenProblem(value)
  return problem
    ? { ok: false, message: `${where} holds ${problem}: no request header can carry it. ${remedy}` }
    : { ok: true, value }
}
