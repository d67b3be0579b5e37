/**
 * The one way the renderer reaches its platform. In Electron the preload has put a bridge on
 * `window.kaodian`; anywhere else the browser implementation serves. Callers only ever see
 * `PlatformBridge`.
 */
import { bridgeGlobalName, type PlatformBridge } from '../../shared/ipc';
import { browserBridge } from './browser';

declare global {
  interface Window {
    [bridgeGlobalName]?: PlatformBridge;
  }
}

export function platform(): PlatformBridge {
  return window[bridgeGlobalName] ?? browserBridge;
}
