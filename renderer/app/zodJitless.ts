/**
 * Imported first by main.tsx, before any schema exists: zod must not compile parsers with
 * `new Function`. The CSP forbids eval, and zod's probe for it would be reported as a CSP
 * violation even though zod catches the error. (Schemas read this setting when they are built.)
 */
import { z } from 'zod';

z.config({ jitless: true });
