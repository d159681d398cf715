/**
 * The README's table of the domain a project ships, rendered from its catalog: the aggregates
 * with their commands (and the roles each needs), events and unique values, the projections
 * with their read models, the workflows with their roles, the events they take and their
 * timers. The template's README holds it between these markers; a unit test renders it from the
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
    /** Its unique rules, by name. */
    readonly unique?: Readonly<Record<string, unknown>>;
  }[];
  readonly handlers: readonly {
    readonly name: string;
    readonly kind: string;
    readonly collections?: readonly string[];
    readonly roles?: readonly string[];
    readonly events?: Readonly<Record<string, unknown>>;
    /** A workflow's timers, by name. */
    readonly timers?: Readonly<Record<string, unknown>>;
  }[];
}

const code = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(', ');
const withRoles = (name: string, roles: readonly string[] = []) =>
  `\`${name}\`${roles.length > 0 ? ` (${roles.join(', ')})` : ''}`;

export function domainReadme(catalog: DomainCatalog): string {
  // The column of unique values only when some aggregate has one.
  const unique = catalog.aggregates.some((aggregate) => Object.keys(aggregate.unique ?? {}).length > 0);
  const aggregates = catalog.aggregates.map(({ type, commands, events, unique: rules = {} }) => {
    const listed = Object.entries(commands).map(([name, { roles }]) => withRoles(name, roles));
    const row = `| \`${type}\` | ${listed.join(', ')} | ${code(Object.keys(events))} |`;
    return unique ? `${row} ${code(Object.keys(rules))} |` : row;
  });
  const projections = catalog.handlers
    .filter(({ kind }) => kind === 'projection')
    .map(({ name, collections = [] }) => `| \`${name}\` | ${code(collections)} |`);
  const workflows = catalog.handlers
    .filter(({ kind }) => kind === 'workflow')
    .map(
      ({ name, roles, events = {}, timers = {} }) =>
        `| ${withRoles(name, roles)} | ${code(Object.keys(events))} | ${code(Object.keys(timers))} |`,
    );
  return [
    DOMAIN_START,
    '',
    unique
      ? '| Aggregate | Commands (roles) | Events | Unique in the tenant |'
      : '| Aggregate | Commands (roles) | Events |',
    unique ? '| --- | --- | --- | --- |' : '| --- | --- | --- |',
    ...aggregates,
    ...(projections.length > 0 ? ['', '| Projection | Read models |', '| --- | --- |', ...projections] : []),
    ...(workflows.length > 0
      ? ['', '| Workflow (roles) | Events it takes | Timers |', '| --- | --- | --- |', ...workflows]
      : []),
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
