/**
 * Page models: what a person sees and does, in words the tests read. This one is the frame —
 * set-up, sign-in, the menu, the home screen — and leads to the model of each screen.
 */
import { expect, type Page } from '@playwright/test';
import { chooseOption } from './controls';
import { checkRecordPage } from './checkRecordPage';
import { devicePage } from './devicePage';
import { peoplePage } from './peoplePage';
import { scoringPage } from './scoringPage';
import { sessionsPage } from './sessionsPage';
import { specsPage } from './specsPage';
import { supervisionPage } from './supervisionPage';
import { syncPage } from './syncPage';

export interface SiteProfileInput {
  siteCode: string;
  siteName: string;
  district: string;
}

export const demoProfile: SiteProfileInput = {
  siteCode: 'WH-0301',
  siteName: '威海市职业技能实训中心',
  district: '环翠区',
};
export const managerName = '刘志强';
export const managerPin = '8642';
export const demoSessionName = '胶东花饽饽制作 2026 年第 4 期';

/** The menu's entries as the manager sees them. */
export const menu = {
  home: '首页',
  scoring: '评分',
  supervision: '督导',
  sessions: '考核场次',
  people: '人员',
  specs: '考核规范',
  sync: '同步',
  records: '核验纸质记录',
  device: '本机信息',
} as const;

/** The page model of each screen the menu leads to. */
const screens = {
  scoring: scoringPage,
  supervision: supervisionPage,
  sessions: sessionsPage,
  people: peoplePage,
  specs: specsPage,
  sync: syncPage,
  records: checkRecordPage,
  device: devicePage,
} satisfies Partial<Record<keyof typeof menu, (page: Page) => unknown>>;

export function appPage(page: Page) {
  const app = {
    /** `url`: the app's address when the page has no base URL (a browser process of its own). */
    async open(url = '/') {
      await page.goto(url);
    },
    setupHeading: () => page.getByRole('heading', { name: '首次使用：设置考点信息' }),
    managerHeading: () => page.getByRole('heading', { name: '设置考点负责人' }),
    async fillSetup(profile: SiteProfileInput) {
      await page.getByTestId('site-code').fill(profile.siteCode);
      await page.getByTestId('site-name').fill(profile.siteName);
      await page.getByTestId('district').fill(profile.district);
      await page.getByTestId('setup-submit').click();
    },
    async createManager(name = managerName, pin = managerPin) {
      await page.getByTestId('manager-name').fill(name);
      await page.getByTestId('manager-pin').fill(pin);
      await page.getByTestId('manager-pin-again').fill(pin);
      await page.getByTestId('manager-create').click();
    },
    /** Site profile, then the first manager: ends on the home screen, signed in. */
    async completeSetup(profile: SiteProfileInput = demoProfile) {
      await app.open();
      await app.fillSetup(profile);
      await app.createManager();
      await app.expectHome(profile);
    },
    /** 加载演示考点, on the set-up screen: ends on the sign-in screen. */
    async loadDemo() {
      await page.getByTestId('load-demo').click();
    },
    demoBanner: () => page.getByTestId('demo-banner'),

    home: () => page.getByTestId('home'),
    welcomeHeading: () => page.getByRole('heading', { name: '欢迎使用考点系统' }),
    signedInAs: () => page.getByTestId('signed-in-as'),
    menuItems: () => page.getByRole('menuitem'),
    /** The count on 评分 of discrepancies waiting for the signed-in group leader. */
    scoringBadge: () => page.getByTestId('scoring-badge'),
    async expectHome(profile: SiteProfileInput) {
      await expect(app.home()).toBeVisible();
      await expect(page.getByTestId('home-site-name')).toHaveText(profile.siteName);
      await expect(page.getByTestId('home-site-code')).toHaveText(profile.siteCode);
    },

    loginHeading: () => page.getByRole('heading', { name: '登录' }),
    /** The loud alarm when the database lost what the journal says it held. */
    lossAlarm: () => page.getByTestId('loss-alarm'),
    restoreError: () => page.getByTestId('restore-error'),
    /** `managerPin`: asked for when the journal is sealed under the site manager's PIN. */
    async restoreJournal(managerPin?: string) {
      if (managerPin !== undefined) await page.getByTestId('restore-pin').fill(managerPin);
      await page.getByTestId('restore-journal').click();
    },
    loginProblem: () => page.getByTestId('login-problem'),
    async signIn(name: string, pin: string) {
      await chooseOption(page, 'login-person', name);
      await page.getByTestId('login-pin').fill(pin);
      await page.getByTestId('login-submit').click();
    },
    /** After signing in with a PIN someone else set: the person chooses their own, then is signed in. */
    ownPinScreen: () => page.getByTestId('choose-own-pin'),
    async chooseOwnPin(pin: string) {
      await expect(app.ownPinScreen()).toBeVisible();
      await page.getByTestId('own-pin').fill(pin);
      await page.getByTestId('own-pin-again').fill(pin);
      await page.getByTestId('own-pin-save').click();
    },
    async signOut() {
      await page.getByTestId('sign-out').click();
      await expect(app.loginHeading()).toBeVisible();
    },

    async chooseLanguage(label: '简体中文' | 'English') {
      await page.getByTestId('language-switch').first().click();
      await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).click();
    },
    async openMenu(entry: keyof typeof menu) {
      await page.getByRole('menuitem', { name: menu[entry] }).click();
    },
    /** Opens a screen from the menu and gives its page model. */
    async goTo<S extends keyof typeof screens>(screen: S): Promise<ReturnType<(typeof screens)[S]>> {
      await app.openMenu(screen);
      return screens[screen](page) as ReturnType<(typeof screens)[S]>;
    },

    /** A visitor's start: the demo site loaded, the site manager signed in, the session opened. */
    async startDemoSessionAsManager(url = '/') {
      await app.open(url);
      await app.loadDemo();
      await app.signIn('刘志强', '1111');
      return app.openDemoSession();
    },
    /** The demo session's page, opened (the device clock confirmed) if it was not yet. */
    async openDemoSession() {
      const sessions = await app.goTo('sessions');
      await sessions.open(demoSessionName);
      await sessions.openIfNotOpen();
      return sessions;
    },
    /** On the session's 签到 tab: each ticket checked in present with the pledge signed. */
    async checkInPresent(tickets: readonly string[]) {
      const sessions = sessionsPage(page);
      await sessions.tab('checkin');
      for (const ticket of tickets) await sessions.checkin.present(ticket);
    },
  };
  return app;
}
