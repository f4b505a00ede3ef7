import { useEffect } from 'react'
import { useSession } from '../../session/session-store'
import { GoodsIn } from './GoodsIn'
import { LevelsTab } from './LevelsTab'
import { LowStockTab } from './LowStockTab'
import { OrdersTab } from './OrdersTab'
import { PackDetail } from './PackDetail'
import { ShortExpiryTab } from './ShortExpiryTab'
import { STOCK_TABS, useStock } from './stock-store'
import { SupplyIssuesTab } from './SupplyIssuesTab'
import { isTyping } from '../../ui/keys'
import './stock.css'

/**
 * Stock: levels, goods-in, orders, low stock, short expiry, supply issues. Keys: 1–6 pick a tab
 * (outside a field), Escape closes an open pack, then goes back to the worklist.
 */
export function StockScreen(): React.JSX.Element {
  const { tab, packId, setTab, openPack } = useStock()
  const open = useSession((state) => state.open)

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !isTyping(event)) {
        event.preventDefault()
        if (useStock.getState().packId) openPack(null)
        else open({ name: 'worklist' })
        return
      }
      if (isTyping(event) || event.ctrlKey || event.altKey || event.metaKey) return
      const picked = STOCK_TABS[Number(event.key) - 1]
      if (/^[1-6]$/.test(event.key) && picked) {
        event.preventDefault()
        setTab(picked.tab)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open, openPack, setTab])

  return (
    <main className="stock" aria-label="Stock">
      <nav className="stock-tabs" aria-label="Stock views">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        {STOCK_TABS.map((entry, index) => (
          <button
            key={entry.tab}
            className={tab === entry.tab && !packId ? 'active' : ''}
            aria-current={tab === entry.tab ? 'page' : undefined}
            onClick={() => setTab(entry.tab)}
          >
            <kbd>{index + 1}</kbd> {entry.label}
          </button>
        ))}
      </nav>
      <section className="stock-body">
        {packId ? (
          <PackDetail amppId={packId} />
        ) : tab === 'levels' ? (
          <LevelsTab />
        ) : tab === 'goods-in' ? (
          <GoodsIn />
        ) : tab === 'orders' ? (
          <OrdersTab />
        ) : tab === 'low' ? (
          <LowStockTab />
        ) : tab === 'expiry' ? (
          <ShortExpiryTab />
        ) : (
          <SupplyIssuesTab />
        )}
      </section>
    </main>
  )
}
