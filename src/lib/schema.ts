/**
 * Zod, configured once for every schema of the site. Zod compiles object parsers with
 * `new Function` after probing whether eval is allowed; under the site's content security
 * policy (no 'unsafe-eval') the probe itself is reported as a violation, so the compiler is
 * switched off. Our schemas parse small objects (a manifest, a saved plan), so speed is moot.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
