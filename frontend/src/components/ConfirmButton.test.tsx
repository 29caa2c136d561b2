import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';

import { initI18n } from '../i18n';
import { ConfirmButton } from './ConfirmButton';

describe('<ConfirmButton>', () => {
  it('acts only after the question is confirmed; Cancel does nothing; the opener can be a primary button', async () => {
    const i18n = initI18n('en');
    const onConfirm = vi.fn();
    render(
      <I18nextProvider i18n={i18n}>
        <ConfirmButton className="btn btn--primary" question="Submit “Case A” for review?" confirmLabel="Yes, submit for review" onConfirm={onConfirm}>
          Submit for review
        </ConfirmButton>
      </I18nextProvider>,
    );
    const user = userEvent.setup();
    const opener = screen.getByRole('button', { name: 'Submit for review' });
    expect(opener).toHaveClass('btn', 'btn--primary');
    expect(opener).not.toHaveClass('btn--small');
    expect(opener).toHaveAttribute('aria-haspopup', 'dialog');
    await user.click(opener);
    expect(screen.getByRole('dialog', { hidden: true })).toHaveAccessibleName('Submit “Case A” for review?');
    await user.click(screen.getByRole('button', { name: 'Cancel', hidden: true }));
    expect(onConfirm).not.toHaveBeenCalled();
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Yes, submit for review', hidden: true }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
