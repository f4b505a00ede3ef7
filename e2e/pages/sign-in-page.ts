import { expect, type Page } from '@playwright/test'

export class SignInPage {
  constructor(private readonly page: Page) {}

  /**
   * Training lists its people: picks `who` (a display name) with the keyboard, as a dispenser would.
   * A live workstation lists nobody: types `who` (a username). Then the PIN, and Enter.
   */
  async signInAs(who: string, pin: string): Promise<void> {
    const screen = this.page.getByRole('main', { name: 'Sign in' })
    const people = screen.getByRole('listbox', { name: 'Who are you?' })
    const username = screen.getByLabel('Username')
    await expect(people.or(username)).toBeVisible()
    const pin_ = screen.getByLabel('PIN or password')
    if (await username.isVisible()) {
      await username.fill(who)
    } else {
      await pin_.focus()
      for (let i = 0; i < 10; i++) {
        if ((await people.getByRole('option', { selected: true }).textContent()) === who) break
        await this.page.keyboard.press('ArrowDown')
      }
      await expect(people.getByRole('option', { selected: true })).toHaveText(who)
    }
    await pin_.fill(pin)
    await pin_.press('Enter')
  }
}
