/**
 * IPC: one typed handler per channel of shared/ipc.ts. Every call is checked twice before a
 * handler runs: the sender's frame must be the app's own origin, and the argument must pass the
 * channel's zod schema. Answers are checked against their schema too.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { ipcChannels, type IpcChannel, type IpcRequest, type IpcResponse } from '../shared/ipc';
import { isAppUrl } from './origin';

export type IpcHandlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

interface InvokeRegistry {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export class IpcRejection extends Error {
  constructor(
    readonly code: 'untrusted_sender' | 'bad_request',
    message: string,
  ) {
    super(message);
  }
}

type SenderEvent = { senderFrame: { url: string } | null };

/** Runs one call through the checks; exported for tests. */
export async function dispatch<C extends IpcChannel>(
  handlers: IpcHandlers,
  channel: C,
  event: SenderEvent,
  args: unknown[],
): Promise<IpcResponse<C>> {
  if (!isAppUrl(event.senderFrame?.url))
    throw new IpcRejection('untrusted_sender', `${channel}: sender is not the app`);
  if (args.length > 1) throw new IpcRejection('bad_request', `${channel}: one argument at most`);
  const schema = ipcChannels[channel];
  const request = schema.request.safeParse(args[0]);
  if (!request.success)
    throw new IpcRejection('bad_request', `${channel}: ${request.error.issues[0]?.message ?? 'invalid'}`);
  const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
  return schema.response.parse(await handler(request.data)) as IpcResponse<C>;
}

export function registerIpcHandlers(ipcMain: InvokeRegistry, handlers: IpcHandlers): void {
  for (const channel of Object.keys(ipcChannels) as IpcChannel[]) {
    ipcMain.handle(channel, (event, ...args) => dispatch(handlers, channel, event, args));
  }
}
