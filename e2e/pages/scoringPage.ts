/** Page model of the examiner's scoring screen (评分): candidates, the sheet, and the leader's arbitration. */
import { expect, type Page } from '@playwright/test';

export function scoringPage(page: Page) {
  const model = {
    candidates: () => page.getByTestId('scoring-candidates').locator('.ant-list-item'),
    candidate: (ticket: string) => page.getByTestId(`scoring-candidate-${ticket}`),
    sheet: () => page.getByTestId('score-sheet'),
    points: (item: string) => page.getByTestId(`points-${item}`),
    draftStatus: () => page.getByTestId('draft-status'),
    async openCandidate(ticket: string) {
      await model.candidate(ticket).click();
      await expect(model.sheet()).toContainText(ticket);
    },
    /**
     * Types each item's points, Enter to the next, as an examiner at the bench does — from the
     * first box, which has focus as soon as the sheet opens (no click).
     */
    async type(points: Record<string, number>) {
      // With two devices' windows in one browser, only the one in front holds the keyboard focus.
      await page.bringToFront();
      const ids = Object.keys(points);
      for (const [i, id] of ids.entries()) {
        await expect(model.points(id)).toBeFocused();
        await page.keyboard.type(String(points[id]));
        if (i < ids.length - 1) await page.keyboard.press('Enter');
      }
      await expect(model.draftStatus()).toContainText('草稿已保存');
    },
    /** Enter on the last box of a complete sheet goes on to submitting: the PIN, and it is in. */
    async submitByKeyboard(pin: string) {
      const ticket = await model.openTicket();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('pin-confirm-pin')).toBeFocused();
      await page.keyboard.type(pin);
      await page.keyboard.press('Enter');
      await expect(model.candidate(ticket)).toContainText('已提交');
    },
    /** One item's points filled in, waiting until the draft is saved. */
    async fill(item: string, value: string) {
      await model.points(item).fill(value);
      await expect(model.draftStatus()).toContainText('草稿已保存');
    },
    /** The ticket of the candidate whose sheet is open (from its title). */
    async openTicket(): Promise<string> {
      const title = (await model.sheet().locator('.ant-card-head-title').textContent()) ?? '';
      return /（([^）]+)）$/.exec(title)?.[1] ?? '';
    },
    /** Submitted with the PIN; the list marks the candidate 已提交 (the next unscored one opens). */
    async submit(pin: string) {
      const ticket = await model.openTicket();
      await page.getByTestId('submit-sheet').click();
      await page.getByTestId('pin-confirm-pin').fill(pin);
      await page.getByTestId('pin-confirm-ok').click();
      await expect(model.candidate(ticket)).toContainText('已提交');
    },

    // The group leader's review (组长复核) of a discrepancy.
    panel: () => page.getByTestId('arbitration-panel'),
    disputeLine: () => page.getByTestId('dispute-line'),
    disputePoints: () => page.getByTestId('dispute-points'),
    decided: () => page.getByTestId('arbitrations-done'),
    othersHidden: () => page.getByText('本考评组的考评员全部提交后，才能看到其他考评员的评分。'),
    arbitrated: (item: string) => page.getByTestId(`arbitrated-${item}`),
    /** The leader's points and reason, confirmed with the leader's PIN. */
    async arbitrate(item: string, points: number, reason: string, pin: string) {
      await page.getByTestId(`arbitrate-points-${item}`).fill(String(points));
      await page.getByTestId(`arbitrate-reason-${item}`).fill(reason);
      await page.getByTestId(`arbitrate-${item}`).click();
      await page.getByTestId('pin-confirm-pin').fill(pin);
      await page.getByTestId('pin-confirm-ok').click();
    },
  };
  return model;
}
