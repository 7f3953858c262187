import { createAuthorSchedule } from '../plan/schedule';
import type { ChapterSlug } from './chapters';

/**
 * The route drawn on the landing pages: the nine chapters grouped into stages, each with
 * an hour figure. Only the first stage's figure comes from the article (the author's
 * week, kept for 3 months); the others are our estimates, and the page says so.
 */

/** The author's 3 months, in weeks (as in the study plan). */
export const FIRST_STAGE_WEEKS = 13;

/** Hours in the author's week: Monday, Wednesday and Friday evenings plus the weekend. */
export function authorWeeklyHours(): number {
  return createAuthorSchedule('2026-01-05')
    .days.filter((day) => day.enabled)
    .reduce((total, day) => total + day.hours, 0);
}

export interface RoadmapStage {
  /** Key of the stage's strings: `roadmap.stage.<id>.title` and `.summary`. */
  id: 'start' | 'first-stage' | 'tools' | 'first-model' | 'next-stage';
  chapters: readonly ChapterSlug[];
  hours: number;
  /** `article`: the author's own schedule; `estimate`: ours, derived in `basis`. */
  source: 'article' | 'estimate';
}

export function createRoadmap(): RoadmapStage[] {
  const week = authorWeeklyHours();
  return [
    // Reading two chapters and filling in the study plan: an evening or two.
    { id: 'start', chapters: ['decide', 'study-rhythm'], hours: 4, source: 'estimate' },
    {
      id: 'first-stage',
      chapters: ['minimum-math', 'first-course'],
      hours: week * FIRST_STAGE_WEEKS,
      source: 'article',
    },
    // Python's idioms, NumPy and pandas, a framework's tutorial, the datasets: 3 weeks of the author's rhythm.
    {
      id: 'tools',
      chapters: ['language-and-framework', 'datasets', 'hardware'],
      hours: week * 3,
      source: 'estimate',
    },
    // The CIFAR-10 scripts and the 86 → 93% exercise, one change at a time: 2 weeks.
    { id: 'first-model', chapters: ['first-model'], hours: week * 2, source: 'estimate' },
    // A second course-length pass (CS229 again, or a field's first course), as long as the first.
    { id: 'next-stage', chapters: ['beyond'], hours: week * FIRST_STAGE_WEEKS, source: 'estimate' },
  ];
}

/** Every chapter exactly once, in reading order: what the roadmap must cover. */
export function roadmapChapters(stages: readonly RoadmapStage[]): ChapterSlug[] {
  return stages.flatMap((stage) => [...stage.chapters]);
}
