/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// A page that says, in plain French, why the desk cannot show or do what was asked (404, 403),
// and where to go instead. Nothing was written.
import { DeskLayout, type Instructor } from './layout.tsx';

/** @example documentOf(<DeskProblemPage title="Demande introuvable" message="…" />) */
export function DeskProblemPage(props: { title: string; message: string; instructor?: Instructor }) {
  return (
    <DeskLayout title={props.title} {...(props.instructor ? { instructor: props.instructor } : {})}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/desk">Retour à la boîte de réception</a>
      </p>
    </DeskLayout>
  );
}
