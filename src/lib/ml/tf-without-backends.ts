/**
 * `@tensorflow/tfjs` without the backends it bundles (cpu and WebGL), its converter and its
 * data API: what the site's own build reads instead of `@tensorflow/tfjs` (a `resolve.alias`
 * in `astro.config.mjs`), so the training worker downloads only the backend it starts, each
 * in a chunk of its own (`loadBackendModule` in `./backend.ts`). Node, the scripts and the
 * tests keep the whole package. The guide's code uses only core and layers; a name missing
 * here would be `undefined` in the browser, and `tests/unit/ml-tf-without-backends.test.ts`
 * checks that every name the guide's source takes from `@tensorflow/tfjs` is here.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
