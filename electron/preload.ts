/**
 * The preload: one narrow object on `window.kaodian`, one function per channel. It never
 * exposes ipcRenderer itself; the main process validates every argument again.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { bridgeGlobalName } from '../shared/bridgeName';
import type { IpcChannel, IpcRequest, IpcResponse, PlatformBridge } from '../shared/ipc';

function invoke<C extends IpcChannel>(channel: C, request?: IpcRequest<C>): Promise<IpcResponse<C>> {
  return ipcRenderer.invoke(channel, request);
}

const bridge = {
  info: () => invoke('platform:info'),
  saveFile: (request) => invoke('file:save', request),
  openFile: (request) => invoke('file:open', request),
  printPdf: (request) => invoke('file:print', request),
  listDrives: () => invoke('drives:list'),
  saveToDrive: (request) => invoke('drives:save', request),
  journal: {
    append: (request) => invoke('journal:append', request),
    read: () => invoke('journal:read'),
    marker: () => invoke('journal:marker'),
    archive: () => invoke('journal:archive'),
    replace: (request) => invoke('journal:replace', request),
    readKey: () => invoke('journal:key-read'),
    writeKey: (text) => invoke('journal:key-write', text),
  },
  secrets: {
    protect: (secret) => invoke('secret:protect', secret),
    reveal: (sealed) => invoke('secret:reveal', sealed),
  },
  district: (request) => invoke('district:fetch', request),
} satisfies PlatformBridge;

contextBridge.exposeInMainWorld(bridgeGlobalName, bridge);
