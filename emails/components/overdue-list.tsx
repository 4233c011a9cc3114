import type { OwnerGroup } from '../model.js';
import { color, font, small, text } from './theme.js';

/**
 * Leads past the SLA without a first contact, grouped by owner (unassigned first), each with the
 * person's name linked to the CRM record (a plain <a>: inline, no extra markup), company and wait.
 */
export function OverdueList({ groups, more }: { groups: OwnerGroup[]; more: string | null }) {
  return (
    <>
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
        <tbody>
          {groups.map((g, i) => (
            <tr key={i}>
              <td style={{ fontFamily: font, padding: '8px 0', borderBottom: `1px solid ${color.border}` }}>
                <p style={{ ...text, fontWeight: 700 }}>
                  {g.owner} {g.ownerNote && <strong style={{ ...small, color: '#7A1E00' }}>({g.ownerNote}) </strong>}
                  <span style={{ ...small, fontWeight: 400 }}>· {g.summary}</span>
                </p>
                {g.leads.map((l, j) => (
                  <p
                    key={j}
                    style={{
                      fontSize: '13px',
                      lineHeight: '18px',
                      color: color.text,
                      margin: '6px 0 0 0',
                      wordBreak: 'break-word',
                    }}
                  >
                    {l.url ? (
                      <a href={l.url} style={{ color: color.link, textDecoration: 'underline' }}>
                        {l.title}
                      </a>
                    ) : (
                      l.title
                    )}
                    {l.company && <span style={{ color: color.muted }}>, {l.company}</span>}
                    <br />
                    <span style={{ color: color.muted }}>
                      {l.email && <>{l.email} · </>}
                      {l.channel} · {l.created} · <strong style={{ color: '#7A1E00' }}>{l.overdue}</strong>
                      {l.ownerNote && <> · {l.ownerNote}</>}
                    </span>
                  </p>
                ))}
                {g.more && <p style={{ ...small, marginTop: '4px' }}>{g.more}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && <p style={{ ...small, marginTop: '6px' }}>{more}</p>}
    </>
  );
}
