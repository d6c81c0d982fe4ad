/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The desk's frame: the staff layout with the desk's navigation and stylesheet.
import type { Child } from 'hono/jsx';
import { StaffLayout } from '../pages/index.ts';

/** The signed-in instructor. */
export interface Instructor {
  id: string;
  name: string;
  /** Names of the services whose requests they handle. */
  services: string[];
}

export const DESK_NAV = [
  { href: '/desk', label: 'Boîte de réception' },
  { href: '/desk/requests', label: 'Retrouver une demande' },
] as const;

export function DeskLayout(props: { title: string; instructor?: Instructor; current?: string; hasErrors?: boolean; children?: Child }) {
  return (
    <StaffLayout
      title={props.title}
      area="Instruction"
      stylesheet="/desk/desk.css"
      {...(props.instructor ? { user: { name: props.instructor.name, detail: props.instructor.services.join(', ') } } : {})}
      nav={DESK_NAV}
      {...(props.current ? { current: props.current } : {})}
      signOutAction="/desk/sign-out"
      hasErrors={props.hasErrors ?? false}
    >
      {props.children}
    </StaffLayout>
  );
}
