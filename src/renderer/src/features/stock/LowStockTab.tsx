import { listCommands } from '../../keymap/list-keys'
import { useScope } from '../../keymap/keymap'
import { useState } from 'react'
import { useCallQuery } from '../../api/queries'
import { LevelsTable } from './LevelsTab'
import { useStock } from './stock-store'
import { ErrorLine } from '../../ui/FormParts'

/** Stocked lines whose available stock is below their reorder level, emptiest first. ↑/↓ and Enter open a pack. */
export function LowStockTab(): React.JSX.Element {
  const openPack = useStock((state) => state.openPack)
  const lowStock = useCallQuery('stock.lowStock', {})
  const rows = lowStock.data ?? null
  const error = lowStock.error?.message ?? null
  const [selected, setSelected] = useState(0)
  const list = rows ?? []
  useScope('lowStock', {
    keys: listCommands(list.length, selected, setSelected, (index) => openPack(list[index]!.amppId))
  })

  return (
    <div className="low-stock">
      <p className="meta">Below the reorder level: order from the pack (O) or from the orders screen.</p>
      <ErrorLine>{error}</ErrorLine>
      {rows && <LevelsTable rows={rows} selected={selected} onSelect={setSelected} onOpen={openPack} />}
      {rows?.length === 0 && <p className="empty">Every stocked line is at or above its reorder level.</p>}
    </div>
  )
}
