/**
 * A batch number is compared on both sides the same way: the stores' `upper(trim(…))` in SQLite and
 * `normaliseBatchNo` in the app. Were they to differ (JavaScript upper-cases "é", SQLite does not),
 * a recall stored for one batch would not be found again in its own transaction. (Found by the fuzz
 * run: a recall of a batch number with a non-ASCII letter failed inside the app.)
 */
import Database from 'better-sqlite3'
import { expect, it } from 'vitest'
import { normaliseBatchNo } from '../../src/shared/stock/identifiers'

it("normalises a batch number exactly as SQLite's upper(trim()) does", () => {
  const sqlite = new Database(':memory:')
  const stores = sqlite.prepare('SELECT upper(trim(?)) AS compared')
  const numbers = ['bx7a', '  BX7A ', 'ŁYZa.Y70bécb9bYc/ -', 'straße', '\tab1\t', 'Ǆ1', 'ﬁ2', 'İi', '']
  for (const batchNo of numbers)
    expect(normaliseBatchNo(batchNo), JSON.stringify(batchNo)).toBe(
      (stores.get(batchNo) as { compared: string }).compared
    )
  sqlite.close()
})
