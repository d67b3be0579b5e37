/** The renderer's one Zustand store, made of slices (one per concern). */
import { create, type StateCreator } from 'zustand';
import type { PlatformInfo } from '../../shared/ipc';
import type { StorageStatus } from '../features/device/storage';
import type { Ledger } from '../db/ledger';
import { defaultSettings, type Settings } from '../db/settings';
import type { SiteState } from '../../shared/state/project';
import type { LossVerdict } from '../../shared/ledger/journal';

export const pages = [
  'home',
  'scoring',
  'supervision',
  'sessions',
  'people',
  'specs',
  'sync',
  'records',
  'device',
] as const;
export type Page = (typeof pages)[number];
export function isPage(value: string): value is Page {
  return (pages as readonly string[]).includes(value);
}

export interface SettingsSlice {
  /** The device settings as stored (renderer/db/settings.ts); change them with `useSetting`. */
  settings: Settings;
  /** Puts values already stored (or loaded) into the store; `useSetting` persists first. */
  setSettings(change: Partial<Settings>): void;
}

export interface DeviceIdentity {
  device: string;
  kid: string;
  /** The key id in groups of four, for people to compare. */
  fingerprint: string;
}

export interface DeviceSlice {
  platformInfo: PlatformInfo | undefined;
  storage: StorageStatus | undefined;
  databaseVersion: number | undefined;
  identity: DeviceIdentity | undefined;
  setIdentity(identity: DeviceIdentity): void;
  /** Set at start when the database lost what the journal's marker says it held. */
  lossAlarm: Extract<LossVerdict, { lost: true }> | undefined;
  setLossAlarm(alarm: Extract<LossVerdict, { lost: true }>): void;
  setDeviceStatus(status: { platformInfo: PlatformInfo; storage: StorageStatus; databaseVersion: number }): void;
}

export interface NavigationSlice {
  page: Page;
  /** The session open in the sessions page, if any. */
  sessionId: string | undefined;
  /** The candidate open on the scoring page (kept here so that unlocking returns to the sheet). */
  scoringCandidate: string | undefined;
  navigate(page: Page): void;
  openSession(sessionId: string | undefined): void;
  openScoringCandidate(candidate: string | undefined): void;
}

export interface SignedInUser {
  person: string;
  name: string;
  role: 'manager' | 'examiner' | 'supervisor';
}

export interface AuthSlice {
  user: SignedInUser | undefined;
  /** Why the last sign-out happened, to tell the person on the sign-in screen. */
  signedOutBecause: 'idle' | undefined;
  /** Whose screen the idle lock closed: the same person signing in again goes back to it. */
  lockedAt: { person: string; page: Page; sessionId?: string; scoringCandidate?: string } | undefined;
  signIn(user: SignedInUser): void;
  signOut(because?: 'idle'): void;
}

export interface LedgerSlice {
  ledger: Ledger | undefined;
  /**
   * The projected site state; a new object after every change, for React. Select `s.site` and
   * read collections from it: a collection itself is changed in place (shared/state/project.ts).
   */
  site: SiteState | undefined;
  /** Takes the ledger and follows it: every change it commits becomes a new `site`. */
  setLedger(ledger: Ledger): void;
  /**
   * The people as stored, read at start before the ledger has loaded (db/ledger.ts
   * storedPeople): the sign-in screen shows from them; everything else waits for `site`.
   */
  peopleAtStart: SiteState['people'] | undefined;
  setPeopleAtStart(people: SiteState['people']): void;
}

export interface SyncStatus {
  running: boolean;
  lastSyncedAt?: number;
  /** A translated sentence for people; the code for tests and logs. */
  lastError?: { code: string; message: string; at: number };
  progress?: { done: number; total: number };
  clockSkewMs?: number;
  failures: number;
}

export interface SyncSlice {
  sync: SyncStatus;
  setSync(change: Partial<SyncStatus>): void;
}

export type AppState = SettingsSlice & DeviceSlice & NavigationSlice & LedgerSlice & AuthSlice & SyncSlice;
type Slice<T> = StateCreator<AppState, [], [], T>;

const settingsSlice: Slice<SettingsSlice> = (set) => ({
  settings: defaultSettings(),
  setSettings: (change) => set((state) => ({ settings: { ...state.settings, ...change } })),
});

const deviceSlice: Slice<DeviceSlice> = (set) => ({
  platformInfo: undefined,
  storage: undefined,
  databaseVersion: undefined,
  identity: undefined,
  setIdentity: (identity) => set({ identity }),
  lossAlarm: undefined,
  setLossAlarm: (lossAlarm) => set({ lossAlarm }),
  setDeviceStatus: (status) => set(status),
});

const ledgerSlice: Slice<LedgerSlice> = (set) => ({
  ledger: undefined,
  site: undefined,
  peopleAtStart: undefined,
  setPeopleAtStart: (peopleAtStart) => set({ peopleAtStart }),
  setLedger: (ledger) => {
    unfollow?.();
    unfollow = ledger.subscribe((state) => set({ site: { ...state } }));
    set({ ledger, site: { ...ledger.state() } });
  },
});

/** Stops following the ledger set before (a store holds one ledger at a time). */
let unfollow: (() => void) | undefined;

const syncSlice: Slice<SyncSlice> = (set) => ({
  sync: { running: false, failures: 0 },
  setSync: (change) => set((state) => ({ sync: { ...state.sync, ...change } })),
});

const navigationSlice: Slice<NavigationSlice> = (set) => ({
  page: 'home',
  sessionId: undefined,
  scoringCandidate: undefined,
  navigate: (page) => set({ page, sessionId: undefined, scoringCandidate: undefined }),
  openSession: (sessionId) => set({ page: 'sessions', sessionId }),
  openScoringCandidate: (scoringCandidate) => set({ scoringCandidate }),
});

const authSlice: Slice<AuthSlice> = (set) => ({
  user: undefined,
  signedOutBecause: undefined,
  lockedAt: undefined,
  signIn: (user) =>
    set((state) => {
      // After an idle lock, the same person is back where they were (an examiner mid-practical
      // at their candidate's sheet); anyone else starts at home.
      const resume = state.lockedAt?.person === user.person ? state.lockedAt : undefined;
      return {
        user,
        signedOutBecause: undefined,
        lockedAt: undefined,
        page: resume?.page ?? 'home',
        sessionId: resume?.sessionId,
        scoringCandidate: resume?.scoringCandidate,
      };
    }),
  signOut: (because) =>
    set((state) => ({
      user: undefined,
      signedOutBecause: because,
      lockedAt:
        because === 'idle' && state.user
          ? {
              person: state.user.person,
              page: state.page,
              sessionId: state.sessionId,
              scoringCandidate: state.scoringCandidate,
            }
          : undefined,
    })),
});

export const useAppStore = create<AppState>()((...args) => ({
  ...settingsSlice(...args),
  ...deviceSlice(...args),
  ...navigationSlice(...args),
  ...ledgerSlice(...args),
  ...authSlice(...args),
  ...syncSlice(...args),
}));
