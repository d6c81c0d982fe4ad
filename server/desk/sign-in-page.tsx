/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// Signing in to the desk, and finding a request by reference: identifier and code, paste
// allowed, no puzzle (WCAG 3.3.8); errors name the field and say what to do.
import { ErrorSummary, FieldError, fieldAttributes, type FieldProblem } from '../pages/index.ts';
import { DeskLayout, type Instructor } from './layout.tsx';

/** @example documentOf(<DeskSignInPage next="/desk" problems={[]} />) */
export function DeskSignInPage(props: { next: string; login?: string; problems: readonly FieldProblem[] }) {
  return (
    <DeskLayout title="Connexion" hasErrors={props.problems.length > 0}>
      <ErrorSummary problems={props.problems} />
      <h1>Connexion à l’instruction</h1>
      <p>Entrez votre identifiant d’agent instructeur et votre code. Vous pouvez coller le code.</p>
      <form method="post" action="/desk/sign-in" class="sign-in" novalidate>
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="login">Identifiant</label>
          <FieldError problems={props.problems} field="login" />
          <input id="login" name="login" type="text" autocomplete="username" autocapitalize="off" spellcheck={false} value={props.login ?? ''} {...fieldAttributes(props.problems, 'login')} />
        </div>
        <div class="field">
          <label for="code">Code</label>
          <FieldError problems={props.problems} field="code" />
          <input id="code" name="code" type="password" autocomplete="current-password" {...fieldAttributes(props.problems, 'code')} />
        </div>
        <button type="submit">Se connecter</button>
      </form>
    </DeskLayout>
  );
}

/** @example documentOf(<FindRequestPage instructor={me} problems={[]} />) */
export function FindRequestPage(props: { instructor: Instructor; reference?: string; problems: readonly FieldProblem[] }) {
  return (
    <DeskLayout title="Retrouver une demande" instructor={props.instructor} current="/desk/requests" hasErrors={props.problems.length > 0}>
      <ErrorSummary problems={props.problems} />
      <h1>Retrouver une demande</h1>
      <form method="get" action="/desk/requests" class="search" novalidate>
        <label for="reference">Référence de la demande</label>
        <p class="hint" id="reference-hint">
          8 lettres et chiffres, avec ou sans tiret. Par exemple : 7KQ4-M2XD
        </p>
        <FieldError problems={props.problems} field="reference" />
        <input id="reference" name="reference" type="text" autocapitalize="characters" spellcheck={false} value={props.reference ?? ''} {...fieldAttributes(props.problems, 'reference', { hint: true })} />
        <button type="submit">Rechercher</button>
      </form>
    </DeskLayout>
  );
}
