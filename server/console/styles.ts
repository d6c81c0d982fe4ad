// The console's one stylesheet, served as a file so that a strict CSP needs no 'unsafe-inline'.
// Touch targets are at least 48 px; focus is a thick outline that shows on every background.
// The staff pages honour the person's own display settings: text sizes in rem follow the
// browser's text size, and the system's dark mode, more contrast and forced colours each get
// their palette (the kiosk's settings live in its page and end with the session).
export const CONSOLE_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --link: #0a4ea8; --line: #8a8a8a;
  --alert-bg: #fff1e0; --alert-edge: #a33c00; --focus: #1b1b1b; --focus-halo: #ffd23f; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.125rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 3px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 3px; box-shadow: 0 0 0 7px var(--focus-halo); }
main:focus { outline: none; box-shadow: none; }
.skip { position: absolute; left: 0.5rem; top: -4rem; padding: 0.75rem 1rem; background: #fff; z-index: 1; }
.skip:focus { top: 0.5rem; }
.bar { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: center; padding: 0.75rem 1.5rem; border-bottom: 4px solid var(--link); }
.brand { font-weight: 700; margin: 0; }
.bar ul, .filters, .pages, .totals { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
.bar a, .filters a, .pages a { display: inline-flex; align-items: center; min-height: 48px; padding: 0 0.5rem; }
[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.bar form { margin-left: auto; }
main { padding: 1rem 1.5rem 3rem; max-width: 90rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 1rem 0; }
h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; }
button { font: inherit; font-weight: 600; min-height: 48px; min-width: 48px; padding: 0.5rem 1.25rem; border: 2px solid var(--link);
  border-radius: 6px; background: var(--link); color: #fff; cursor: pointer; }
button:hover { background: #083b80; }
button.secondary { background: #fff; color: var(--link); }
button.secondary:hover { background: #e8effa; }
.banner { border: 2px solid var(--alert-edge); border-left-width: 12px; background: var(--alert-bg); padding: 0.25rem 1.25rem 0.75rem; margin: 1rem 0 2rem; }
.banner h2 { margin-top: 0.75rem; }
.notice { border-left: 8px solid #1d6b33; background: #eaf6ec; padding: 0.75rem 1rem; }
.error-summary { border: 4px solid #b00020; padding: 0 1rem 0.5rem; margin-bottom: 1.5rem; }
.error { color: #b00020; font-weight: 600; margin: 0.25rem 0; }
.totals li a { display: block; min-height: 48px; padding: 0.5rem 1rem; border: 2px solid var(--line); border-radius: 6px; text-decoration: none; }
.totals .number { display: block; font-size: 1.75rem; font-weight: 700; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--ink); }
td form { margin: 0; }
.error-text { max-width: 32rem; }
.field { margin: 1rem 0 1.5rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
input[type="password"], input[type="text"] { font: inherit; min-height: 48px; width: min(100%, 36rem); padding: 0.5rem; border: 2px solid var(--ink); border-radius: 4px; }
input[aria-invalid="true"] { border-color: #b00020; border-width: 3px; }
.hint { margin: 0.25rem 0; color: var(--muted, #3a3a3a); }
.setup-address code { overflow-wrap: anywhere; font-size: 1rem; }
.setup-qr svg { width: 16rem; max-width: 100%; height: auto; background: #fff; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  :root { color-scheme: dark; --ink: #f1f1f1; --muted: #c9c9c9; --link: #9cc3ff; --line: #8f8f8f;
    --alert-bg: #3b2200; --alert-edge: #ffb36b; --focus: #f1f1f1; --focus-halo: #ffd23f; }
  body, .skip { background: #121212; }
  button { color: #0b0b0b; }
  button:hover { background: #c3dbff; }
  button.secondary { background: #121212; color: var(--link); }
  button.secondary:hover { background: #1d2a3d; }
  .notice { border-left-color: #6fd08c; background: #10301a; }
  .error-summary, input[aria-invalid="true"] { border-color: #ff8a9a; }
  .error { color: #ff8a9a; }
}
@media (prefers-contrast: more) {
  :root { --muted: var(--ink); --line: var(--ink); }
  a { text-decoration-thickness: 2px; }
}
@media (forced-colors: active) {
  :focus-visible { outline-color: Highlight; box-shadow: none; }
  button { border-color: ButtonText; }
}
`;
