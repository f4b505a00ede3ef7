import type { Handlers } from '../contract/handler'
import { CounterError } from '../errors'

type RegisterCallName = Extract<keyof Handlers, `registers.${string}`>

const notYet = (): never => {
  throw new CounterError('precondition_failed', 'The registers are being built: this call does not answer yet.')
}

/** The register calls (placeholder until the register store lands). */
export function registerHandlers(): Pick<Handlers, RegisterCallName> {
  return {
    'registers.pom.list': notYet,
    'registers.pom.correct': notYet,
    'registers.pom.export': notYet,
    'registers.cd.sections': notYet,
    'registers.cd.list': notYet,
    'registers.cd.correct': notYet,
    'registers.cd.export': notYet,
    'registers.recall.search': notYet,
    'registers.recall.export': notYet
  }
}
