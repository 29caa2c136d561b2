import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/**
 * While `when` holds (edits the server does not have yet), leaving asks first: an in-app link shows
 * a dialog, closing or reloading the tab the browser's own warning. Signing out is not held up (it
 * clears this device's drafts by design).
 */
export function LeaveGuard({ when }: { when: boolean }) {
  const { t } = useTranslation('drafts');
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname && nextLocation.pathname !== '/signin');
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (!when) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ''; // older browsers need it set
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [when]);

  const blocked = blocker.state === 'blocked';
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (blocked && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!blocked && d.open) {
      if (typeof d.close === 'function') d.close();
      else d.removeAttribute('open');
    }
  }, [blocked]);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="leave-q" aria-describedby="leave-d" onClose={() => blocker.state === 'blocked' && blocker.reset()} data-testid="leave-dialog">
      <p id="leave-q" className="dialog__question">{t('leave.question')}</p>
      <p id="leave-d">{t('leave.detail')}</p>
      <div className="dialog__actions">
        <button type="button" className="btn btn--primary" autoFocus onClick={() => blocker.state === 'blocked' && blocker.reset()}>
          {t('leave.stay')}
        </button>
        <button type="button" className="btn" onClick={() => blocker.state === 'blocked' && blocker.proceed()}>
          {t('leave.leave')}
        </button>
      </div>
    </dialog>
  );
}
