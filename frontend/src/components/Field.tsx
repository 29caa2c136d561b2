import { useId, type ReactNode } from 'react';

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
}

/**
 * A labelled form control with an optional hint under it: `children` gets the id and the
 * aria-describedby to spread on the input or select.
 */
export function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: (control: FieldControlProps) => ReactNode }) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
