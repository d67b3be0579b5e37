import { describe, expect, it, vi } from 'vitest';
import { dispatch, IpcRejection, registerIpcHandlers, type IpcHandlers } from './ipcHandlers';

function handlers(): IpcHandlers {
  return {
    'platform:info': vi.fn(async () => ({ shell: 'electron' as const, version: '45.0.0', os: 'linux' })),
    'file:save': vi.fn(async () => ({ saved: true as const, name: 'a.kdpkg' })),
    'file:open': vi.fn(async () => null),
    'file:print': vi.fn(async () => undefined),
    'drives:list': vi.fn(async () => []),
    'drives:save': vi.fn(async () => ({ saved: false as const, problem: 'not_a_drive' as const })),
    'journal:append': vi.fn(async () => undefined),
    'journal:read': vi.fn(async () => ({ lines: '', marker: null })),
    'journal:marker': vi.fn(async () => null),
    'journal:archive': vi.fn(async () => undefined),
    'journal:replace': vi.fn(async () => undefined),
    'journal:key-read': vi.fn(async () => null),
    'journal:key-write': vi.fn(async () => undefined),
    'secret:protect': vi.fn(async () => null),
    'secret:reveal': vi.fn(async () => ''),
    'district:fetch': vi.fn(async () => ({ reached: false as const, error: 'offline' })),
  };
}

const fromApp = { senderFrame: { url: 'app://kaodian/index.html' } };

describe('IPC dispatch', () => {
  it('runs a valid call from the app', async () => {
    const h = handlers();
    await expect(dispatch(h, 'platform:info', fromApp, [])).resolves.toEqual({
      shell: 'electron',
      version: '45.0.0',
      os: 'linux',
    });
    await expect(
      dispatch(h, 'file:save', fromApp, [
        { suggestedName: '成绩汇总表.pdf', mimeType: 'application/pdf', bytes: new Uint8Array([1]) },
      ]),
    ).resolves.toEqual({ saved: true, name: 'a.kdpkg' });
  });

  it.each(['https://evil.example/', 'app://kaodian.evil/', 'app://kaodian@evil/', 'file:///index.html'])(
    'refuses a call from %s',
    async (url) => {
      const h = handlers();
      await expect(dispatch(h, 'platform:info', { senderFrame: { url } }, [])).rejects.toMatchObject({
        code: 'untrusted_sender',
      });
      expect(h['platform:info']).not.toHaveBeenCalled();
    },
  );

  it('refuses a call with no frame', async () => {
    await expect(dispatch(handlers(), 'platform:info', { senderFrame: null }, [])).rejects.toBeInstanceOf(IpcRejection);
  });

  it.each([
    [{ suggestedName: '../../etc/passwd', mimeType: 'text/plain', bytes: new Uint8Array() }],
    [{ suggestedName: 'C:\\Windows\\x.dll', mimeType: 'text/plain', bytes: new Uint8Array() }],
    [{ suggestedName: 'a.txt', mimeType: 'text/plain', bytes: 'not bytes' }],
    [{ suggestedName: 'a.txt' }],
    ['a.txt'],
    [{ suggestedName: 'a.txt', mimeType: 'text/plain', bytes: new Uint8Array() }, 'extra'],
  ])('refuses bad arguments %#', async (...args) => {
    const h = handlers();
    await expect(dispatch(h, 'file:save', fromApp, args)).rejects.toMatchObject({ code: 'bad_request' });
    expect(h['file:save']).not.toHaveBeenCalled();
  });

  it('registers one handler per channel', () => {
    const registered: string[] = [];
    registerIpcHandlers({ handle: (channel) => registered.push(channel) }, handlers());
    expect(registered.sort()).toEqual([
      'district:fetch',
      'drives:list',
      'drives:save',
      'file:open',
      'file:print',
      'file:save',
      'journal:append',
      'journal:archive',
      'journal:key-read',
      'journal:key-write',
      'journal:marker',
      'journal:read',
      'journal:replace',
      'platform:info',
      'secret:protect',
      'secret:reveal',
    ]);
  });
});
