/**
 * The README's table of the domain a project ships, rendered from its catalog: the aggregates
 * with their commands (and the roles each needs) and events, the projections with their read
 * models. The template's README holds it between these markers; a unit test renders it from the
 * template's catalog and fails when the README says something else.
 */
export const DOMAIN_START = '<!-- domain: rendered from functions/src/catalog.ts -->';
export const DOMAIN_END = '<!-- /domain -->';

/** As much of a catalog (@firebase-event-store/kernel's defineCatalog) as the table shows. */
export interface DomainCatalog {
  readonly aggregates: readonly {
    readonly type: string;
    readonly commands: Readonly<Record<string, { readonly roles?: readonly string[] }>>;
    readonly events: Readonly<Record<string, unknown>>;
  }[];
  readonly handlers: readonly {
    readonly name: string;
    readonly kind: string;
    readonly collections?: readonly string[];
  }[];
}

const code = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');

export function domainReadme(catalog: DomainCatalog): string {
  const aggregates = catalog.aggregates.map(({ type, commands, events }) => {
    const listed = Object.entries(commands).map(
      ([name, { roles = [] }]) => `\`${name}\`${roles.length > 0 ? ` (${roles.join(', ')})` : ''}`,
    );
    return `| \`${type}\` | ${listed.join(', ')} | ${code(Object.keys(events))} |`;
  });
  const projections = catalog.handlers
    .filter(({ kind }) => kind === 'projection')
    .map(({ name, collections = [] }) => `| \`${name}\` | ${code(collections)} |`);
  return [
    DOMAIN_START,
    '',
    '| Aggregate | Commands (roles) | Events |',
    '| --- | --- | --- |',
    ...aggregates,
    ...(projections.length > 0 ? ['', '| Projection | Read models |', '| --- | --- |', ...projections] : []),
    '',
    DOMAIN_END,
  ].join('\n');
}

/** `readme` with its domain table replaced by `catalog`'s. */
export function withDomain(readme: string, catalog: DomainCatalog): string {
  const start = readme.indexOf(DOMAIN_START);
  const end = readme.indexOf(DOMAIN_END);
  if (start < 0 || end < start) throw new Error(`The README has no domain table (${DOMAIN_START} ... ${DOMAIN_END})`);
  return readme.slice(0, start) + domainReadme(catalog) + readme.slice(end + DOMAIN_END.length);
}
