/**
 * Interface keys of the static components used in the chapters (`src/components/`: Outcomes,
 * SelfCheck, Roadmap) and the service worker's update prompt (`starlight/Footer.astro`),
 * checked in both dictionaries by `src/content.config.ts`.
 */
export const SITE_KEYS = [
  'chapter.outcomes',
  'chapter.selfCheck.label',
  'chapter.selfCheck.intro',
  'roadmap.label',
  'roadmap.hours',
  'roadmap.source.article',
  'roadmap.source.estimate',
  'roadmap.note',
  'roadmap.stage.start.title',
  'roadmap.stage.start.summary',
  'roadmap.stage.first-stage.title',
  'roadmap.stage.first-stage.summary',
  'roadmap.stage.tools.title',
  'roadmap.stage.tools.summary',
  'roadmap.stage.first-model.title',
  'roadmap.stage.first-model.summary',
  'roadmap.stage.next-stage.title',
  'roadmap.stage.next-stage.summary',
  'offline.updateReady',
  'offline.reload',
] as const;
