import { ScreenTabs } from '../../ui/ScreenTabs'
import { useScope } from '../../keymap/keymap'
import { useSession } from '../../session/session-store'
import { GoodsIn } from './GoodsIn'
import { LevelsTab } from './LevelsTab'
import { LowStockTab } from './LowStockTab'
import { OrdersTab } from './OrdersTab'
import { PackDetail } from './PackDetail'
import { ShortExpiryTab } from './ShortExpiryTab'
import { STOCK_TABS, useStock } from './stock-store'
import { SupplyIssuesTab } from './SupplyIssuesTab'
import './stock.css'

/**
 * Stock: levels, goods-in, orders, low stock, short expiry, supply issues. Keys: 1–6 pick a tab
 * (outside a field), Escape closes an open pack, then goes back to the worklist.
 */
export function StockScreen(): React.JSX.Element {
  const { tab, packId, setTab, openPack } = useStock()
  const open = useSession((state) => state.open)

  useScope('stock', {
    keys: {
      back: () => (useStock.getState().packId ? openPack(null) : open({ name: 'worklist' })),
      tab: (key) => {
        const picked = STOCK_TABS[Number(key) - 1]
        if (!picked) return false
        setTab(picked.tab)
      }
    }
  })

  return (
    <main className="stock" aria-label="Stock">
      <ScreenTabs
        label="Stock views"
        className="screen-tabs"
        tabs={STOCK_TABS}
        current={tab}
        pick={setTab}
        back={() => open({ name: 'worklist' })}
      >
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
      </ScreenTabs>
    </main>
  )
}
