import { describe, expect, it } from 'vitest';
import { CHAPTER_SLUGS } from '../../src/lib/site/chapters';
import { authorWeeklyHours, createRoadmap, roadmapChapters } from '../../src/lib/site/roadmap';

describe('the roadmap on the landing pages', () => {
  const stages = createRoadmap();

  it('walks all nine chapters once, in reading order', () => {
    expect(roadmapChapters(stages)).toEqual([...CHAPTER_SLUGS]);
  });

  it("gives the first stage the article's figure: 10 hours a week for 13 weeks, about 130 hours", () => {
    expect(authorWeeklyHours()).toBe(10);
    const first = stages.find((stage) => stage.id === 'first-stage');
    expect(first).toMatchObject({ hours: 130, source: 'article' });
  });

  it('marks every other figure as an estimate', () => {
    expect(stages.filter((stage) => stage.source === 'article').map((stage) => stage.id)).toEqual([
      'first-stage',
    ]);
    for (const stage of stages) expect(stage.hours).toBeGreaterThan(0);
  });
});
