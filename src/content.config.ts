import { defineCollection } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({
    loader: i18nLoader(),
    // Starlight's schema is loose: our own UI strings (islands, root page) sit beside its
    // keys under flat dotted names such as `trainer.start`.
    schema: i18nSchema(),
  }),
};
