import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskOfPartition, listRemovableDrives, parseProcMounts, parseWindowsDrives, type DriveProbe } from './drives';
import { DriveWriteError, spareBytes, writeVerified } from './verifiedWrite';

const procMounts = `sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime 0 0
/dev/sdb1 /media/kaodian/KINGSTON vfat rw,nosuid,nodev,relatime,uid=1000 0 0
/dev/sdc1 /run/media/wang/U\\040DISK exfat rw,nosuid,nodev,relatime 0 0
/dev/mmcblk0p1 /mnt/sd vfat rw,relatime 0 0
/dev/loop3 /snap/core/123 squashfs ro,nodev,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0`;

function probe(platform: NodeJS.Platform, files: Record<string, string>, extra: Partial<DriveProbe> = {}): DriveProbe {
  return {
    platform,
    runPowerShell: async () => '',
    readText: async (file) => files[file],
    listDir: async () => [],
    realPath: async (file) => file,
    space: async (mountPoint) => ({ freeBytes: mountPoint.length * 1000, totalBytes: 8_000_000_000 }),
    ...extra,
  };
}

describe('removable drives', () => {
  it('Windows: removable logical disks from PowerShell JSON, one or many', () => {
    expect(
      parseWindowsDrives('{"DeviceID":"E:","VolumeName":"KINGSTON","FreeSpace":7516192768,"Size":15518924800}'),
    ).toEqual([{ mountPoint: 'E:\\', label: 'KINGSTON', freeBytes: 7516192768, totalBytes: 15518924800 }]);
    expect(
      parseWindowsDrives(
        '[{"DeviceID":"E:","VolumeName":"","FreeSpace":1,"Size":2},{"DeviceID":"F:","VolumeName":null,"FreeSpace":null,"Size":null}]',
      ),
    ).toEqual([{ mountPoint: 'E:\\', label: 'E:', freeBytes: 1, totalBytes: 2 }]);
    expect(parseWindowsDrives('')).toEqual([]);
  });

  it('Linux: /proc/mounts with octal escapes; the disk of a partition', () => {
    const mounts = parseProcMounts(procMounts);
    expect(mounts.map((m) => m.mountPoint)).toEqual([
      '/',
      '/boot/efi',
      '/media/kaodian/KINGSTON',
      '/run/media/wang/U DISK',
      '/mnt/sd',
      '/snap/core/123',
    ]);
    expect(['/dev/sdb1', '/dev/mmcblk0p1', '/dev/nvme0n1p2', '/dev/sda'].map(diskOfPartition)).toEqual([
      'sdb',
      'mmcblk0',
      'nvme0n1',
      'sda',
    ]);
  });

  it('Linux: the removable flag or a /media mount, never the system disk or a snap', async () => {
    const drives = await listRemovableDrives(
      probe('linux', {
        '/proc/mounts': procMounts,
        '/sys/block/sdb/removable': '1\n',
        '/sys/block/sdc/removable': '0\n',
        '/sys/block/mmcblk0/removable': '1\n',
        '/sys/block/nvme0n1/removable': '0\n',
      }),
    );
    expect(drives.map((d) => [d.label, d.mountPoint])).toEqual([
      ['KINGSTON', '/media/kaodian/KINGSTON'],
      ['U DISK', '/run/media/wang/U DISK'],
      ['sd', '/mnt/sd'],
    ]);
    expect(drives[0]!.freeBytes).toBeGreaterThan(0);
  });

  it('macOS: /Volumes without the start-up disk', async () => {
    const drives = await listRemovableDrives(
      probe(
        'darwin',
        {},
        {
          listDir: async () => ['Macintosh HD', 'KAODIAN'],
          realPath: async (file) => (file.endsWith('Macintosh HD') ? '/' : file),
        },
      ),
    );
    expect(drives.map((d) => d.mountPoint)).toEqual(['/Volumes/KAODIAN']);
  });

  it('Windows: runs the Win32_LogicalDisk query', async () => {
    let script = '';
    await listRemovableDrives(probe('win32', {}, { runPowerShell: async (s) => ((script = s), '[]') }));
    expect(script).toContain('DriveType=2');
  });
});

describe('verified writes to a drive', () => {
  it('writes, reads back and compares; leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kaodian-drive-'));
    const target = path.join(dir, 'WH-0301.kdpkg');
    const bytes = new TextEncoder().encode('包'.repeat(10_000));
    const { sha256 } = await writeVerified(target, bytes);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
    expect(await readdir(dir)).toEqual(['WH-0301.kdpkg']);
  });

  it('refuses before writing when the drive is too full', async () => {
    let wrote = false;
    const deps = {
      freeBytes: async () => 1000 + spareBytes - 1,
      write: async () => void (wrote = true),
      readBack: async () => new Uint8Array(),
    };
    await expect(writeVerified('/media/x/a.kdpkg', new Uint8Array(1000), deps)).rejects.toMatchObject({
      code: 'insufficient_space',
    });
    expect(wrote).toBe(false);
  });

  it('says so when the drive gives back other bytes than were written', async () => {
    const deps = { freeBytes: async () => 1e9, write: async () => {}, readBack: async () => new Uint8Array([1, 2, 3]) };
    const failure = writeVerified('/media/x/a.kdpkg', new Uint8Array([1, 2, 4]), deps);
    await expect(failure).rejects.toBeInstanceOf(DriveWriteError);
    await expect(failure).rejects.toMatchObject({ code: 'verify_failed' });
  });
});
