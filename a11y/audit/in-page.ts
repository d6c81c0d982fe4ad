// Checks that run inside the kiosk's page (passed to page.evaluate): each is self-contained,
// reads the rendered DOM and computed styles, and returns problems as sentences.

export interface DomExpectations {
  lang: string;
  dir: 'ltr' | 'rtl';
  town: string;
  /** "Étape N sur M" as a regular expression source, on step screens. */
  progress?: string;
  /** The title starts with this on an error screen ("Erreur : "). */
  errorPrefix?: string;
}

export interface DomReport {
  problems: string[];
  /** Visible text of each main action and its pictogram, to check "same idea, same pictogram". */
  actions: Array<[string, string]>;
  /** The banner's tools, in order, with their position, to check "same place on every screen". */
  tools: Array<{ label: string; x: number; y: number }>;
}

/** DOM checks of targets 4 (title), 5 (sizes, spacing), 10, 11, 18, 20, 21, 24, 25 and 2 (clickables). */
export function domChecks(x: DomExpectations): DomReport {
  const problems: string[] = [];
  const describe = (el: Element) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
  };
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none' && !el.closest('[inert]');
  };
  const dialog = document.querySelector('dialog[open]');
  const scope: ParentNode = dialog ?? document;

  // 21: one h1, landmarks.
  const h1s = [...document.querySelectorAll('h1')];
  if (h1s.length !== 1) problems.push(`21: ${h1s.length} h1 elements (expected 1)`);
  for (const [sel, name] of [
    ['body > #app header, body header.banner', 'banner'],
    ['main', 'main'],
    ['footer', 'contentinfo'],
  ] as const)
    if (document.querySelectorAll(sel).length !== 1) problems.push(`21: landmark ${name} missing or repeated`);

  // 18: language and direction of the document; languages named in their own language.
  const html = document.documentElement;
  if (html.lang !== x.lang) problems.push(`18: <html lang="${html.lang}"> (expected ${x.lang})`);
  if (html.dir !== x.dir) problems.push(`18: <html dir="${html.dir}"> (expected ${x.dir})`);
  for (const b of document.querySelectorAll('.language-button'))
    if (!b.getAttribute('lang')) problems.push(`18: language button without lang: ${describe(b)}`);

  // 18: pictograms that point a direction are mirrored in right-to-left languages.
  for (const p of document.querySelectorAll('.pictogram--directional')) {
    if (!p.getClientRects().length) continue;
    const m = getComputedStyle(p).transform;
    const mirrored = m.startsWith('matrix(-1');
    if (mirrored !== (x.dir === 'rtl')) problems.push(`18: directional pictogram ${mirrored ? '' : 'not '}mirrored in ${x.dir}: ${describe(p.parentElement ?? p)}`);
  }

  // 4: title.
  const title = document.title;
  if (!title.trim()) problems.push('4: empty <title>');
  if (x.town && !title.includes(x.town)) problems.push(`4: title "${title}" does not name the town`);
  if (x.errorPrefix !== undefined && !title.startsWith(x.errorPrefix)) problems.push(`12: error title "${title}" does not start with "${x.errorPrefix}"`);

  // 10: step screens say "Step N of M" and their question is the h1 (label or legend).
  if (x.progress) {
    const progress = document.querySelector('main .progress')?.textContent?.trim() ?? '';
    if (!new RegExp(x.progress).test(progress)) problems.push(`10: progress "${progress}" does not match ${x.progress}`);
    const h1 = h1s[0];
    if (h1 && !h1.closest('legend') && !h1.querySelector('label')) problems.push('10: the question h1 is neither a label nor a legend');
  }

  // 11: forms.
  for (const form of document.querySelectorAll('form')) if (!form.noValidate) problems.push(`11: form without novalidate`);
  for (const b of document.querySelectorAll('button:disabled, input[type=submit]:disabled')) problems.push(`11: disabled button ${describe(b)}`);
  for (const input of document.querySelectorAll<HTMLInputElement>('input, textarea, select')) {
    if (input.type === 'hidden') continue;
    if (input.getAttribute('placeholder')) problems.push(`11: placeholder used ${describe(input)}`);
    const labelled = (input.labels?.length ?? 0) > 0 || input.getAttribute('aria-labelledby');
    if (!labelled) problems.push(`11: input without a visible label ${describe(input)}`);
    const ac = input.getAttribute('autocomplete') ?? '';
    if (/postal-code|bday-(day|month|year)|tel/.test(ac) && input.inputMode !== 'numeric' && input.type !== 'tel')
      problems.push(`11: digits without inputmode=numeric ${describe(input)}`);
  }

  // 5: targets 48 x 48 (primary 64), 8 px apart. A radio or checkbox counts with its label.
  const interactive = [...scope.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')];
  const boxes: Array<{ el: Element; r: { l: number; t: number; r: number; b: number } }> = [];
  for (const el of interactive) {
    if (el.classList.contains('skip-link')) continue;
    const parts: Element[] = [el];
    if (el instanceof HTMLInputElement && el.labels) parts.push(...el.labels);
    const shown = parts.filter(visible);
    if (!shown.length) continue;
    const rs = shown.map((p) => p.getBoundingClientRect());
    const r = {
      l: Math.min(...rs.map((q) => q.left)),
      t: Math.min(...rs.map((q) => q.top)),
      r: Math.max(...rs.map((q) => q.right)),
      b: Math.max(...rs.map((q) => q.bottom)),
    };
    const w = r.r - r.l;
    const h = r.b - r.t;
    const min = el.classList.contains('button--primary') ? 64 : 48;
    if (w < min - 0.5 || h < min - 0.5) problems.push(`5: target ${Math.round(w)}x${Math.round(h)} < ${min}: ${describe(el)}`);
    boxes.push({ el, r });
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const dx = Math.max(0, b.r.l - a.r.r, a.r.l - b.r.r);
      const dy = Math.max(0, b.r.t - a.r.b, a.r.t - b.r.b);
      const gap = Math.max(dx, dy);
      if (gap < 7.5) problems.push(`5: targets ${gap.toFixed(1)} px apart: ${describe(a.el)} / ${describe(b.el)}`);
    }

  // 2: something that looks clickable but cannot be reached with Tab.
  const focusable = 'a[href], button, input, select, textarea, summary, label, [tabindex]';
  for (const el of scope.querySelectorAll<HTMLElement>('body *')) {
    if (getComputedStyle(el).cursor !== 'pointer' || !visible(el)) continue;
    if (el.closest(focusable)) continue;
    problems.push(`2: clickable element outside the tab order ${describe(el)}`);
  }

  // 20: every main action has a pictogram and visible text.
  const actions: Array<[string, string]> = [];
  for (const el of scope.querySelectorAll<HTMLElement>('.button, .tool')) {
    if (!visible(el)) continue;
    const pictos = [...el.querySelectorAll('[data-pictogram]')].map((p) => p.getAttribute('data-pictogram') ?? '');
    const label = [...el.childNodes]
      .filter((n) => !(n instanceof Element && (n.classList.contains('visually-hidden') || n.hasAttribute('data-pictogram'))))
      .map((n) => n.textContent)
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    if (!pictos.length) problems.push(`20: main action without pictogram ${describe(el)}`);
    if (!label) problems.push(`20: main action without visible text ${describe(el)}`);
    if (pictos[0] && label) actions.push([label, pictos[0]]);
  }

  // 24: reading comfort.
  const zero = document.createElement('canvas').getContext('2d');
  for (const p of document.querySelectorAll<HTMLElement>('main p, main li, dialog p')) {
    if (!visible(p)) continue;
    const s = getComputedStyle(p);
    const size = parseFloat(s.fontSize);
    const lh = s.lineHeight === 'normal' ? 1.2 * size : parseFloat(s.lineHeight);
    if (lh < 1.5 * size - 0.5) problems.push(`24: line height ${lh}px < 1.5 x ${size}px ${describe(p)}`);
    if (!['start', 'left', 'right'].includes(s.textAlign) || (s.textAlign === 'left' && x.dir === 'rtl') || (s.textAlign === 'right' && x.dir === 'ltr'))
      problems.push(`24: text-align ${s.textAlign} ${describe(p)}`);
    if (zero) {
      zero.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const ch = zero.measureText('0').width;
      const chars = p.getBoundingClientRect().width / ch;
      if (chars > 80.5 && (p.textContent ?? '').length > 80) problems.push(`24: line of ${Math.round(chars)} characters ${describe(p)}`);
    }
  }

  // 25: the accessibility page is reachable from every screen.
  if (!document.querySelector('footer a[href="/accessibilite"]')) problems.push('25: no link to the accessibility page');

  const tools = [...document.querySelectorAll<HTMLElement>('.tools .tool')].map((t) => {
    const r = t.getBoundingClientRect();
    return { label: (t.textContent ?? '').trim(), x: Math.round(x.dir === 'rtl' ? innerWidth - r.right : r.left), y: Math.round(r.top + scrollY) };
  });
  return { problems, actions, tools };
}

/** Target 8: no horizontal scroll, nothing clipped. */
export function reflowChecks(): string[] {
  const problems: string[] = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`8: horizontal scroll (${root.scrollWidth} > ${root.clientWidth})`);
  const dialog = document.querySelector('dialog[open]');
  for (const el of (dialog ?? document).querySelectorAll<HTMLElement>('body *, dialog *')) {
    if (el.closest('.visually-hidden, .visually-hidden-focusable, svg, .skip-link')) continue;
    // A text box scrolls its own text: that is not content lost.
    if (el.matches('input, textarea, select')) continue;
    const s = getComputedStyle(el);
    if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
    if (s.overflowX === 'auto' || s.overflowY === 'auto' || s.overflowX === 'scroll' || s.overflowY === 'scroll') continue;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      problems.push(`8: clipped content in <${el.tagName.toLowerCase()} class="${el.className}">`);
  }
  // Text wider than the screen (a word that does not wrap) even without a scrollbar.
  for (const el of document.querySelectorAll<HTMLElement>('main *, header *, footer *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > innerWidth + 1 || r.left < -1) && !el.closest('.visually-hidden, .skip-link, svg'))
      problems.push(`8: <${el.tagName.toLowerCase()} class="${el.className}"> sticks out of the screen`);
  }
  return [...new Set(problems)].slice(0, 20);
}

/** Target 9: forced colours keep every control's boundary. */
export function forcedColourChecks(): string[] {
  const problems: string[] = [];
  const dialog = document.querySelector('dialog[open]');
  for (const el of (dialog ?? document).querySelectorAll<HTMLElement>('.button, .tool, .language-button, .procedure-card, .choice-card__label, input.input, textarea.input')) {
    const r = el.getBoundingClientRect();
    if (r.width < 2) continue;
    const s = getComputedStyle(el);
    const bordered = ['Top', 'Right', 'Bottom', 'Left'].every(
      (side) => s.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' && parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)) >= 1,
    );
    if (!bordered) problems.push(`9: no boundary in forced colours: <${el.tagName.toLowerCase()} class="${el.className}">`);
  }
  return problems;
}

/** Target 9: nothing moves (reduced motion or the "pause animations" setting). */
export function runningAnimations(): string[] {
  return document
    .getAnimations()
    .filter((a) => a.playState === 'running' && Number(a.effect?.getComputedTiming().duration ?? 0) > 1)
    .map((a) => `9: animation still running: ${(a as CSSAnimation).animationName ?? a.id ?? 'unnamed'}`);
}

/** Where the keyboard is: a descriptor of the focused element, and its box with its labels. */
export function focusedStop(): {
  key: string;
  sig: string;
  box: { x: number; y: number; w: number; h: number };
  page: { x: number; y: number };
  inDialog: boolean;
} | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body || el === document.documentElement) return null;
  if (!el.dataset.auditStop) el.dataset.auditStop = String(Math.random()).slice(2, 10);
  const parts: Element[] = [el];
  // A radio, a checkbox or a hidden file input is drawn by its label: its ring is there.
  if (el instanceof HTMLInputElement && el.labels && (['radio', 'checkbox', 'file'].includes(el.type))) parts.push(...el.labels);
  const rs = parts.map((p) => p.getBoundingClientRect()).filter((r) => r.width > 1 && r.height > 1);
  const l = Math.min(...rs.map((r) => r.left));
  const t = Math.min(...rs.map((r) => r.top));
  const r = Math.max(...rs.map((q) => q.right));
  const b = Math.max(...rs.map((q) => q.bottom));
  const type = el instanceof HTMLInputElement ? `[${el.type}]` : '';
  const sig = `${el.tagName.toLowerCase()}${type}.${[...el.classList].sort().join('.')}`;
  // Page coordinates: Tab scrolls the page, so viewport ones are not comparable between stops.
  return { key: el.dataset.auditStop, sig, box: { x: l, y: t, w: r - l, h: b - t }, page: { x: l + scrollX, y: t + scrollY }, inDialog: !!el.closest('dialog') };
}

/** Every element the keyboard should reach, as `data-audit-stop` keys (assigned here). */
export function tabbables(): string[] {
  const dialog = document.querySelector('dialog[open]');
  const scope = dialog ?? document;
  const out: string[] = [];
  const radiosSeen = new Set<string>();
  for (const el of scope.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')) {
    if (el.tabIndex < 0 || (el as HTMLButtonElement).disabled) continue;
    if (el.closest('[inert]') || (!dialog && el.closest('dialog'))) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none' || !el.getClientRects().length) continue;
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      // A radio group is one stop: the checked radio, or the first.
      if (radiosSeen.has(el.name)) continue;
      const group = [...scope.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${el.name}"]`)];
      radiosSeen.add(el.name);
      const stop = group.find((g) => g.checked) ?? group[0]!;
      if (!stop.dataset.auditStop) stop.dataset.auditStop = String(Math.random()).slice(2, 10);
      out.push(stop.dataset.auditStop);
      continue;
    }
    if (!el.dataset.auditStop) el.dataset.auditStop = String(Math.random()).slice(2, 10);
    out.push(el.dataset.auditStop);
  }
  return out;
}

/** Target 3: focused vs unfocused pixels (PNG data URLs): area changed at 3:1 or more. */
export async function focusDiff(shots: { before: string; after: string }): Promise<{ changed: number; total: number }> {
  // Through an image: the kiosk's CSP lets data: images in (img-src), not a fetch (connect-src 'self').
  const decode = async (url: string) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    return ctx.getImageData(0, 0, image.naturalWidth, image.naturalHeight);
  };
  const [a, b] = await Promise.all([decode(shots.before), decode(shots.after)]);
  const lum = (d: Uint8ClampedArray, i: number) => {
    const f = (c: number) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(d[i]!) + 0.7152 * f(d[i + 1]!) + 0.0722 * f(d[i + 2]!);
  };
  let changed = 0;
  const n = Math.min(a.data.length, b.data.length);
  for (let i = 0; i < n; i += 4) {
    const la = lum(a.data, i);
    const lb = lum(b.data, i);
    const ratio = (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    if (ratio >= 3) changed++;
  }
  return { changed, total: n / 4 };
}

/** Target 3: the focused element is not covered (elementFromPoint at its centre and corners). */
export function focusCovered(): string | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el) return null;
  const target = el instanceof HTMLInputElement && el.labels?.[0] && el.getBoundingClientRect().width <= 1 ? el.labels[0] : el;
  const r = target.getBoundingClientRect();
  const points = [
    [r.left + r.width / 2, r.top + r.height / 2],
    [r.left + 3, r.top + 3],
    [r.right - 3, r.bottom - 3],
  ];
  for (const [px, py] of points) {
    if (px! < 0 || py! < 0 || px! > innerWidth || py! > innerHeight) continue;
    const hit = document.elementFromPoint(px!, py!);
    if (!hit) continue;
    const ok = target.contains(hit) || hit.contains(target) || (el instanceof HTMLInputElement && [...(el.labels ?? [])].some((l) => l.contains(hit) || hit.contains(l))) || hit.closest('.choice-card')?.contains(el);
    if (!ok) return `3: focused element covered by <${hit.tagName.toLowerCase()} class="${hit.className}">`;
  }
  return null;
}
