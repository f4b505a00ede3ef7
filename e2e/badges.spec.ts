import { test, expect, type Page } from './fixtures'
import { contractSession } from './support/contract'
import { wedgeScan } from './support/wedge'

/** The staff badge of a training person, as the Users screen prints it. */
async function badgeOf(openUrl: string, displayName: string): Promise<string> {
  const admin = await contractSession(openUrl, 'admin', '9999')
  const users = await admin<Array<{ id: string; displayName: string }>>('users.list', {})
  const user = users.find((candidate) => candidate.displayName === displayName)!
  return (await admin<{ code: string }>('users.badge', { id: user.id })).code
}

/** A PIN typed at a person's pace (a scanner-fast burst would be read as a scan and set aside). */
async function typePin(page: Page, pin: string): Promise<void> {
  await expect(page.getByLabel('PIN or password')).toBeFocused()
  await page.keyboard.type(pin, { delay: 150 })
  await page.keyboard.press('Enter')
}

const signedInAs = (page: Page, name: string) => expect(page.getByRole('banner')).toContainText(name)

test('a staff badge chooses who signs in (then their PIN), at the sign-in screen, at a locked counter and over someone at work', async ({
  page,
  counter,
  signIn
}) => {
  test.setTimeout(120_000)
  const sam = await badgeOf(counter.openUrl, 'Sam Patel')
  const alex = await badgeOf(counter.openUrl, 'Alex Jones')
  const priya = await badgeOf(counter.openUrl, 'Priya Shah')
  // The page's scanner reads bursts with pauses up to 100 ms (Playwright's keys are not a scanner's).
  await signIn.signInAs('Training Administrator', '9999')
  await page.getByRole('button', { name: 'Scanner' }).click()
  await page.getByLabel('Longest pause between keys of a scan (ms)').fill('100')
  await page.getByRole('button', { name: 'Save' }).click()
  await page.keyboard.press('F5')

  // At the sign-in screen: the badge, then the PIN.
  await expect(page.getByRole('main', { name: 'Sign in' })).toBeVisible()
  await wedgeScan(page, sam)
  await expect(page.getByRole('status').filter({ hasText: 'Badge read: type your PIN.' })).toBeVisible()
  await typePin(page, '1111')
  await signedInAs(page, 'Sam Patel')

  // At a locked counter, another person's badge signs Sam out and waits for their PIN.
  await page.keyboard.press('F12')
  await expect(page.getByRole('heading', { name: 'Locked' })).toBeVisible()
  await wedgeScan(page, alex)
  await expect(page.getByRole('main', { name: 'Sign in' })).toBeVisible()
  await typePin(page, '2222')
  await signedInAs(page, 'Alex Jones')

  // Over someone at work: the next person's badge and PIN take the counter.
  await wedgeScan(page, priya)
  await typePin(page, '3333')
  await signedInAs(page, 'Priya Shah')

  // A wrong PIN after a badge signs no one in.
  await wedgeScan(page, sam)
  await typePin(page, '9998')
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page.getByRole('main', { name: 'Sign in' })).toBeVisible()
})
