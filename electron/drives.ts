/**
 * Removable drives, for the USB export to offer first: label, mount point, free and total
 * bytes. Each platform's listing is a parser of plain text (tested with recorded samples) over
 * a small reader that runs the command or reads the files.
 *
 * - Windows: Win32_LogicalDisk with DriveType 2 (removable), through PowerShell, as JSON.
 * - Linux: /proc/mounts, keeping block devices whose disk has /sys/block/<disk>/removable = 1
 *   or that are mounted under /media or /run/media (USB sticks some kernels report as fixed).
 * - macOS: the volumes under /Volumes other than the start-up disk.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, realpath, statfs } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export interface RemovableDrive {
  /** Where files are written: "E:\\", "/media/kaodian/KINGSTON". */
  mountPoint: string;
  label: string;
  freeBytes: number;
  totalBytes: number;
}

const run = promisify(execFile);

/** PowerShell's JSON: one object, or an array of them. */
export function parseWindowsDrives(json: string): RemovableDrive[] {
  if (!json.trim()) return [];
  const parsed: unknown = JSON.parse(json);
  const rows = (Array.isArray(parsed) ? parsed : [parsed]) as {
    DeviceID?: string;
    VolumeName?: string | null;
    FreeSpace?: number | null;
    Size?: number | null;
  }[];
  return rows
    .filter(
      (row) =>
        typeof row.DeviceID === 'string' &&
        /^[A-Z]:$/.test(row.DeviceID) &&
        typeof row.Size === 'number' &&
        row.Size > 0,
    )
    .map((row) => ({
      mountPoint: `${row.DeviceID}\\`,
      label: row.VolumeName || row.DeviceID!,
      freeBytes: row.FreeSpace ?? 0,
      totalBytes: row.Size!,
    }));
}

export interface LinuxMount {
  device: string;
  mountPoint: string;
  fsType: string;
}

/** /proc/mounts lines; spaces and other characters in paths come octal-escaped (\040). */
export function parseProcMounts(text: string): LinuxMount[] {
  const unescape = (field: string) =>
    field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields.length >= 3 && fields[0]!.startsWith('/dev/'))
    .map(([device, mountPoint, fsType]) => ({
      device: unescape(device!),
      mountPoint: unescape(mountPoint!),
      fsType: fsType!,
    }));
}

/** "/dev/sdb1" → "sdb", "/dev/mmcblk0p1" → "mmcblk0", "/dev/nvme0n1p2" → "nvme0n1". */
export function diskOfPartition(device: string): string {
  const name = path.basename(device);
  const withP = /^((?:mmcblk|nvme\d+n|loop)\d+)p\d+$/.exec(name);
  if (withP) return withP[1]!;
  return name.replace(/\d+$/, '');
}

const filesystemsOfSticks = new Set([
  'vfat',
  'exfat',
  'ntfs',
  'ntfs3',
  'fuseblk',
  'ext4',
  'ext3',
  'ext2',
  'hfsplus',
  'apfs',
  'btrfs',
  'xfs',
]);

export function isLikelyRemovable(mount: LinuxMount, removableFlag: boolean): boolean {
  if (!filesystemsOfSticks.has(mount.fsType)) return false;
  if (removableFlag) return true;
  return /^\/(media|run\/media)\//.test(mount.mountPoint);
}

export interface DriveProbe {
  platform: NodeJS.Platform;
  runPowerShell(script: string): Promise<string>;
  readText(file: string): Promise<string | undefined>;
  listDir(dir: string): Promise<string[]>;
  realPath(file: string): Promise<string>;
  space(mountPoint: string): Promise<{ freeBytes: number; totalBytes: number }>;
}

export const windowsDriveScript =
  'Get-CimInstance Win32_LogicalDisk -Filter "DriveType=2" | Select-Object DeviceID,VolumeName,FreeSpace,Size | ConvertTo-Json -Compress';

export async function listRemovableDrives(probe: DriveProbe = systemProbe): Promise<RemovableDrive[]> {
  if (probe.platform === 'win32') return parseWindowsDrives(await probe.runPowerShell(windowsDriveScript));
  if (probe.platform === 'linux') {
    const mounts = parseProcMounts((await probe.readText('/proc/mounts')) ?? '');
    const drives: RemovableDrive[] = [];
    for (const mount of mounts) {
      const flag = (await probe.readText(`/sys/block/${diskOfPartition(mount.device)}/removable`))?.trim() === '1';
      if (!isLikelyRemovable(mount, flag)) continue;
      drives.push({
        mountPoint: mount.mountPoint,
        label: path.basename(mount.mountPoint),
        ...(await probe.space(mount.mountPoint)),
      });
    }
    return drives;
  }
  if (probe.platform === 'darwin') {
    const drives: RemovableDrive[] = [];
    for (const name of await probe.listDir('/Volumes')) {
      const mountPoint = path.join('/Volumes', name);
      // The start-up disk appears in /Volumes as a link to "/".
      if ((await probe.realPath(mountPoint)) === '/') continue;
      drives.push({ mountPoint, label: name, ...(await probe.space(mountPoint)) });
    }
    return drives;
  }
  return [];
}

export const systemProbe: DriveProbe = {
  platform: process.platform,
  runPowerShell: async (script) =>
    (
      await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script], {
        windowsHide: true,
        timeout: 15_000,
      })
    ).stdout,
  readText: async (file) => {
    try {
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  listDir: async (dir) => {
    try {
      return await readdir(dir);
    } catch {
      return [];
    }
  },
  realPath: (file) => realpath(file),
  space: async (mountPoint) => {
    const stats = await statfs(mountPoint);
    return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  },
};
