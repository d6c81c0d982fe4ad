// Request validators: a route names what it reads (JSON body, query) with a zod schema, and
// the typed client (`hc<AppType>`) learns the same shapes from the route's type.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { GuichetError, type ProblemError } from './errors.ts';
import { parseSafeJson } from './safe-json.ts';

/** Bodies of JSON routes; submissions, which carry attachments, declare their own. */
export const JSON_BODY_LIMIT = 64 * 1024;

/** Zod's messages in French, as every refusal of this server is worded. */
export const frenchErrors = z.locales.fr().localeError;

function issuesOf(error: z.ZodError): ProblemError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

/** Refuses a body over `maxBytes` with 413, from Content-Length when given, before reading on. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new GuichetError(
        'body-too-large',
        `Le corps de la requête dépasse ${Math.floor(maxBytes / 1024)} Kio.`,
      );
    },
  });
}

const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Reads the body as JSON (415 unless `application/json`), refuses prototype keys and deep
 * nesting, then checks it with the schema (400 with one error per problem).
 */
export function jsonBody<S extends z.ZodType>(
  schema: S,
): MiddlewareHandler<any, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  return async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (!JSON_MEDIA_TYPE.test(type.trim()))
      throw new GuichetError(
        'unsupported-media-type',
        `Cette adresse n'accepte que du JSON (Content-Type: application/json), pas « ${type || 'rien'} ».`,
      );
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch (error) {
      if (error instanceof GuichetError) throw error;
      throw new GuichetError('malformed-json', "Le corps de la requête n'est pas de l'UTF-8 valide.");
    }
    c.req.addValidatedData('json', checkJsonText(schema, text) as object);
    await next();
  };
}

/**
 * JSON text from a stranger checked as a body is: depth and prototype keys (400), then the
 * schema (400 `invalid-body`, one error per problem). For a body inside a body, once opened.
 */
export function checkJsonText<S extends z.ZodType>(schema: S, text: string): z.output<S> {
  const parsed = schema.safeParse(parseSafeJson(text), { error: frenchErrors });
  if (!parsed.success)
    throw new GuichetError('invalid-body', 'Le corps de la requête ne respecte pas le format attendu.', {
      errors: issuesOf(parsed.error),
    });
  return parsed.data;
}

/** Checks the query string with the schema (400 when it does not fit). */
export function query<S extends z.ZodType>(
  schema: S,
): MiddlewareHandler<any, string, { in: { query: z.input<S> }; out: { query: z.output<S> } }> {
  return async (c, next) => {
    const parsed = schema.safeParse(c.req.query(), { error: frenchErrors });
    if (!parsed.success)
      throw new GuichetError('invalid-query', "Les paramètres de l'adresse ne sont pas valides.", {
        errors: issuesOf(parsed.error),
      });
    c.req.addValidatedData('query', parsed.data as object);
    await next();
  };
}
