// Requests that Node's HTTP parser refuses before the app sees them (a broken request line or
// chunked body, a method with a body it cannot frame, headers over Node's 16 KiB) get a
// problem+json answer like every other refusal, instead of Node's bare "400 Bad Request".
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GuichetError, PROBLEM_CONTENT_TYPE, problemOf } from './errors.ts';

const REASON: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' };

/** The whole HTTP answer to a request Node could not parse; the connection closes after it. */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const problem = problemOf(
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new GuichetError('headers-too-large', 'Les en-têtes de la requête sont trop volumineux.')
      : new GuichetError('malformed-request', "La requête HTTP est mal formée : le serveur n'a pas pu la lire."),
  );
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${REASON[problem.status]}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Answers the server's client errors with problem+json. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that has gone: nobody to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    socket.end(clientErrorResponse(error));
  });
}
