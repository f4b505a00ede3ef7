import { create } from 'zustand'
import type { DeliveryView, ReceiptLineView, StockLevelsView } from '@shared/contract'
import { call } from '../../api/client'
import { forgetAtSignOut } from '../../session/person-state'

export const STOCK_TABS = [
  { tab: 'levels', label: 'Stock levels' },
  { tab: 'goods-in', label: 'Goods-in' },
  { tab: 'orders', label: 'Orders' },
  { tab: 'low', label: 'Low stock' },
  { tab: 'expiry', label: 'Short expiry' },
  { tab: 'issues', label: 'Supply issues' }
] as const
export type StockTab = (typeof STOCK_TABS)[number]['tab']
export type LevelsFilter = 'all' | 'in_stock' | 'low'

const PAGE = 100

interface StockState {
  tab: StockTab
  /** A pack opened from any list; shown over the tab until closed. */
  packId: string | null
  search: string
  filter: LevelsFilter
  levels: StockLevelsView | null
  selected: number
  error: string | null
  deliveryId: number | null
  delivery: DeliveryView | null
  lastLine: ReceiptLineView | null
  released: string[]
  receiving: boolean
  setTab(tab: StockTab): void
  openPack(amppId: string | null): void
  setSearch(search: string): void
  setFilter(filter: LevelsFilter): void
  select(index: number): void
  loadLevels(more?: boolean): Promise<void>
  receive(raw: string): Promise<void>
  newDelivery(): void
}

let searchSeq = 0

export const useStock = create<StockState>((set, get) => ({
  tab: 'levels',
  packId: null,
  search: '',
  filter: 'all',
  levels: null,
  selected: 0,
  error: null,
  deliveryId: null,
  delivery: null,
  lastLine: null,
  released: [],
  receiving: false,
  setTab: (tab) => set({ tab, packId: null, error: null }),
  openPack: (packId) => set({ packId }),
  setSearch(search) {
    set({ search, selected: 0 })
    void get().loadLevels()
  },
  setFilter(filter) {
    set({ filter, selected: 0 })
    void get().loadLevels()
  },
  select: (selected) => set({ selected }),
  async loadLevels(more = false) {
    const { search, filter, levels } = get()
    const offset = more && levels ? levels.rows.length : 0
    // Answers can overtake each other while someone types: only the latest counts.
    const seq = ++searchSeq
    const answer = await call('stock.levels', { search, filter, limit: PAGE, offset })
    if (seq !== searchSeq) return
    if (!answer.ok) return set({ error: answer.error.message })
    set({
      error: null,
      levels: more && levels ? { rows: [...levels.rows, ...answer.value.rows], more: answer.value.more } : answer.value
    })
  },
  async receive(raw) {
    set({ receiving: true })
    const answer = await call('stock.receiveScan', { raw, deliveryId: get().deliveryId })
    if (!answer.ok) return set({ receiving: false, error: answer.error.message })
    const delivery = await call('stock.delivery', { id: answer.value.deliveryId })
    set({
      receiving: false,
      error: null,
      deliveryId: answer.value.deliveryId,
      lastLine: answer.value.line,
      released: [...answer.value.released, ...get().released],
      delivery: delivery.ok ? delivery.value : get().delivery
    })
  },
  newDelivery: () => set({ deliveryId: null, delivery: null, lastLine: null, released: [] })
}))

// The search, filter, open pack and delivery in progress are the person's who left.
forgetAtSignOut(() => useStock.setState(useStock.getInitialState(), true))
