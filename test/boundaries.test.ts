/**
 * The process boundaries of DESIGN.md §3 are enforced by ESLint; these tests prove the rules
 * bite, by linting small files placed (virtually) in each world.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter(
      (m) =>
        m.ruleId === 'no-restricted-imports' ||
        m.ruleId === 'no-restricted-globals' ||
        m.ruleId === 'no-restricted-syntax',
    )
    .map((m) => m.message);
}

describe('process boundaries', () => {
  it.each([
    ["import 'react';", 'react'],
    ["import { Dexie } from 'dexie';", 'dexie'],
    ["import { create } from 'zustand';", 'zustand'],
    ["import { app } from 'electron';", 'electron'],
    ["import { readFile } from 'node:fs/promises';", 'node:fs'],
    ["import path from 'path';", 'path'],
    ["import { platform } from '../renderer/platform';", 'renderer'],
  ])('shared/ refuses %s', async (code) => {
    expect(await boundaryErrors('shared/domain/probe.ts', `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it('shared/ refuses DOM and Node globals', async () => {
    expect(
      await boundaryErrors(
        'shared/domain/probe.ts',
        'export const a = window.location;\nexport const b = process.env;\n',
      ),
    ).toHaveLength(2);
  });

  it('shared/ may import zod and its own modules', async () => {
    expect(
      await boundaryErrors(
        'shared/domain/probe.ts',
        "import { z } from 'zod';\nimport { uiLanguages } from './site';\nexport const s = z.enum(uiLanguages);\n",
      ),
    ).toEqual([]);
  });

  it.each([
    "import { ipcRenderer } from 'electron';",
    "import fs from 'node:fs';",
    "import { spawn } from 'child_process';",
  ])('renderer/ refuses %s', async (code) => {
    expect(await boundaryErrors('renderer/features/home/Probe.tsx', `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it.each([
    ["import { chains } from '../test/support/chains';", 'test'],
    ["import { kdpkg } from '../tools/kdpkg';", 'tools'],
    ["import { platform } from '../renderer/platform';", 'renderer'],
    ["import { journal } from '../electron/journal';", 'electron'],
    ["import { Dexie } from 'dexie';", 'dexie'],
    ["import React from 'react';", 'react'],
  ])('authority/ refuses %s', async (code) => {
    expect(await boundaryErrors('authority/probe.ts', `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it('authority/ may import Node, fastify and shared/', async () => {
    expect(
      await boundaryErrors(
        'authority/probe.ts',
        "import { readFile } from 'node:fs/promises';\nimport Fastify from 'fastify';\nimport { zeroHash } from '../shared/ledger/hash';\nexport { readFile, Fastify, zeroHash };\n",
      ),
    ).toEqual([]);
  });

  it('a screen shows errors through describeError, never String(error)', async () => {
    const raw = 'export function show(error: unknown) {\n  return String(error);\n}\n';
    expect(await boundaryErrors('renderer/features/home/Probe.tsx', raw)).toEqual([
      expect.stringContaining('describeError'),
    ]);
    expect(
      await boundaryErrors('renderer/features/home/Probe.tsx', 'export const label = (n: number) => String(n);\n'),
    ).toEqual([]);
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", 'node'],
    ["import { shell } from 'electron';", 'shell'],
    ["import { journalPath } from './journal';", 'main-process module'],
    ['export const pid = process.pid;', 'process global'],
  ])('the sandboxed preload refuses %s', async (code) => {
    expect(await boundaryErrors('electron/preload.ts', `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it('the preload may use contextBridge, ipcRenderer and shared/', async () => {
    const code =
      "import { contextBridge, ipcRenderer } from 'electron';\nimport { bridgeGlobalName } from '../shared/bridgeName';\nexport { contextBridge, ipcRenderer, bridgeGlobalName };\n";
    expect(await boundaryErrors('electron/preload.ts', code)).toEqual([]);
  });

  it('only renderer/db/ imports Dexie', async () => {
    const code = "import { Dexie } from 'dexie';\nexport const D = Dexie;\n";
    expect(await boundaryErrors('renderer/features/home/probe.ts', code)).not.toEqual([]);
    expect(await boundaryErrors('renderer/db/probe.ts', code)).toEqual([]);
  });

  it.each([
    ["import { readFile } from 'node:fs/promises';", 'node'],
    ["import Fastify from 'fastify';", 'the server'],
    ["import { platform } from '../../renderer/platform';", 'renderer'],
  ])('the console (authority/console) refuses %s', async (code) => {
    expect(await boundaryErrors('authority/console/pages/Probe.tsx', `${code}\nexport {};\n`)).not.toEqual([]);
  });

  it("the console's imports resolve into authority/console/ or shared/ only, and it shows no untranslated words", async () => {
    const root = path.resolve('authority/console');
    const files = (await readdir(root, { recursive: true })).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(8);
    const strays: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      for (const [, specifier] of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = path.relative(process.cwd(), path.resolve(root, path.dirname(file), specifier!));
        if (!target.startsWith('authority/console/') && !target.startsWith('shared/'))
          strays.push(`${file}: ${specifier}`);
      }
      // Chinese words live in i18n.ts; a screen names them by key.
      if (
        file !== 'i18n.ts' &&
        file !== 'index.html' &&
        /\p{Script=Han}/u.test(text.replace(/^\s*(\/\*\*|\*|\/\/).*$/gm, ''))
      )
        strays.push(`${file}: Chinese text outside i18n.ts`);
    }
    expect(strays).toEqual([]);
  });
});
