/** The backend probe's result, kept in sessionStorage so later figures in the tab skip the probe. */
import type { BackendName } from '../../worker/protocol';

const PROBE_KEY = 'partial-ce:backend';

export function rememberProbe(name: BackendName, label: string, reason: string): void {
  try {
    sessionStorage.setItem(
      PROBE_KEY,
      JSON.stringify({
        name,
        reason: `${label} was fastest in this tab’s first probe (${reason.replace(/^fastest in a short probe: /, '')})`,
      }),
    );
  } catch {
    // Storage may be disabled; the next figure then probes again.
  }
}

export function recallProbe(): { name: BackendName; reason: string } | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(PROBE_KEY) ?? 'null') as {
      name?: unknown;
      reason?: unknown;
    } | null;
    if (
      value &&
      (value.name === 'wasm' || value.name === 'webgl' || value.name === 'cpu') &&
      typeof value.reason === 'string'
    ) {
      return { name: value.name, reason: value.reason };
    }
  } catch {
    // A malformed entry is ignored: the figure probes again.
  }
  return null;
}
