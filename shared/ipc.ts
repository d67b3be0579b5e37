/**
 * The typed contract between the renderer and the platform it runs on.
 *
 * The renderer talks to the OS only through `PlatformBridge`. In Electron the preload implements
 * it over IPC (each channel below is validated with its zod schema in the main process); in
 * browser mode renderer/platform/browser.ts implements it with the browser's own APIs.
 */
import { z } from 'zod';
import { journalMarkerSchema, type JournalMarker } from './ledger/journal';
import {
  districtRequestSchema,
  districtResponseSchema,
  type DistrictRequest,
  type DistrictResponse,
} from './sync/district';

export const shellKinds = ['electron', 'browser'] as const;
export type ShellKind = (typeof shellKinds)[number];

export const platformInfoSchema = z.object({
  shell: z.enum(shellKinds),
  /** The shell's version: Electron's, or the browser's user agent product. */
  version: z.string(),
  /** Operating system family as the shell reports it, e.g. "win32", "linux", "browser". */
  os: z.string(),
  /** Whether the OS can protect secrets (electron/keyProtection.ts); absent in browser mode. */
  secretStorage: z.enum(['os_protected', 'refused_basic_text', 'unavailable']).optional(),
});
export type PlatformInfo = z.infer<typeof platformInfoSchema>;

/** Largest file the bridge moves in one call; sync packages are streamed elsewhere. */
export const maxBridgeFileBytes = 512 * 1024 * 1024;

const fileNameSchema = z
  .string()
  .min(1)
  .max(255)
  // A suggested name only, never a path: no separators, no parent references, no control chars.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
  .regex(/^[^/\\:*?"<>|\u0000-\u001f]+$/)
  .refine((name) => name !== '.' && name !== '..');

export const saveFileRequestSchema = z.object({
  suggestedName: fileNameSchema,
  mimeType: z.string().max(100),
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= maxBridgeFileBytes),
});
export type SaveFileRequest = z.infer<typeof saveFileRequestSchema>;

export const saveFileResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), name: z.string() }),
  z.object({ saved: z.literal(false) }),
]);
export type SaveFileResult = z.infer<typeof saveFileResultSchema>;

export const openFileRequestSchema = z.object({
  /** File name extensions without the dot, e.g. ["xlsx", "csv"]. */
  extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(20),
});
export type OpenFileRequest = z.infer<typeof openFileRequestSchema>;

export const openedFileSchema = z.object({ name: z.string(), bytes: z.instanceof(Uint8Array) }).nullable();
export type OpenedFile = NonNullable<z.infer<typeof openedFileSchema>>;

export const printPdfRequestSchema = z.object({
  /** Names the temporary file the system viewer shows, e.g. "成绩汇总表". */
  title: fileNameSchema,
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= maxBridgeFileBytes),
});
export type PrintPdfRequest = z.infer<typeof printPdfRequestSchema>;

export const removableDriveSchema = z.object({
  mountPoint: z.string().min(1).max(1024),
  label: z.string().max(255),
  freeBytes: z.number().min(0),
  totalBytes: z.number().min(0),
});
export type RemovableDrive = z.infer<typeof removableDriveSchema>;

export const saveToDriveRequestSchema = z.object({
  /** One of the mount points `drives:list` returned; anything else is refused. */
  mountPoint: z.string().min(1).max(1024),
  suggestedName: fileNameSchema,
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= maxBridgeFileBytes),
});
export type SaveToDriveRequest = z.infer<typeof saveToDriveRequestSchema>;
export const saveToDriveResultSchema = z.discriminatedUnion('saved', [
  z.object({ saved: z.literal(true), name: z.string(), sha256: z.string() }),
  z.object({ saved: z.literal(false), problem: z.enum(['insufficient_space', 'verify_failed', 'not_a_drive']) }),
]);
export type SaveToDriveResult = z.infer<typeof saveToDriveResultSchema>;

/** Largest journal text moved in one call (a whole journal, for a restore). */
export const maxJournalChars = 1024 * 1024 * 1024;

export const journalAppendSchema = z.object({
  /** Canonical event lines, each ending with a newline (shared/ledger/journal.ts). */
  lines: z.string().max(maxJournalChars),
  marker: journalMarkerSchema,
});
export type JournalAppend = z.infer<typeof journalAppendSchema>;
export const journalReadSchema = z.object({
  lines: z.string().max(maxJournalChars),
  marker: journalMarkerSchema.nullable(),
});
export type JournalRead = z.infer<typeof journalReadSchema>;

/** Every IPC channel with the schema of its one argument and of its answer. */
export const ipcChannels = {
  'platform:info': { request: z.undefined(), response: platformInfoSchema },
  'file:save': { request: saveFileRequestSchema, response: saveFileResultSchema },
  'file:open': { request: openFileRequestSchema, response: openedFileSchema },
  'file:print': { request: printPdfRequestSchema, response: z.undefined() },
  'drives:list': { request: z.undefined(), response: z.array(removableDriveSchema) },
  'drives:save': { request: saveToDriveRequestSchema, response: saveToDriveResultSchema },
  'journal:append': { request: journalAppendSchema, response: z.undefined() },
  'journal:read': { request: z.undefined(), response: journalReadSchema },
  'journal:marker': { request: z.undefined(), response: journalMarkerSchema.nullable() },
  'journal:archive': { request: z.undefined(), response: z.undefined() },
  'journal:replace': { request: journalAppendSchema, response: z.undefined() },
  'journal:key-read': {
    request: z.undefined(),
    response: z
      .string()
      .max(64 * 1024)
      .nullable(),
  },
  'journal:key-write': { request: z.string().max(64 * 1024), response: z.undefined() },
  'secret:protect': { request: z.string().max(64 * 1024), response: z.string().nullable() },
  'secret:reveal': { request: z.string().max(64 * 1024), response: z.string() },
  'district:fetch': { request: districtRequestSchema, response: districtResponseSchema },
} as const;
export type IpcChannel = keyof typeof ipcChannels;
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcChannels)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcChannels)[C]['response']>;

/** What the renderer may ask of its platform. */
export interface PlatformBridge {
  info(): Promise<PlatformInfo>;
  /** Asks the person where to save and writes the file; `saved: false` when they cancel. */
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Asks the person for one file and returns its bytes, or null when they cancel. */
  openFile(request: OpenFileRequest): Promise<OpenedFile | null>;
  /** Mounted removable drives (USB sticks, SD cards); none in browser mode. */
  listDrives(): Promise<RemovableDrive[]>;
  /** Writes to a removable drive, flushed and read back; refused before writing when it is too full. */
  saveToDrive(request: SaveToDriveRequest): Promise<SaveToDriveResult>;
  /** Shows a PDF where the person can print it with the system's print dialog. */
  printPdf(request: PrintPdfRequest): Promise<void>;
  /**
   * The journal outside the database (shared/ledger/journal.ts): appended after every commit,
   * flushed before it resolves; its marker is checked at start for a lost database.
   */
  journal: {
    append(request: JournalAppend): Promise<void>;
    read(): Promise<JournalRead>;
    marker(): Promise<JournalMarker | null>;
    archive(): Promise<void>;
    /** Replaces the whole journal (sealing one written before sealing existed): new text first, then the marker. */
    replace(request: JournalAppend): Promise<void>;
    /** The key file beside the journal (shared/ledger/journalSeal.ts), or null when there is none. */
    readKey(): Promise<string | null>;
    writeKey(text: string): Promise<void>;
  };
  /**
   * Secrets sealed by the operating system (Electron's safeStorage: DPAPI on Windows), as
   * base64url; `protect` answers null where the system cannot (browser mode, Linux without a keyring).
   */
  secrets: {
    protect(secret: string): Promise<string | null>;
    reveal(sealed: string): Promise<string>;
  };
  /**
   * One call to the district authority (shared/sync/district.ts): made by the main process, or
   * in browser mode forwarded by the page's server — never by the renderer itself.
   */
  district(request: DistrictRequest): Promise<DistrictResponse>;
}

export { bridgeGlobalName } from './bridgeName';
