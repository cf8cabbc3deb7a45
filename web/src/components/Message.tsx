import type { ReactNode } from 'react';

/** A notice in the page: errors are announced to screen readers at once, the rest politely. */
export function Message({ kind, children, id }: { kind: 'error' | 'info' | 'success' | 'warning'; children: ReactNode; id?: string }) {
  return (
    <div id={id} className={`message message-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
