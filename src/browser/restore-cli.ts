/**
 * `npm run restore -- --data-dir DIR --from BACKUP [--training]`, with the app stopped.
 * Checks the backup, keeps the current store beside it (`counter.sqlite.before-restore-<time>`),
 * and puts the backup in its place. At the next start the audit trail records that the store ends
 * before the head recorded outside it (`audit.anchorMismatch`): a restore is never silent.
 */
import { resolve, join } from 'node:path'
import { parseArgs } from 'node:util'
import { restoreStore } from '../main/backup'

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.data/browser' },
    from: { type: 'string' },
    training: { type: 'boolean', default: false }
  }
})

if (!values.from) {
  console.error('Say which backup to restore: --from FILE (the backups are in the folder given as --backup-dir).')
  process.exit(1)
}
try {
  const storeFile = join(resolve(values['data-dir']), values.training ? 'training.sqlite' : 'counter.sqlite')
  const keptAs = restoreStore(resolve(values.from), storeFile, new Date())
  console.log(`Restored ${values.from} as ${storeFile}.${keptAs ? ` The store it replaced is kept as ${keptAs}.` : ''}`)
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
