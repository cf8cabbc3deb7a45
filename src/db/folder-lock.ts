// One process at a time on an embedded database folder: two PGlite processes on one folder both "succeed" and
// silently lose committed rows. The lock is a file created exclusively that names the holder's process; a lock
// whose process no longer exists (killed with -9, machine restarted) is taken over at once.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface FolderLock {
  release(): void;
}

export class FolderLockedError extends Error {
  constructor(readonly path: string, readonly holderPid: number) {
    super(`${path} is locked by process ${holderPid}`);
  }
}

function holderOf(lockPath: string): { pid: number; host: string } | null {
  try {
    const [pid, host] = readFileSync(lockPath, 'utf8').split('\n');
    return { pid: Number(pid), host: host ?? '' };
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockFolder(lockPath: string): FolderLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n${hostname()}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (holderOf(lockPath)?.pid === process.pid) unlinkSync(lockPath);
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = holderOf(lockPath);
      // A lock from another machine (a shared folder) cannot be checked: treat it as held.
      if (holder && (holder.host !== hostname() || isAlive(holder.pid))) throw new FolderLockedError(lockPath, holder.pid);
      try {
        unlinkSync(lockPath); // the holder is gone
      } catch {
        // another process removed it first; try again
      }
    }
  }
  throw new FolderLockedError(lockPath, holderOf(lockPath)?.pid ?? 0);
}
