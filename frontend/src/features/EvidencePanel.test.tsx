import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { jsonResponse, renderScreen } from '../test/render';
import { EvidencePanel } from './EvidencePanel';

interface FakeOptions {
  onProgress?: (sent: number, total: number) => void;
  onChunkComplete?: (chunk: number, accepted: number, total: number) => void;
  onShouldRetry?: (err: { originalResponse: null }, attempt: number, options: unknown) => boolean;
  onSuccess?: () => void;
}

const made = vi.hoisted(() => [] as { options: FakeOptions }[]);
vi.mock('tus-js-client', () => ({
  Upload: class {
    options: FakeOptions;
    constructor(_file: File, options: FakeOptions) {
      this.options = options;
      made.push(this);
    }
    start() {}
    abort() {
      return Promise.resolve();
    }
  },
}));

describe('upload progress', () => {
  it('moves only with the bytes the server confirmed (tus offset) and names the sizes with a unit', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ items: [], total: 0 })));
    renderScreen(<EvidencePanel caseId="c1" canWrite />);
    const user = userEvent.setup();
    const file = new File([new Uint8Array(2_000_000)], 'statement.pdf', { type: 'application/pdf' });
    await user.upload(screen.getByLabelText('Choose files'), file);
    expect(made).toHaveLength(1);
    const up = made[0]!.options;
    const bar = screen.getByRole('progressbar', { name: 'Upload of statement.pdf' });

    // Handed to the browser, not yet confirmed (the connection may be gone): the bar does not move.
    act(() => up.onProgress?.(1_900_000, 2_000_000));
    expect(bar).toHaveAttribute('value', '0');
    expect(screen.getByRole('status')).toHaveTextContent('0 MB of 2 MB (0 %)');

    // The server answered with Upload-Offset 800 000.
    act(() => up.onChunkComplete?.(800_000, 800_000, 2_000_000));
    expect(bar).toHaveAttribute('value', '800000');
    expect(screen.getByRole('status')).toHaveTextContent('0.8 MB of 2 MB (40 %)');

    // The connection drops: still what the server holds, and it says it retries.
    act(() => void up.onShouldRetry?.({ originalResponse: null }, 0, {}));
    act(() => up.onProgress?.(2_000_000, 2_000_000));
    expect(bar).toHaveAttribute('value', '800000');
    expect(screen.getByRole('status')).toHaveTextContent('Connection lost: retrying… · 0.8 MB of 2 MB (40 %)');

    act(() => up.onChunkComplete?.(1_200_000, 2_000_000, 2_000_000));
    act(() => up.onSuccess?.());
    expect(screen.getByRole('status')).toHaveTextContent('Uploaded · 2 MB');
    vi.unstubAllGlobals();
  });
});
