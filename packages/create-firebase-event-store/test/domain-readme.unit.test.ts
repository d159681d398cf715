import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOMAIN_END, DOMAIN_START, domainReadme, withDomain } from '../src/domain-readme.js';
import { catalog } from '../template/functions/src/catalog.js';

const README = new URL('../template/README.md', import.meta.url);
/** The table as text, whatever padding prettier gave its cells. */
const cells = (markdown: string) =>
  markdown
    .replace(/ *\| */g, '|')
    .replace(/-{3,}/g, '---')
    .trim();

describe("the template's README (unit)", () => {
  it('shows the domain the template ships, as its catalog says: aggregates, commands with roles, events, projections', () => {
    const readme = readFileSync(README, 'utf8');
    const table = readme.slice(readme.indexOf(DOMAIN_START), readme.indexOf(DOMAIN_END) + DOMAIN_END.length);
    expect(cells(table)).toBe(cells(domainReadme(catalog)));
    expect(table).toContain('`OpenList` (editor)');
    expect(table).toContain('`TodoSummary`');
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
    expect(() => withDomain('no table', other)).toThrow(/no domain table/);
  });
});
