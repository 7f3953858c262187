import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { islandStringsSchema, rejectUnknownKeys } from './lib/i18n/schema';

// Starlight's keys plus every island key (`trainer.start`, with plural forms such as
// `bench.done_other`): a dictionary that misses one, or holds a key nobody declared, fails the build.
const i18n = i18nSchema({ extend: islandStringsSchema() });

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({
    loader: i18nLoader(),
    schema: i18n.superRefine(rejectUnknownKeys(Object.keys(i18n.shape))),
  }),
};
