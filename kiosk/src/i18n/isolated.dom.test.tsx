// Names in sentences, isolated (issue 22, part 6 on the kiosk): a right-to-left override typed
// in a resident's name reversed the rest of the mediator's banner; inside a <bdi> it reorders
// nothing outside the name, and the words read are the same.
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, t } from './i18n.ts';
import { tIsolated } from './isolated.tsx';

afterEach(cleanup);

describe('tIsolated', () => {
  it('puts each name of a French sentence in its own <bdi>, the text unchanged', async () => {
    await setLocale('fr');
    const names = { helper: 'Marc Durand', resident: 'Jeanne \u202Eetit' };
    const { container } = render(<p>{tIsolated('mediation.banner.text', names)}</p>);
    expect([...container.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['Marc Durand', 'Jeanne \u202Eetit']);
    expect(container.textContent).toBe(t('mediation.banner.text', names));
    // The sentence's own words stay outside the isolates.
    const outside = [...container.querySelector('p')!.childNodes].filter((n) => n.nodeName === '#text').map((n) => n.textContent).join('');
    expect(outside.trim()).not.toBe('');
    expect(outside).not.toContain('Jeanne');
  });

  it('does the same in an Arabic sentence with a Latin name', async () => {
    await setLocale('ar');
    const { container } = render(<p>{tIsolated('agents.signedInAs', { name: 'Marc Durand' })}</p>);
    expect(container.querySelector('bdi')?.textContent).toBe('Marc Durand');
    expect(container.textContent).toBe(t('agents.signedInAs', { name: 'Marc Durand' }));
    await setLocale('fr');
  });
});
