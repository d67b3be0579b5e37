/** Runs a command with inherited output and resolves with its exit code. */
import { spawn } from 'node:child_process';

export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {},
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: options.quiet ? 'ignore' : 'inherit',
      env: { ...process.env, ...options.env },
      shell: process.platform === 'win32',
    });
    child.on('error', () => resolve(127));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function buildAll(): Promise<boolean> {
  for (const args of [
    ['vite', 'build'],
    ['vite', 'build', '-c', 'vite.electron.config.ts', '--mode', 'main'],
    ['vite', 'build', '-c', 'vite.electron.config.ts', '--mode', 'preload'],
    ['vite', 'build', '-c', 'vite.console.config.ts'],
  ]) {
    if ((await run('npx', ['--no-install', ...args], { env: { VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } })) !== 0)
      return false;
  }
  return true;
}
