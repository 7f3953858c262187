/**
 * The e2e tests' static server is the scripts' own (`scripts/lib/static-server.ts`): the
 * offline test uses it for the one check that must change a file between two requests (a new
 * `sw.js`, as a new deploy would), since `astro preview` reads its files once at start-up.
 */
export { type StaticServer, serveFolder as serveBuild } from '../../scripts/lib/static-server.ts';
