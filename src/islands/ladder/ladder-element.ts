/**
 * `<ml-ladder>`: fills the "your result" column of chapter 8's ladder table from the figures
 * the CIFAR-10 trainer kept in localStorage, and updates a row when a run of that rung's
 * preset finishes on this page (the trainer's `ml-ladder-result` event).
 */
import { formatPercent } from '../../lib/trainer-view/format';
import {
  READER_LADDER_KEY,
  type ReaderFigure,
  readReaderFigures,
} from '../../lib/trainer-view/ladder-figures';
import { IslandElement } from '../shared/island';
import { pageLang, readStrings, type Translate } from '../shared/strings';

export class LadderElement extends IslandElement {
  private t!: Translate;
  private locale = 'en';

  protected mount(): void {
    this.t = readStrings(this);
    this.locale = pageLang();
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(READER_LADDER_KEY);
    } catch {
      stored = null; // Storage blocked: the column stays "not run yet".
    }
    for (const [presetId, figure] of Object.entries(readReaderFigures(stored))) this.show(presetId, figure);
    document.addEventListener('ml-ladder-result', (event) => {
      const { presetId, ...figure } = (event as CustomEvent<ReaderFigure & { presetId: string }>).detail;
      this.show(presetId, figure);
    });
  }

  private show(presetId: string, figure: ReaderFigure): void {
    const cell = this.querySelector<HTMLElement>(`[data-yours="${CSS.escape(presetId)}"]`);
    if (!cell) return;
    cell.textContent = this.t('picture.ladder.table.yoursValue', {
      accuracy: formatPercent(figure.accuracy, this.locale, 1),
      date: new Date(figure.savedAt).toLocaleDateString(this.locale, { dateStyle: 'medium' }),
    });
    cell.dataset.accuracy = String(figure.accuracy);
  }
}
