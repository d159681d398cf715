/** An element of index.html by id: a missing one is a bug in the page, said loudly. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}

/**
 * Elements of the page by id, looked up once, when a panel mounts: what arrives after its page
 * was emptied at sign-out (an answer in flight) then writes to detached elements, harmlessly.
 */
export function elementsOf<const K extends string>(...ids: K[]): Record<K, HTMLElement> {
  return Object.fromEntries(ids.map((id) => [id, byId(id)])) as Record<K, HTMLElement>;
}

/** A fresh copy of one of index.html's templates: a user's page is made anew at each sign-in. */
export function fromTemplate(id: string): DocumentFragment {
  return byId<HTMLTemplateElement>(id).content.cloneNode(true) as DocumentFragment;
}

/** A table cell or list item's text, never HTML: event data is user input. */
export function cell(tag: 'td' | 'li' | 'code', text: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

/** What a list or table shows when it holds nothing: a sentence, never blank space. */
export function emptyRow(tag: 'li' | 'tr', text: string, columns = 1): HTMLElement {
  const row = document.createElement(tag);
  row.className = 'empty';
  if (tag === 'li') row.textContent = text;
  else {
    const only = cell('td', text);
    only.setAttribute('colspan', String(columns));
    row.append(only);
  }
  return row;
}
