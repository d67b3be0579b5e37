/** The renderer's one Zustand store, made of slices (one per concern). */
import { create, type StateCreator } from 'zustand';
import type { PlatformInfo } from '../../shared/ipc';
import { defaultUiLanguage, type SiteProfile, type UiLanguage } from '../../shared/domain/site';
import type { StorageStatus } from '../features/device/storage';

export const pages = ['home', 'device'] as const;
export type Page = (typeof pages)[number];
export function isPage(value: string): value is Page {
  return (pages as readonly string[]).includes(value);
}

export interface SettingsSlice {
  siteProfile: SiteProfile | undefined;
  language: UiLanguage;
  setSiteProfile(profile: SiteProfile): void;
  setLanguage(language: UiLanguage): void;
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
  setDeviceStatus(status: { platformInfo: PlatformInfo; storage: StorageStatus; databaseVersion: number }): void;
}

export interface NavigationSlice {
  page: Page;
  navigate(page: Page): void;
}

export type AppState = SettingsSlice & DeviceSlice & NavigationSlice;
type Slice<T> = StateCreator<AppState, [], [], T>;

const settingsSlice: Slice<SettingsSlice> = (set) => ({
  siteProfile: undefined,
  language: defaultUiLanguage,
  setSiteProfile: (siteProfile) => set({ siteProfile }),
  setLanguage: (language) => set({ language }),
});

const deviceSlice: Slice<DeviceSlice> = (set) => ({
  platformInfo: undefined,
  storage: undefined,
  databaseVersion: undefined,
  identity: undefined,
  setIdentity: (identity) => set({ identity }),
  setDeviceStatus: (status) => set(status),
});

const navigationSlice: Slice<NavigationSlice> = (set) => ({
  page: 'home',
  navigate: (page) => set({ page }),
});

export const useAppStore = create<AppState>()((...args) => ({
  ...settingsSlice(...args),
  ...deviceSlice(...args),
  ...navigationSlice(...args),
}));
