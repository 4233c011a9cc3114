import type { Delta } from '../model.js';
import { toneColor } from './theme.js';

/** Sign and percentage as text, arrow for colour-blind readers, colour by good/bad. */
export function DeltaBadge({ delta }: { delta: Delta | null }) {
  if (!delta) return null;
  const { fg, bg } = toneColor[delta.tone];
  return (
    <span
      style={{
        display: 'inline-block',
        padding: '2px 6px',
        borderRadius: '10px',
        fontSize: '12px',
        lineHeight: '16px',
        fontWeight: 600,
        color: fg,
        backgroundColor: bg,
      }}
    >
      {delta.arrow ? `${delta.arrow}\u00a0` : ''}
      {delta.text}
    </span>
  );
}
