import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The button's visible text. */
  children: ReactNode;
  /** Accessible name when the visible text alone is ambiguous (e.g. "Remove" in a table row). */
  ariaLabel?: string;
  /** What the confirmation dialog asks. */
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
  /** The opener's classes when the default small button does not fit (e.g. the page's primary action). */
  className?: string;
}

/** A button that asks for confirmation in a modal <dialog> (keyboard: Esc cancels, focus stays inside). */
export function ConfirmButton({ children, ariaLabel, question, confirmLabel, onConfirm, disabled, danger, className }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const titleId = useId();

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!open && d.open) {
      if (typeof d.close === 'function') d.close();
      else d.removeAttribute('open');
    }
  }, [open]);

  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };

  return (
    <>
      <button
        ref={opener}
        type="button"
        className={className ?? (danger ? 'btn btn--danger btn--small' : 'btn btn--small')}
        aria-label={ariaLabel}
        aria-haspopup="dialog"
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {children}
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={titleId} onClose={() => setOpen(false)}>
        <p id={titleId} className="dialog__question">
          {question}
        </p>
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={close} autoFocus>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={danger ? 'btn btn--danger' : 'btn btn--primary'}
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
