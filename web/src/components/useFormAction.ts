// A form's request in flight: the form is busy while it runs, and shows what went wrong if it fails.
import { useState } from 'react';

export interface FormAction {
  busy: boolean;
  error: unknown;
  /**
   * Runs `action` with the form busy and the last error cleared. A failure is kept in `error` and
   * frees the form; so does success, unless `leaves` says the action leaves the form (it navigates
   * away or closes it), which then stays busy so that it cannot be sent twice.
   */
  run: (action: () => Promise<void>, options?: { leaves?: boolean }) => Promise<void>;
}

export function useFormAction(): FormAction {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>, { leaves = false }: { leaves?: boolean } = {}) {
    setBusy(true);
    setError(null);
    try {
      await action();
      if (!leaves) setBusy(false);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return { busy, error, run };
}
