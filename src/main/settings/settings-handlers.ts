import type { Handlers } from '../contract'
import { CounterError } from '../errors'
import { PhensysClient, type PhensysConnection } from '../phensys'
import { writeConnection } from './connection-store'
import type { SecretBox } from '../vault'

type SettingsCalls = 'settings.phensys' | 'settings.checkPhensys' | 'settings.setPhensys' | 'app.restart'

export interface SettingsDeps {
  dataDir: string
  connection: PhensysConnection | null
  /** Seals the token at rest: the OS keychain, or the key folder's key. */
  secretBox: SecretBox
  /** The host restarts the app (Electron relaunches); null where it cannot. */
  requestRestart: (() => void) | null
}

export function settingsHandlers(deps: SettingsDeps): Pick<Handlers, SettingsCalls> {
  return {
    'settings.phensys': () => ({
      mode: deps.connection ? 'live' : 'training',
      url: deps.connection?.url ?? null,
      tokenProtection: deps.secretBox.protection,
      canRestart: deps.requestRestart !== null
    }),

    'settings.checkPhensys': (_ctx, input) => checkPhensys(input),

    'settings.setPhensys': (ctx, input) => {
      const connection = 'training' in input ? null : { url: input.url, token: input.token }
      const protection = writeConnection(deps.dataDir, connection, deps.secretBox)
      ctx.audit({
        entityType: 'settings',
        entityId: 'phensys',
        summary: { mode: connection ? 'live' : 'training', url: connection?.url ?? null, protection }
      })
      return { protection, restartRequired: true }
    },

    'app.restart': () => {
      if (!deps.requestRestart)
        throw new CounterError('precondition_failed', 'This host cannot restart itself: stop it and start it again.')
      setTimeout(deps.requestRestart, 100)
      return null
    }
  }
}

/** Asks Phensys whether the URL answers and the token is accepted. */
async function checkPhensys(connection: PhensysConnection): Promise<{ ok: boolean; message: string }> {
  const client = new PhensysClient(connection)
  const outcome = await client.feed(null, 0, 1)
  client.close()
  if (outcome.kind === 'retry') return { ok: false, message: `Phensys did not answer as expected: ${outcome.reason}` }
  return { ok: true, message: 'Phensys answered and accepted the token.' }
}
