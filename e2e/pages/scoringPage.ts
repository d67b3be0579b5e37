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
    /** Types each item's points, Enter to the next, as an examiner at the bench does. */
    async type(points: Record<string, number>) {
      const ids = Object.keys(points);
      await model.points(ids[0]!).click();
      for (const id of ids) {
        await expect(model.points(id)).toBeFocused();
        await page.keyboard.type(String(points[id]));
        await page.keyboard.press('Enter');
      }
      await expect(model.draftStatus()).toContainText('草稿已保存');
    },
    /** One item's points filled in, waiting until the draft is saved. */
    async fill(item: string, value: string) {
      await model.points(item).fill(value);
      await expect(model.draftStatus()).toContainText('草稿已保存');
    },
    async submit(pin: string) {
      await page.getByTestId('submit-sheet').click();
      await page.getByTestId('pin-confirm-pin').fill(pin);
      await page.getByTestId('pin-confirm-ok').click();
      await expect(model.sheet()).toContainText('已提交，只读');
    },

    // The group leader's arbitration of a discrepancy.
    disputeLine: () => page.getByTestId('dispute-line'),
    noDisputes: () => page.getByText('目前没有需要裁定的评分差异。'),
    async arbitrate(item: string, points: number, reason: string) {
      await page.getByTestId(`arbitrate-points-${item}`).fill(String(points));
      await page.getByTestId(`arbitrate-reason-${item}`).fill(reason);
      await page.getByTestId(`arbitrate-${item}`).click();
    },
  };
  return model;
}
