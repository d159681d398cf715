import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOMAIN_END, DOMAIN_START, domainReadme, withDomain, type DomainCatalog } from '../src/domain-readme.js';
import { catalog } from '../template/functions/src/catalog.js';

const README = new URL('../template/README.md', import.meta.url);
/** The table as text, whatever padding prettier gave its cells. */
const cells = (markdown: string) =>
  markdown
    .replace(/ *\| */g, '|')
    .replace(/-{3,}/g, '---')
    .trim();

describe("the template's README (unit)", () => {
  it('shows the domain the template ships, as its catalog says: aggregates, commands with roles, events, unique values, projections, workflows', () => {
    const readme = readFileSync(README, 'utf8');
    const table = readme.slice(readme.indexOf(DOMAIN_START), readme.indexOf(DOMAIN_END) + DOMAIN_END.length);
    expect(cells(table)).toBe(cells(domainReadme(catalog)));
    expect(table).toContain('`OpenList` (editor)');
    expect(table).toContain('`TodoSummary`');
    expect(cells(table)).toContain('|`TodoList`|');
    expect(cells(table)).toContain('|`title`|');
    expect(cells(table)).toContain('|`ListDeadline` (scheduler)|`ListOpened`, `ListClosed`|`Close`|');
  });

  it('renders another domain in place of the table', () => {
    const other = {
      aggregates: [{ type: 'Invoice', commands: { Issue: { roles: ['billing'] }, Void: {} }, events: { Issued: {} } }],
      handlers: [],
    };
    const readme = withDomain(`intro\n${DOMAIN_START}\nold\n${DOMAIN_END}\noutro`, other);
    expect(readme).toContain('| `Invoice` | `Issue` (billing), `Void` | `Issued` |');
    expect(readme).not.toContain('old');
    expect(readme).not.toContain('Projection');
    expect(readme).not.toContain('Unique');
    expect(readme).not.toContain('Workflow');
    expect(() => withDomain('no table', other)).toThrow(/no domain table/);
  });

  it('adds the unique values of each aggregate, and the workflows, when the catalog has some', () => {
    const other: DomainCatalog = {
      aggregates: [
        { type: 'Invoice', commands: { Issue: {} }, events: { Issued: {} }, unique: { number: () => 1 } },
        { type: 'Payment', commands: { Pay: {} }, events: { Paid: {} } },
      ],
      handlers: [
        {
          name: 'Dunning',
          kind: 'workflow',
          roles: ['billing'],
          events: { Issued: {}, Paid: {} },
          timers: { Remind: {} },
        },
      ],
    };
    const table = domainReadme(other);
    expect(table).toContain('| Aggregate | Commands (roles) | Events | Unique in the tenant |');
    expect(table).toContain('| `Invoice` | `Issue` | `Issued` | `number` |');
    expect(table).toContain('| `Payment` | `Pay` | `Paid` |  |');
    expect(table).toContain('| `Dunning` (billing) | `Issued`, `Paid` | `Remind` |');
    expect(table).not.toContain('Projection');
  });
});
