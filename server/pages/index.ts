// Shared pieces of the staff pages (desk today; console and reception when they move to hono/jsx).
export { ErrorSummary } from './error-summary.tsx';
export { FieldError, fieldAttributes, type FieldProblem } from './field-error.tsx';
export { StaffLayout, documentOf, type NavLink, type StaffLayoutProps } from './layout.tsx';
export { Table, type Column } from './table.tsx';
export { Day, Time } from './time.tsx';
