/** Page model of the examiner's scoring screen and the supervisor's screen. */
import { expect, type Page } from '@playwright/test';

export function scoringPage(page: Page) {
  const model = {
    async openCandidate(ticket: string) {
      await page.getByTestId(`scoring-candidate-${ticket}`).click();
      await expect(page.getByTestId('score-sheet')).toContainText(ticket);
    },
    /** Types each item's points, Enter to the next, as an examiner at the bench does. */
    async type(points: Record<string, number>) {
      const ids = Object.keys(points);
      await page.getByTestId(`points-${ids[0]}`).click();
      for (const id of ids) {
        await expect(page.getByTestId(`points-${id}`)).toBeFocused();
        await page.keyboard.type(String(points[id]));
        await page.keyboard.press('Enter');
      }
      await expect(page.getByTestId('draft-status')).toContainText('草稿已保存');
    },
    async submit(pin: string) {
      await page.getByTestId('submit-sheet').click();
      await page.getByTestId('pin-confirm-pin').fill(pin);
      await page.getByTestId('pin-confirm-ok').click();
      await expect(page.getByTestId('score-sheet')).toContainText('已提交，只读');
    },
  };
  return model;
}
