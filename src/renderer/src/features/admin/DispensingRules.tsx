import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'

/**
 * The pharmacy's dispensing rules, set by an administrator: whether someone who scanned or
 * labelled a request may also accuracy-check it (every such check is marked as a self-check), and
 * whether labels print by themselves once every pack is matched and the clinical check is made.
 */
export function DispensingRules(): React.JSX.Element {
  const rules = useCallQuery('dispensing.rules', {})
  const set = async (change: () => Promise<unknown>): Promise<void> => {
    await change()
    await refreshCall('dispensing.rules')
  }
  return (
    <section aria-labelledby="rules-title">
      <h2 id="rules-title">Dispensing rules</h2>
      {rules.error && (
        <p role="alert" className="error">
          {rules.error.message}
        </p>
      )}
      {rules.data && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={rules.data.allowSelfCheck}
              onChange={(e) => void set(() => call('dispensing.setAllowSelfCheck', { allowed: e.target.checked }))}
            />
            Allow self-checking: the person who scanned or labelled a request may also accuracy-check it (recorded as a
            self-check)
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={rules.data.autoLabels}
              onChange={(e) => void set(() => call('dispensing.setAutoLabels', { enabled: e.target.checked }))}
            />
            Print the labels by themselves once every pack is matched and the clinical check is made
          </label>
        </>
      )}
    </section>
  )
}
